import { describe, expect, it } from 'vitest';
import { attemptDelayMs, FREE_ATTEMPTS } from './attempt-delay';

describe('attemptDelayMs', () => {
	it.each([
		[0, 0],
		[1, 0],
		[FREE_ATTEMPTS, 0],
		[FREE_ATTEMPTS + 1, 30_000],
		[FREE_ATTEMPTS + 2, 60_000],
		[FREE_ATTEMPTS + 3, 120_000],
		[FREE_ATTEMPTS + 7, 30 * 60_000],
		[1_000, 30 * 60_000]
	])('after %i wrong attempts waits %i ms', (failures, wait) => {
		expect(attemptDelayMs(failures)).toBe(wait);
	});
});
