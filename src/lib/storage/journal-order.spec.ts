import { describe, expect, it } from 'vitest';
import { firstReads, orderRecord, parseOrder, sameOrder, unknownCount } from './journal-order';

describe('the journal order index', () => {
	const order = new Map([
		['old', 1],
		['new', 3],
		['mid', 2]
	]);

	it('round-trips through its record', () => {
		expect(parseOrder(JSON.parse(JSON.stringify(orderRecord(order))))).toEqual(order);
	});

	it.each([
		['null', null],
		['another version', { v: 2, entries: [] }],
		['no entries', { v: 1 }],
		['a pair that is not a pair', { v: 1, entries: [['a']] }],
		['a date that is not a number', { v: 1, entries: [['a', '3']] }],
		['an id that is not text', { v: 1, entries: [[3, 3]] }],
		['an endless date', { v: 1, entries: [['a', null]] }]
	])('is not trusted when it is %s', (_what, value) => {
		expect(parseOrder(value)).toBeNull();
	});

	it('opens first the ids it does not name, then the known ones newest first', () => {
		const ids = ['mid', 'stranger', 'old', 'new', 'other'];
		expect(firstReads(ids, order)).toEqual(['stranger', 'other', 'new', 'mid', 'old']);
		expect(unknownCount(ids, order)).toBe(2);
	});

	it('without an index, opens everything', () => {
		expect(firstReads(['b', 'a'], null)).toEqual(['b', 'a']);
		expect(unknownCount(['b', 'a'], null)).toBe(2);
	});

	it('compares ids and dates', () => {
		expect(sameOrder(order, new Map(order))).toBe(true);
		expect(sameOrder(order, new Map([...order, ['x', 1]]))).toBe(false);
		expect(sameOrder(order, new Map([...order].map(([id]) => [id, 9])))).toBe(false);
	});
});
