import { describe, expect, it } from 'vitest';
import {
	dateFormat,
	formatBytes,
	formatDateTime,
	formatIsoDate,
	formatShortDate,
	relativeFormat
} from './format';

const moment = Date.UTC(2026, 10, 23, 14, 5);

describe('formatters kept per language', () => {
	it.each(['en', 'fr', 'ar', 'ja', 'de-CH'])('formats in %s as a fresh formatter would', (lang) => {
		const fresh = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
		expect(dateFormat('dateTime', lang).format(moment)).toBe(fresh.format(moment));
		const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
		expect(relativeFormat(lang).format(-1, 'day')).toBe(relative.format(-1, 'day'));
	});

	it('keeps one formatter per language and style, and keeps languages apart', () => {
		expect(dateFormat('time', 'fr')).toBe(dateFormat('time', 'fr'));
		expect(dateFormat('time', 'fr')).not.toBe(dateFormat('time', 'en'));
		expect(dateFormat('time', 'fr')).not.toBe(dateFormat('dateTime', 'fr'));
		expect(relativeFormat('ar')).toBe(relativeFormat('ar'));
		expect(relativeFormat('ar').resolvedOptions().locale).toBe('ar');
	});

	it('formats dates in the app language', () => {
		expect(formatDateTime(moment)).toBe(dateFormat('dateTime', 'en').format(moment));
		expect(formatIsoDate('2026-03-01')).toBe('Mar 1, 2026');
		expect(formatShortDate('2026-03-01')).toBe('Mar 1');
		expect(formatBytes(1536)).toContain('1.5');
	});
});
