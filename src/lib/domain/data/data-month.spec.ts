import { describe, expect, it } from 'vitest';
import { addBytes, emptyMonth, estimateMonth, monthOf, readMonthTotals } from './data-month';

const november = {
	month: '2026-11',
	http: { sent: 500, received: 20_000 },
	sync: { sent: 300, received: 4_000 }
};

describe('the data meter’s month', () => {
	it('is the UTC month, as the server counts it', () => {
		expect(monthOf(Date.UTC(2026, 10, 30, 23, 59))).toBe('2026-11');
		expect(monthOf(Date.UTC(2026, 11, 1, 0, 0))).toBe('2026-12');
	});

	it('reads stored totals for the same month back', () => {
		expect(readMonthTotals(november, '2026-11')).toEqual(november);
	});

	it('starts a new month at zero', () => {
		expect(readMonthTotals(november, '2026-12')).toEqual(emptyMonth('2026-12'));
		const added = addBytes(november, '2026-12', 'sync', { received: 10 });
		expect(added).toEqual({ ...emptyMonth('2026-12'), sync: { sent: 0, received: 10 } });
	});

	it.each([
		['nothing', undefined],
		['a number', 7],
		['a list', [november]],
		['a negative count', { ...november, http: { sent: -1, received: 0 } }],
		['a count that is text', { ...november, sync: { sent: '3', received: 0 } }],
		['a missing kind', { month: '2026-11', http: november.http }],
		['a fraction', { ...november, sync: { sent: 0.5, received: 0 } }]
	])('reads %s as zero, never failing', (_, stored) => {
		expect(readMonthTotals(stored, '2026-11')).toEqual(emptyMonth('2026-11'));
	});

	it('adds bytes of one kind, ignoring nonsense', () => {
		const added = addBytes(november, '2026-11', 'http', { received: 1000, sent: Number.NaN });
		expect(added.http).toEqual({ sent: 500, received: 21_000 });
		expect(added.sync).toEqual(november.sync);
	});

	it('uses the server’s count for sync when it answered for this month', () => {
		const server = { month: '2026-11', sent: 9_000, received: 700 };
		expect(estimateMonth(november, server)).toEqual({
			sent: 500 + 700,
			received: 20_000 + 9_000,
			syncCountedBy: 'server'
		});
		expect(estimateMonth(november, { ...server, month: '2026-10' })).toEqual({
			sent: 800,
			received: 24_000,
			syncCountedBy: 'page'
		});
		expect(estimateMonth(november, null).syncCountedBy).toBe('page');
	});
});
