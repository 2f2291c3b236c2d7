/**
 * Calendar days as 'YYYY-MM-DD' keys: the local day a moment falls on, in a given time zone, and
 * day arithmetic on keys. Keys sort as strings, and a day is a day wherever DST moves the clock.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

// Building an Intl.DateTimeFormat is slow next to using one, and lists format thousands of dates.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day `ms` falls on in `timeZone` (an IANA name; the device's zone if omitted). */
export function dayKey(ms: number, timeZone?: string): string {
	const key = timeZone ?? '';
	let format = formatters.get(key);
	if (format === undefined) {
		format = new Intl.DateTimeFormat('en-CA', {
			timeZone,
			calendar: 'gregory',
			numberingSystem: 'latn',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit'
		});
		formatters.set(key, format);
	}
	let year = '';
	let month = '';
	let day = '';
	for (const part of format.formatToParts(ms)) {
		if (part.type === 'year') year = part.value.padStart(4, '0');
		else if (part.type === 'month') month = part.value;
		else if (part.type === 'day') day = part.value;
	}
	return `${year}-${month}-${day}`;
}

/** The day `days` after `day` (before, if negative). */
export function shiftDayKey(day: string, days: number): string {
	const match = DAY_KEY.exec(day);
	if (match === null) throw new RangeError(`Not a day key: ${day}`);
	const [, y = '', m = '', d = ''] = match;
	const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)) + days * DAY_MS);
	const year = String(date.getUTCFullYear()).padStart(4, '0');
	const month = String(date.getUTCMonth() + 1).padStart(2, '0');
	const dayOfMonth = String(date.getUTCDate()).padStart(2, '0');
	return `${year}-${month}-${dayOfMonth}`;
}
