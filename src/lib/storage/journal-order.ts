/**
 * The journal's order index: when each entry was written (`id → createdAt`), so the list can show
 * the newest entries after opening a few records instead of every one. Journal tables hold no
 * plaintext index (DESIGN), so the index is one record sealed with the journal key like the
 * entries themselves (`JournalRecordCodec.order`), kept on this device only and never synced.
 *
 * It is a hint, never the truth. Each start checks it against the rows actually stored: an entry
 * it does not name (written by another tab, by an older version, or the index lost or damaged) is
 * opened at once like the newest ones, and the full read that follows settles everything. So a
 * stale or broken index can only make the first screen slower, never lose or hide an entry.
 */

export const ORDER_VERSION = 1;

/** `id → createdAt` of every readable entry, deleted ones included. */
export type JournalOrder = ReadonlyMap<string, number>;

/** The index as sealed: a version and `[id, createdAt]` pairs. */
export interface OrderRecord {
	v: typeof ORDER_VERSION;
	entries: [string, number][];
}

export function orderRecord(order: JournalOrder): OrderRecord {
	return { v: ORDER_VERSION, entries: [...order] };
}

/** The index from its opened record; null when it is not one this version can trust. */
export function parseOrder(value: unknown): Map<string, number> | null {
	if (typeof value !== 'object' || value === null) return null;
	if (!('v' in value) || value.v !== ORDER_VERSION) return null;
	if (!('entries' in value) || !Array.isArray(value.entries)) return null;
	const order = new Map<string, number>();
	for (const pair of value.entries as unknown[]) {
		if (!Array.isArray(pair) || pair.length !== 2) return null;
		const [id, createdAt] = pair as unknown[];
		if (typeof id !== 'string' || typeof createdAt !== 'number' || !Number.isFinite(createdAt)) {
			return null;
		}
		order.set(id, createdAt);
	}
	return order;
}

export function sameOrder(a: JournalOrder, b: JournalOrder): boolean {
	if (a.size !== b.size) return false;
	for (const [id, createdAt] of a) if (b.get(id) !== createdAt) return false;
	return true;
}

/**
 * The stored ids to open first, in the order to open them: every id the index does not know
 * (its date could make it the newest), then the known ones, newest first. The caller opens them
 * in that order until it holds enough live entries.
 */
export function firstReads(ids: readonly string[], order: JournalOrder | null): string[] {
	if (order === null) return [...ids];
	const unknown: string[] = [];
	const known: [string, number][] = [];
	for (const id of ids) {
		const createdAt = order.get(id);
		if (createdAt === undefined) unknown.push(id);
		else known.push([id, createdAt]);
	}
	known.sort((a, b) => b[1] - a[1]);
	return [...unknown, ...known.map(([id]) => id)];
}

/** How many of `firstReads` are unknown to the index: all of them must be opened. */
export function unknownCount(ids: readonly string[], order: JournalOrder | null): number {
	if (order === null) return ids.length;
	let count = 0;
	for (const id of ids) if (!order.has(id)) count++;
	return count;
}
