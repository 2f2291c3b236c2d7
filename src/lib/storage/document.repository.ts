/**
 * Where the update logs of synced Yjs documents live on this device. Each document is a log of
 * updates in the order they were written; compaction replaces a prefix of the log by one merged
 * update. Implementations: `DexieDocumentRepository` (the browser) and `MemoryDocumentRepository`
 * (tests); both pass `document-repository.contract.ts`.
 *
 * The repository knows nothing of Yjs: updates are opaque bytes here, so a damaged one is still
 * given back as it is, for `persist-doc.ts` to report and skip.
 */

export interface StoredDocument {
	/** Every stored update of the document, oldest first. */
	updates: Uint8Array[];
	/** Their total size in bytes. */
	bytes: number;
	/**
	 * The log position of the last update given back (0 when there is none). Pass it to
	 * `compact` so that updates appended after this load are kept.
	 */
	lastId: number;
}

export interface DocumentStats {
	updates: number;
	bytes: number;
}

export interface DocumentSummary extends DocumentStats {
	docName: string;
}

/**
 * What one stored update costs beyond its bytes, as a round figure: the row's id and document
 * name, and IndexedDB's own bookkeeping for a row and its two index entries. Browsers do not say
 * exactly, and it varies; 64 bytes keeps a log of many small updates from looking free, which is
 * the point of showing sizes before and after a compaction.
 */
export const ROW_OVERHEAD_BYTES = 64;

/** About how much space documents take on the device: their bytes plus each row's overhead. */
export function storedBytes(documents: readonly DocumentStats[]): number {
	return documents.reduce((total, d) => total + d.bytes + d.updates * ROW_OVERHEAD_BYTES, 0);
}

export interface DocumentRepository {
	load(docName: string): Promise<StoredDocument>;
	/** Adds one update at the end of the log. Throws `StorageFullError` when the device refuses. */
	append(docName: string, update: Uint8Array): Promise<void>;
	/**
	 * All or nothing: replaces every update up to and including `upToId` (a `lastId` from `load`)
	 * by `merged`, which takes their place in the log, before anything appended since. Does
	 * nothing when the update at `upToId` is gone (the document was removed, or another
	 * compaction got there first), so a late compaction can neither bring a removed document back
	 * nor drop what a newer one merged. Throws `StorageFullError` and keeps the log as it was when
	 * the device refuses.
	 */
	compact(docName: string, upToId: number, merged: Uint8Array): Promise<void>;
	stats(docName: string): Promise<DocumentStats>;
	/** Really deletes the document's whole log. Removing a missing document does nothing. */
	remove(docName: string): Promise<void>;
	/**
	 * Every stored document whose name starts with `prefix` (all of them by default), in name
	 * order: `community:anxiety:` gives each month of that community, so they add up to its size.
	 */
	list(prefix?: string): Promise<DocumentSummary[]>;
	/**
	 * The names of the stored documents that start with `prefix`, in name order, read from the
	 * index alone: `list` reads every update to add up sizes (a big community's 30 MB), while
	 * opening a community needs only to know which months are here.
	 */
	names(prefix?: string): Promise<string[]>;
}
