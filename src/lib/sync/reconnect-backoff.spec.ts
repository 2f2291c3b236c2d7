import { describe, expect, it } from 'vitest';
import { backoffDelay } from './reconnect-backoff';

describe('backoffDelay', () => {
	it.each([
		[0, 1_000],
		[1, 2_000],
		[3, 8_000],
		[5, 32_000],
		[6, 60_000],
		[50, 60_000],
		[5_000, 60_000]
	])('after %i failed attempts waits less than %i ms', (attempt, window) => {
		expect(backoffDelay(attempt, () => 0)).toBe(0);
		expect(backoffDelay(attempt, () => 0.999_999)).toBe(Math.floor(0.999_999 * window));
		expect(backoffDelay(attempt, () => 0.5)).toBe(window / 2);
	});

	it('takes its window from the options', () => {
		expect(backoffDelay(2, () => 0.5, { baseMs: 100, capMs: 300 })).toBe(150);
	});
});
