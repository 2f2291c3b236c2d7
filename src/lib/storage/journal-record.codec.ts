/**
 * The one seam between a `JournalEntry` and what a journal row stores as `record`.
 *
 * Today a record is the entry itself as a plain, structured-clone-safe object. With encryption
 * at rest, a codec holding the journal key will encrypt here and decrypt there; repositories and
 * the schema stay as they are. The interface is asynchronous already because WebCrypto is, and
 * repositories therefore encode before and decode after their IndexedDB transactions (a
 * transaction commits as soon as it waits on anything that is not IndexedDB).
 */

import type { JournalEntry } from '../domain/journal/entry';
import { migrateEntry, parseEntry } from '../domain/journal/parse-entry';

export interface JournalRecordCodec {
	/** Throws `InvalidEntryError` for an entry that could not be read back: never store one. */
	encode(entry: JournalEntry): Promise<unknown>;
	/** Throws `InvalidEntryError` for a record that is damaged, foreign, or from a newer version. */
	decode(record: unknown): Promise<JournalEntry>;
}

export const plainJournalRecordCodec: JournalRecordCodec = {
	async encode(entry) {
		// Parsing checks the invariants and also copies, so a caller that keeps mutating its
		// entry cannot change what was stored.
		return parseEntry(entry);
	},
	async decode(record) {
		return parseEntry(migrateEntry(record));
	}
};
