import type { JournalEntry } from '../domain/journal/entry';

/**
 * Copy-on-write updates for the journal's in-memory map. The map is published whole through
 * `$state.raw`, so it is never mutated after publishing; a change makes a new one.
 */
export type EntryMap = ReadonlyMap<string, JournalEntry>;

export function entryMap(entries: Iterable<JournalEntry>): EntryMap {
	return new Map([...entries].map((entry) => [entry.id, entry]));
}

export function withEntry(map: EntryMap, entry: JournalEntry): EntryMap {
	return new Map(map).set(entry.id, entry);
}

export function withoutEntry(map: EntryMap, id: string): EntryMap {
	const next = new Map(map);
	next.delete(id);
	return next;
}
