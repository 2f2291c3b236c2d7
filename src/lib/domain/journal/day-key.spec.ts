import { describe, expect, it } from 'vitest';
import { dayKey, shiftDayKey } from './day-key';

describe('dayKey', () => {
	const instant = Date.UTC(2024, 2, 10, 23, 30); // 2024-03-10 23:30 UTC

	it.each([
		['UTC', '2024-03-10'],
		['Asia/Kolkata', '2024-03-11'],
		['America/Los_Angeles', '2024-03-10'],
		['Pacific/Kiritimati', '2024-03-11'],
		['Pacific/Pago_Pago', '2024-03-10']
	])('%s → %s', (timeZone, expected) => {
		expect(dayKey(instant, timeZone)).toBe(expected);
	});

	it('throws on a time zone Intl does not know', () => {
		expect(() => dayKey(instant, 'Mars/Olympus_Mons')).toThrow(RangeError);
	});
});

describe('shiftDayKey', () => {
	it.each([
		['2024-03-10', 1, '2024-03-11'],
		['2024-02-28', 1, '2024-02-29'],
		['2023-02-28', 1, '2023-03-01'],
		['2024-01-01', -1, '2023-12-31'],
		['2024-03-31', -89, '2024-01-02'],
		['2024-03-10', 0, '2024-03-10']
	])('%s shifted by %d → %s', (day, days, expected) => {
		expect(shiftDayKey(day, days)).toBe(expected);
	});

	it('rejects what is not a day key', () => {
		expect(() => shiftDayKey('10/03/2024', 1)).toThrow(RangeError);
	});
});
