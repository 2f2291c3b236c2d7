/**
 * "5 minutes ago", "yesterday", or a date: when something was written, in the person's language
 * through Intl. Older than a week shows the date itself, which reads better than "3 weeks ago".
 * Device clocks lie, so a time a little in the future reads as "just now" rather than "in 2
 * minutes".
 */
import { formatDateTime, relativeFormat } from '$lib/i18n/format';
import { t } from '$lib/i18n/translate';
import '$lib/i18n/community-messages';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function relativeTime(ms: number, now: number = Date.now()): string {
	const ago = now - ms;
	if (ago < MINUTE) return t('community.time.justNow');
	const format = relativeFormat();
	if (ago < HOUR) return format.format(-Math.floor(ago / MINUTE), 'minute');
	if (ago < DAY) return format.format(-Math.floor(ago / HOUR), 'hour');
	if (ago < 7 * DAY) return format.format(-Math.floor(ago / DAY), 'day');
	return formatDateTime(ms);
}
