/**
 * Dates, times and sizes in the person's language, through Intl (no locale data is shipped).
 *
 * Building an Intl formatter costs far more than using one, and a list formats a date per card,
 * so each kind of formatter is built once per language and kept.
 */
import { locale, t } from './translate';

const DAY_MS = 86_400_000;

const DATE_STYLES = {
	dayHeading: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
	time: { hour: 'numeric', minute: '2-digit' },
	dateTime: { dateStyle: 'medium', timeStyle: 'short' },
	isoDate: { dateStyle: 'medium', timeZone: 'UTC' },
	shortDate: { day: 'numeric', month: 'short', timeZone: 'UTC' }
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateStyle = keyof typeof DATE_STYLES;

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** The formatter for `style` in `lang` (the app's language by default), built once. */
export function dateFormat(style: DateStyle, lang: string = locale()): Intl.DateTimeFormat {
	return kept(
		dateFormats,
		`${lang}|${style}`,
		() => new Intl.DateTimeFormat(lang, DATE_STYLES[style])
	);
}

/** "yesterday", "3 hours ago": relative times in `lang`, built once. */
export function relativeFormat(lang: string = locale()): Intl.RelativeTimeFormat {
	return kept(relativeFormats, lang, () => new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }));
}

function numberFormat(digits: number, lang: string = locale()): Intl.NumberFormat {
	return kept(
		numberFormats,
		`${lang}|${digits}`,
		() => new Intl.NumberFormat(lang, { maximumFractionDigits: digits })
	);
}

function kept<T>(cache: Map<string, T>, key: string, make: () => T): T {
	let value = cache.get(key);
	if (value === undefined) {
		value = make();
		cache.set(key, value);
	}
	return value;
}

function dayKey(ms: number): string {
	const d = new Date(ms);
	return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** "Today", "Yesterday", or a full date such as "Monday 23 November 2026". */
export function formatDayHeading(dayMs: number, now: number = Date.now()): string {
	if (dayKey(dayMs) === dayKey(now)) return t('journal.today');
	if (dayKey(dayMs) === dayKey(now - DAY_MS)) return t('journal.yesterday');
	return dateFormat('dayHeading').format(dayMs);
}

export function formatTime(ms: number): string {
	return dateFormat('time').format(ms);
}

export function formatDateTime(ms: number): string {
	return dateFormat('dateTime').format(ms);
}

/** A calendar date given as YYYY-MM-DD, shown without shifting by time zone. */
export function formatIsoDate(isoDate: string): string {
	return dateFormat('isoDate').format(utcDay(isoDate));
}

export function formatShortDate(isoDate: string): string {
	return dateFormat('shortDate').format(utcDay(isoDate));
}

function utcDay(isoDate: string): number {
	const [y, m, d] = isoDate.split('-').map(Number);
	return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

export function formatBytes(bytes: number): string {
	const number = (value: number) => numberFormat(value < 10 ? 1 : 0).format(value);
	if (bytes < 1024) return t('units.bytes', { count: bytes });
	if (bytes < 1024 ** 2) return t('units.kb', { value: number(bytes / 1024) });
	if (bytes < 1024 ** 3) return t('units.mb', { value: number(bytes / 1024 ** 2) });
	return t('units.gb', { value: number(bytes / 1024 ** 3) });
}
