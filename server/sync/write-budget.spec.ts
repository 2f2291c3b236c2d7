import { describe, expect, it } from 'vitest';
import {
	createWriteBudget,
	DEFAULT_COMMUNITY_LIMITS,
	tooManyChangesReason,
	type WriteBudgetOptions
} from './write-budget';

const HOUR = 60 * 60 * 1000;
const ROOM = 'community:anxiety:2026-11';

/** A budget on a clock the test moves. */
function budgetAt(options: Partial<WriteBudgetOptions> = {}) {
	let time = 1_700_000_000_000;
	const budget = createWriteBudget({
		community: {
			changes: { capacity: 10, perHour: 60 },
			bytes: { capacity: 1000, perHour: 600 }
		},
		now: () => time,
		...options
	});
	return { budget, pass: (ms: number) => (time += ms) };
}

const changes = (count: number) => ({ changes: count, bytes: 1 });

describe('createWriteBudget', () => {
	it('admits a burst up to the capacity, then refuses, saying how long until it fits', () => {
		const { budget } = budgetAt();
		for (let i = 0; i < 10; i++) expect(budget.charge('ana', ROOM, changes(1)).admitted).toBe(true);
		// 60 an hour: one change a minute.
		expect(budget.charge('ana', ROOM, changes(1))).toEqual({
			admitted: false,
			retryAfterMs: 60_000
		});
		expect(budget.charge('ana', ROOM, changes(3))).toEqual({
			admitted: false,
			retryAfterMs: 180_000
		});
	});

	it('refills with time, never past the capacity', () => {
		const { budget, pass } = budgetAt();
		expect(budget.charge('ana', ROOM, changes(10)).admitted).toBe(true);
		pass(60_000);
		expect(budget.charge('ana', ROOM, changes(1)).admitted).toBe(true);
		expect(budget.charge('ana', ROOM, changes(1)).admitted).toBe(false);
		pass(10 * HOUR);
		expect(budget.charge('ana', ROOM, changes(10)).admitted).toBe(true);
		expect(budget.charge('ana', ROOM, changes(1)).admitted).toBe(false);
	});

	it('costs nothing for a refused charge', () => {
		const { budget } = budgetAt();
		expect(budget.charge('ana', ROOM, changes(8)).admitted).toBe(true);
		expect(budget.charge('ana', ROOM, changes(5)).admitted).toBe(false);
		expect(budget.charge('ana', ROOM, changes(2)).admitted).toBe(true);
	});

	it('limits bytes as well as changes, and waits for the slower of the two', () => {
		const { budget } = budgetAt();
		expect(budget.charge('ana', ROOM, { changes: 1, bytes: 900 }).admitted).toBe(true);
		// 600 bytes an hour: 300 missing bytes take half an hour; the change would fit now.
		expect(budget.charge('ana', ROOM, { changes: 1, bytes: 400 })).toEqual({
			admitted: false,
			retryAfterMs: HOUR / 2
		});
	});

	it('lets a single charge over the whole capacity through when full, then pays the debt back', () => {
		const { budget, pass } = budgetAt();
		expect(budget.charge('ana', ROOM, changes(25)).admitted).toBe(true);
		// 15 owed, then 1 wanted: 16 minutes at one a minute.
		expect(budget.charge('ana', ROOM, changes(1))).toEqual({
			admitted: false,
			retryAfterMs: 16 * 60_000
		});
		pass(16 * 60_000);
		expect(budget.charge('ana', ROOM, changes(1)).admitted).toBe(true);
	});

	it('never leaves an oversized charge stuck: it waits until the bucket is full', () => {
		const { budget, pass } = budgetAt();
		expect(budget.charge('ana', ROOM, changes(4)).admitted).toBe(true);
		const refused = budget.charge('ana', ROOM, changes(40));
		expect(refused).toEqual({ admitted: false, retryAfterMs: 4 * 60_000 });
		if (refused.admitted) return;
		pass(refused.retryAfterMs);
		expect(budget.charge('ana', ROOM, changes(40)).admitted).toBe(true);
	});

	it('shares one budget across a community’s documents, and keeps people and places apart', () => {
		const { budget } = budgetAt();
		expect(budget.charge('ana', 'community:anxiety:2026-10', changes(6)).admitted).toBe(true);
		expect(budget.charge('ana', 'community:anxiety:2026-11', changes(4)).admitted).toBe(true);
		expect(budget.charge('ana', 'community:anxiety:2026-12', changes(1)).admitted).toBe(false);
		expect(budget.charge('ben', 'community:anxiety:2026-11', changes(10)).admitted).toBe(true);
		expect(budget.charge('ana', 'community:new-parents:2026-11', changes(10)).admitted).toBe(true);
	});

	it('counts no changes in a journal, only bytes, with a roomier budget', () => {
		const { budget } = budgetAt({
			journal: { changes: null, bytes: { capacity: 5000, perHour: 5000 } }
		});
		expect(budget.charge('ana', 'journal:ana', { changes: 500, bytes: 4000 }).admitted).toBe(true);
		expect(budget.charge('ana', 'journal:ana', { changes: 0, bytes: 2000 }).admitted).toBe(false);
		// The community budget is untouched by the journal.
		expect(budget.charge('ana', ROOM, changes(10)).admitted).toBe(true);
	});

	it('gives a refunded charge back, never past the capacity', () => {
		const { budget } = budgetAt();
		expect(budget.charge('ana', ROOM, changes(10)).admitted).toBe(true);
		budget.refund('ana', ROOM, changes(10));
		budget.refund('ana', ROOM, changes(10));
		expect(budget.charge('ana', ROOM, changes(10)).admitted).toBe(true);
		expect(budget.charge('ana', ROOM, changes(1)).admitted).toBe(false);
	});

	it('forgets budgets once they have refilled', () => {
		const { budget, pass } = budgetAt();
		budget.charge('ana', ROOM, changes(5));
		budget.charge('ben', ROOM, changes(1));
		expect(budget.size).toBe(2);
		pass(5 * 60_000);
		// Ana (5 missing) is full again after five minutes; Ben's charge brings him back.
		budget.charge('ben', ROOM, changes(1));
		expect(budget.size).toBe(1);
	});

	it('holds at most maxBudgets, dropping the least recently charged first', () => {
		const { budget } = budgetAt({ maxBudgets: 3 });
		for (const person of ['a', 'b', 'c']) budget.charge(person, ROOM, changes(10));
		budget.charge('a', ROOM, changes(0));
		budget.charge('d', ROOM, changes(10));
		expect(budget.size).toBe(3);
		// b was charged least recently, so b was forgotten and starts afresh; a and c were kept.
		expect(budget.charge('a', ROOM, changes(1)).admitted).toBe(false);
		expect(budget.charge('c', ROOM, changes(1)).admitted).toBe(false);
		expect(budget.charge('b', ROOM, changes(10)).admitted).toBe(true);
	});

	it('refuses limits that could never refill', () => {
		expect(() =>
			createWriteBudget({ community: { changes: { capacity: 10, perHour: 0 }, bytes: null } })
		).toThrow(RangeError);
	});

	it('has defaults that take an honest week offline in one go', () => {
		const budget = createWriteBudget();
		// 200 posts of 2,000 characters and 300 reactions, in 64 KiB pieces.
		for (let piece = 0; piece < 10; piece++) {
			expect(budget.charge('ana', ROOM, { changes: 50, bytes: 64 * 1024 }).admitted).toBe(true);
		}
		expect(DEFAULT_COMMUNITY_LIMITS.changes?.capacity).toBeGreaterThanOrEqual(500);
	});
});

describe('tooManyChangesReason', () => {
	it.each([
		[1, 'too-many-changes retry-after=1'],
		[1000, 'too-many-changes retry-after=1'],
		[1001, 'too-many-changes retry-after=2'],
		[HOUR, 'too-many-changes retry-after=3600']
	])('says %i ms as whole seconds, rounded up', (ms, reason) => {
		expect(tooManyChangesReason(ms)).toBe(reason);
	});
});
