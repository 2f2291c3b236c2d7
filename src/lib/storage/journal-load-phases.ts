/**
 * Reading a big journal in two phases, shared by the journal repositories: first the few records
 * that hold the newest entries (found through the order index, `journal-order.ts`), so a list can
 * show them; then every record, reusing what the first phase opened, in bounded batches that
 * leave the page free to draw and answer between them.
 *
 * Opening a sealed record is a WebCrypto call plus parsing; thousands at once keep a cheap phone
 * busy for seconds, so the first phase opens only what the first screen needs.
 */

import type { JournalEntry } from '../domain/journal/entry';
import type { ReadJournalRecordResult } from './read-journal-record';

/** Records opened per batch of the full read. */
export const OPEN_BATCH = 250;

export interface OpenedRecord {
	/** The record as it was read, to tell whether it changed before the full read. */
	record: unknown;
	result: ReadJournalRecordResult;
}

/**
 * Opens `plan` in order (see `firstReads`): the first `mustOpen` ids all at once, then `count`
 * at a time until `count` live entries are held or the plan ends. Returns what it opened and the
 * newest live entries among them, newest first.
 */
export async function openNewest(
	plan: readonly string[],
	mustOpen: number,
	count: number,
	open: (ids: readonly string[]) => Promise<Map<string, OpenedRecord>>
): Promise<{ opened: Map<string, OpenedRecord>; newest: JournalEntry[] }> {
	const opened = new Map<string, OpenedRecord>();
	// Live entries among the known ones: these come newest first, so once `count` of them are
	// open, every known entry after them is older. Unknown ones count only where their dates put
	// them, which is settled below.
	let liveKnown = 0;
	let next = 0;
	while (next < plan.length && (next < mustOpen || liveKnown < count)) {
		const size = next < mustOpen ? mustOpen - next + count : count;
		const batch = plan.slice(next, next + size);
		const known = new Set(plan.slice(Math.max(next, mustOpen), next + batch.length));
		next += batch.length;
		for (const [id, item] of await open(batch)) {
			opened.set(id, item);
			if (known.has(id) && item.result.ok && item.result.entry.deletedAt === null) liveKnown++;
		}
	}
	const newest: JournalEntry[] = [];
	for (const { result } of opened.values()) {
		if (result.ok && result.entry.deletedAt === null) newest.push(result.entry);
	}
	newest.sort((a, b) => b.createdAt - a.createdAt);
	return { opened, newest: newest.slice(0, count) };
}

/**
 * Reads every row with `read`, in batches of `OPEN_BATCH` with a pause for the page between
 * them, keeping the order of `rows`. A row the first phase already opened is not opened again,
 * unless its record changed since (another tab saved it meanwhile).
 */
export async function openAll<Row>(
	rows: readonly Row[],
	read: (row: Row) => Promise<ReadJournalRecordResult>,
	reuse: (row: Row) => ReadJournalRecordResult | undefined
): Promise<ReadJournalRecordResult[]> {
	const results: ReadJournalRecordResult[] = [];
	for (let start = 0; start < rows.length; start += OPEN_BATCH) {
		if (start > 0) await nextTask();
		const batch = rows.slice(start, start + OPEN_BATCH);
		results.push(...(await Promise.all(batch.map((row) => reuse(row) ?? read(row)))));
	}
	return results;
}

/** Whether two stored records are the same (sealed ones differ in their nonce once rewritten). */
export function sameRecord(a: unknown, b: unknown): boolean {
	return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** The order index for what a full read found: every readable entry's creation time. */
export function orderOf(entries: readonly JournalEntry[]): Map<string, number> {
	return new Map(entries.map((entry) => [entry.id, entry.createdAt]));
}

/** Lets the page draw and handle input before the next batch. */
function nextTask(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}
