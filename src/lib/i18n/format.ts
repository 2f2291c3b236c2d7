/**
 * Dates, times and sizes in the person's language, through Intl (no locale data is shipped).
 */
import { locale, t } from './translate';

const DAY_MS = 86_400_000;

function dayKey(ms: number): string {
	const d = new Date(ms);
	return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** "Today", "Yesterday", or a full date such as "Monday 23 November 2026". */
export function formatDayHeading(dayMs: number, now: number = Date.now()): string {
	if (dayKey(dayMs) === dayKey(now)) return t('journal.today');
	if (dayKey(dayMs) === dayKey(now - DAY_MS)) return t('journal.yesterday');
	return new Intl.DateTimeFormat(locale(), {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	}).format(dayMs);
}

export function formatTime(ms: number): string {
	return new Intl.DateTimeFormat(locale(), { hour: 'numeric', minute: '2-digit' }).format(ms);
}

export function formatDateTime(ms: number): string {
	return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** A calendar date given as YYYY-MM-DD, shown without shifting by time zone. */
export function formatIsoDate(isoDate: string): string {
	const [y, m, d] = isoDate.split('-').map(Number);
	return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
		Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)
	);
}

export function formatShortDate(isoDate: string): string {
	const [y, m, d] = isoDate.split('-').map(Number);
	return new Intl.DateTimeFormat(locale(), {
		day: 'numeric',
		month: 'short',
		timeZone: 'UTC'
	}).format(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

export function formatBytes(bytes: number): string {
	const number = (value: number) =>
		new Intl.NumberFormat(locale(), { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
	if (bytes < 1024) return t('units.bytes', { count: bytes });
	if (bytes < 1024 ** 2) return t('units.kb', { value: number(bytes / 1024) });
	if (bytes < 1024 ** 3) return t('units.mb', { value: number(bytes / 1024 ** 2) });
	return t('units.gb', { value: number(bytes / 1024 ** 3) });
}
