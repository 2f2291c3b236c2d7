/**
 * How much one person may write, and how fast, before the sync endpoint asks them to slow down.
 *
 * A budget belongs to one identity (user id) in one community, shared by every connection that
 * person has open there, whatever month's document or device it is: limits follow people, not IP
 * addresses, because many rural people share one address behind carrier NAT. It holds two token
 * buckets, refilled continuously:
 *
 * - record changes, as the update gate counts them (threads, replies, reactions, marks, member
 *   entries written or deleted): this is what a flood is made of;
 * - bytes of what is new in each update: this bounds what one person can make the server store.
 *
 * The burst capacity is sized for the honest case the limits must never refuse: a week of posts
 * written offline by a heavy poster and synced at once. A flood spends the burst, then may go on
 * only at the refill rate.
 *
 * A charge is admitted when both buckets cover it. So that an honest client can never be stuck
 * behind a single message it cannot split further, a charge larger than a bucket's whole capacity
 * is admitted when that bucket is full; the bucket then runs into debt, bounded by one message,
 * which it pays back at the refill rate like any other spending. A refused charge costs nothing,
 * and says how long until the same charge would be admitted (`retryAfterMs`). Moderators have
 * the same budget as anyone: a cleanup sent as one update (many removals at once) passes whenever
 * their budget is full, by the same rule.
 *
 * A journal is its owner's own data and harms nobody else: it has no change budget (the gate
 * cannot count its encrypted records anyway), only a generous byte budget, there to bound the
 * disk one identity can fill, not to pace honest writing; years of entries fit in its burst.
 *
 * Memory stays bounded: a budget that has refilled is the same as a new one and is forgotten, and
 * past `maxBudgets` the least recently charged are dropped (forgiving what they owed).
 */

const HOUR_MS = 60 * 60 * 1000;
const MIB = 1024 * 1024;

export interface BucketLimit {
	/** What a full bucket holds: the largest burst. */
	capacity: number;
	/** Refilled per hour, continuously: the sustained rate. */
	perHour: number;
}

/** A room kind's limits; null means that dimension is not limited. */
export interface WriteLimits {
	changes: BucketLimit | null;
	bytes: BucketLimit | null;
}

export interface WriteBudgetOptions {
	/** Per person and community, over all of that community's documents. */
	community: WriteLimits;
	/** Per person, for their journal. */
	journal: WriteLimits;
	/** Budgets held at most; see the note above. */
	maxBudgets: number;
	now: () => number;
}

/**
 * 1,000 changes cover a heavy poster's week offline (200 posts, several hundred reactions and
 * edits) several times over; then one change every 30 s. 4 MiB covers 200 posts at the 10,000
 * character limit; then 2 MiB an hour.
 */
export const DEFAULT_COMMUNITY_LIMITS: WriteLimits = {
	changes: { capacity: 1_000, perHour: 120 },
	bytes: { capacity: 4 * MIB, perHour: 2 * MIB }
};

/** Thousands of encrypted entries fit in the burst (a long time offline, or a first sync). */
export const DEFAULT_JOURNAL_LIMITS: WriteLimits = {
	changes: null,
	bytes: { capacity: 64 * MIB, perHour: 32 * MIB }
};

export const DEFAULT_MAX_BUDGETS = 10_000;

/** Full budgets are looked for and forgotten at most this often (and whenever the map is full). */
const SWEEP_EVERY_MS = 60_000;

export interface WriteCost {
	/** Record changes in the update (the gate's count; 0 where it counts none). */
	changes: number;
	/** Bytes of the update as it will be stored. */
	bytes: number;
}

export type BudgetDecision = { admitted: true } | { admitted: false; retryAfterMs: number };

export interface WriteBudget {
	/** Charges `cost` to `userId`'s budget for `room`, unless it would pass the limits. */
	charge(userId: string, room: string, cost: WriteCost): BudgetDecision;
	/** Gives back an admitted charge whose update was not stored after all. */
	refund(userId: string, room: string, cost: WriteCost): void;
	/** Budgets held now (bounded by `maxBudgets`). */
	readonly size: number;
}

/** An update refused for being over its sender's budget: nothing of it was stored or relayed. */
export class OverBudgetError extends Error {
	override name = 'OverBudgetError';

	constructor(readonly retryAfterMs: number) {
		super(`Over the write budget; admitted again in ${Math.ceil(retryAfterMs / 1000)} s.`);
	}
}

/** The close reason for 4429 after an over-budget update; a client waits `retry-after` seconds. */
export function tooManyChangesReason(retryAfterMs: number): string {
	return `too-many-changes retry-after=${Math.max(1, Math.ceil(retryAfterMs / 1000))}`;
}

/** Levels at time `at`; a dimension without a limit keeps level 0 and is never consulted. */
interface Budget {
	changes: number;
	bytes: number;
	at: number;
	limits: WriteLimits;
}

