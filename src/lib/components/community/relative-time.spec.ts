import { describe, expect, it } from 'vitest';
import { formatDateTime } from '$lib/i18n/format';
import { relativeTime } from './relative-time';

const now = Date.UTC(2026, 10, 26, 12, 0, 0);
const MINUTE = 60_000;

describe('relativeTime', () => {
	it.each([
		[0, 'just now'],
		[30_000, 'just now'],
		[-5 * MINUTE, 'just now'],
		[MINUTE, '1 minute ago'],
		[5 * MINUTE, '5 minutes ago'],
		[3 * 60 * MINUTE, '3 hours ago'],
		[24 * 60 * MINUTE, 'yesterday'],
		[3 * 24 * 60 * MINUTE, '3 days ago']
	])('says %d ms ago is %j', (ago, said) => {
		expect(relativeTime(now - ago, now)).toBe(said);
	});

	it('gives the date itself after a week', () => {
		const then = now - 10 * 24 * 60 * MINUTE;
		expect(relativeTime(then, now)).toBe(formatDateTime(then));
	});
});
