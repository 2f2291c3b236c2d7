import { describe, expect, it } from 'vitest';
import { formatHlc } from '../journal/hlc';
import {
	communityRoom,
	isMonthPart,
	monthOfHlc,
	monthOfTime,
	monthsToFollow,
	partOfRoom,
	previousMonth
} from './community-months';

const ROOM_NAME = /^[a-z0-9][a-z0-9:_-]{0,127}$/;

describe('community months', () => {
	it.each([
		[Date.UTC(2026, 10, 30, 23, 59, 59, 999), '2026-11'],
		[Date.UTC(2026, 11, 1, 0, 0, 0, 0), '2026-12'],
		[Date.UTC(2027, 0, 1), '2027-01']
	])('puts %d in %s by UTC', (ms, part) => {
		expect(monthOfTime(ms)).toBe(part);
		expect(monthOfHlc(formatHlc({ wall: ms, counter: 3, node: 'n' }))).toBe(part);
	});

	it.each([
		['2026-11', '2026-10'],
		['2026-01', '2025-12'],
		['2000-10', '2000-09']
	])('steps back from %s to %s', (part, previous) => {
		expect(previousMonth(part)).toBe(previous);
	});

	it('refuses to step back from something that is not a month', () => {
		expect(() => previousMonth('2026-13')).toThrow(RangeError);
	});

	it('names rooms the server accepts, and reads them back', () => {
		const room = communityRoom('anxiety', '2026-11');
		expect(room).toBe('community:anxiety:2026-11');
		expect(room).toMatch(ROOM_NAME);
		expect(partOfRoom('anxiety', room)).toBe('2026-11');
		expect(partOfRoom('anx', room)).toBeNull();
		expect(partOfRoom('anxiety', 'community:anxiety:recent')).toBeNull();
		expect(partOfRoom('anxiety', 'journal:x')).toBeNull();
	});

	it.each([
		['2026-11', true],
		['2026-00', false],
		['2026-1', false],
		['26-11', false],
		['2026-11x', false]
	])('%s is a month part: %s', (part, valid) => {
		expect(isMonthPart(part)).toBe(valid);
	});

	it('follows the current and previous month, authored ones and opened ones, newest first', () => {
		const now = Date.UTC(2026, 0, 10);
		expect(monthsToFollow({ now, authored: [], opened: [] })).toEqual(['2026-01', '2025-12']);
		expect(
			monthsToFollow({
				now,
				authored: ['2025-03', '2026-01', 'bad'],
				opened: ['2025-07', '2025-03']
			})
		).toEqual(['2026-01', '2025-12', '2025-07', '2025-03']);
	});
});
