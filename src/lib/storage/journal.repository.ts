/**
 * Where journal entries live on this device. Implementations: `DexieJournalRepository` (the
 * browser) and `MemoryJournalRepository` (tests, and anything that must not touch disk); both
 * pass `journal-repository.contract.ts`.
 */

import type { JournalEntry } from '../domain/journal/entry';
import type { EntryPath } from '../domain/journal/parse-entry';

export type StoredRecordProblemReason =
	/** The record is damaged or is not a journal entry. */
	| 'invalid-entry'
	/** A newer version of Hearth wrote it; an update will read it. */
	| 'entry-version-unsupported'
	/** The record names another id than the row it is stored under. */
	| 'id-mismatch'
	/** The row itself is not a journal row (something else wrote into the table). */
	| 'not-a-journal-row'
	/** The codec failed for another reason (for example, later, a wrong key). */
	| 'undecodable';

/**
 * A stored record that could not be read. It stays where it is, untouched, so that a later
 * version, a recovery tool or a support session can still get the words back.
 */
export interface StoredRecordProblem {
	/** The row's key, as text. */
	id: string;
	reason: StoredRecordProblemReason;
	/** Where inside the record, when known. */
	path: EntryPath;
	/** For developers; never shown to a person. */
	detail: string;
}

export interface LoadedJournal {
	/** Every readable entry, deleted ones included, in id order. */
	entries: JournalEntry[];
	problems: StoredRecordProblem[];
}

export interface LoadOptions {
	/**
	 * For a first screen: `show` is called once, before the rest is read, with up to `count` of
	 * the newest live (not deleted) entries, newest first. It may not be called at all (when every
	 * record had to be opened anyway); what `loadAll` resolves with is always the whole journal.
	 */
	newest?: { count: number; show(entries: JournalEntry[]): void };
}

export interface JournalRepository {
	/** Reads everything; unreadable records are reported in `problems`, never thrown or removed. */
	loadAll(options?: LoadOptions): Promise<LoadedJournal>;
	/** Throws `UnreadableRecordError` when a record exists under `id` but cannot be read. */
	get(id: string): Promise<JournalEntry | undefined>;
	/** Inserts or replaces. Throws `InvalidEntryError` before writing an invalid entry, and
	 * `StorageFullError` when the device refuses the write. */
	put(entry: JournalEntry): Promise<void>;
	/** All or nothing: one transaction, so a refused write keeps none of `entries`. */
	putMany(entries: readonly JournalEntry[]): Promise<void>;
	/** Really deletes the record, readable or not. Removing a missing id does nothing. */
	remove(id: string): Promise<void>;
	/** Really deletes these records, all or nothing (one transaction). Missing ids are ignored. */
	removeMany(ids: readonly string[]): Promise<void>;
	/** Stored records of every kind: live, deleted but not yet purged, and unreadable. */
	count(): Promise<number>;
	/** Writes again, in the codec's form, every readable record the codec says is stale (rows
	 *  from before encryption at rest); returns how many. Unreadable rows are left alone. */
	rewriteStale(): Promise<number>;
	/** Every stored row exactly as stored (sealed), for an encrypted backup. */
	exportRows(): Promise<StoredJournalRow[]>;
	/** Removes every record, readable or not: the person asked to wipe the device. */
	clear(): Promise<void>;
}

export interface StoredJournalRow {
	id: string;
	record: unknown;
}