export function createWriteBudget(options: Partial<WriteBudgetOptions> = {}): WriteBudget {
	const community = options.community ?? DEFAULT_COMMUNITY_LIMITS;
	const journal = options.journal ?? DEFAULT_JOURNAL_LIMITS;
	const maxBudgets = options.maxBudgets ?? DEFAULT_MAX_BUDGETS;
	const now = options.now ?? Date.now;
	for (const limit of [community.changes, community.bytes, journal.changes, journal.bytes]) {
		if (limit !== null && !(limit.capacity > 0 && limit.perHour > 0)) {
			throw new RangeError('A write limit needs a capacity and a refill rate above zero.');
		}
	}
	// Kept least recently charged first: a charge moves its budget to the end.
	const budgets = new Map<string, Budget>();
	let lastSweep = now();

	/** Community documents share their community's budget; a journal is its owner's. */
	function scopeOf(userId: string, room: string): { key: string; limits: WriteLimits } {
		const [kind, id] = room.split(':');
		if (kind === 'community' && id) return { key: `${userId}\ncommunity:${id}`, limits: community };
		if (kind === 'journal') return { key: `${userId}\njournal`, limits: journal };
		// Any other room (none in production) is limited like a community of its own.
		return { key: `${userId}\nroom:${room}`, limits: community };
	}

	/** The budget as it stands at `at`: a new one is full. */
	function current(key: string, limits: WriteLimits, at: number): Budget {
		const held = budgets.get(key);
		if (!held) {
			return { changes: capacityOf(limits.changes), bytes: capacityOf(limits.bytes), at, limits };
		}
		const elapsed = Math.max(0, at - held.at);
		return {
			changes: refill(held.changes, limits.changes, elapsed),
			bytes: refill(held.bytes, limits.bytes, elapsed),
			at,
			limits
		};
	}

	/** Forgets budgets that have refilled (a new one is the same); past the cap, the oldest too. */
	function sweep(at: number, force: boolean): void {
		if (!force && at - lastSweep < SWEEP_EVERY_MS) return;
		lastSweep = at;
		for (const [key, { limits }] of budgets) {
			const budget = current(key, limits, at);
			const full =
				budget.changes >= capacityOf(limits.changes) && budget.bytes >= capacityOf(limits.bytes);
			if (full) budgets.delete(key);
		}
		for (const key of budgets.keys()) {
			if (budgets.size <= maxBudgets) break;
			budgets.delete(key);
		}
	}

	return {
		charge(userId, room, cost) {
			const at = now();
			sweep(at, false);
			const { key, limits } = scopeOf(userId, room);
			const budget = current(key, limits, at);
			const changes = spend(budget.changes, limits.changes, cost.changes);
			const bytes = spend(budget.bytes, limits.bytes, cost.bytes);
			if (!changes.admitted || !bytes.admitted) {
				const waits = [changes, bytes].map((d) => (d.admitted ? 0 : d.retryAfterMs));
				return { admitted: false, retryAfterMs: Math.max(...waits) };
			}
			budgets.delete(key);
			budgets.set(key, { changes: changes.level, bytes: bytes.level, at, limits });
			if (budgets.size > maxBudgets) sweep(at, true);
			return { admitted: true };
		},

		refund(userId, room, cost) {
			const at = now();
			const { key, limits } = scopeOf(userId, room);
			if (!budgets.has(key)) return;
			const budget = current(key, limits, at);
			budgets.set(key, {
				changes: Math.min(budget.changes + cost.changes, capacityOf(limits.changes)),
				bytes: Math.min(budget.bytes + cost.bytes, capacityOf(limits.bytes)),
				at,
				limits
			});
		},

		get size() {
			return budgets.size;
		}
	};
}

function capacityOf(limit: BucketLimit | null): number {
	return limit?.capacity ?? 0;
}

function refill(level: number, limit: BucketLimit | null, elapsedMs: number): number {
	if (limit === null) return 0;
	return Math.min(limit.capacity, level + (elapsedMs * limit.perHour) / HOUR_MS);
}

type Spent = { admitted: true; level: number } | { admitted: false; retryAfterMs: number };

/**
 * One bucket's answer to a charge of `amount`: it fits, or the bucket is full (the one way a
 * charge over the whole capacity gets through, leaving a debt); else how long until either holds.
 */
function spend(level: number, limit: BucketLimit | null, amount: number): Spent {
	if (limit === null || amount <= 0) return { admitted: true, level };
	if (level >= amount || level >= limit.capacity) return { admitted: true, level: level - amount };
	const needed = Math.min(amount, limit.capacity) - level;
	return { admitted: false, retryAfterMs: Math.ceil((needed * HOUR_MS) / limit.perHour) };
}
