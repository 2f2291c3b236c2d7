/**
 * Where the server keeps each room's Yjs document: an append-only log of updates, compacted in
 * the background into bounded pieces. Implementations: SQLite (the default, one file in the data
 * folder) and in memory (tests); both pass one contract suite. A PostgreSQL store for several
 * server instances will implement the same interface later, which is why every method is async
 * even though SQLite answers synchronously.
 *
 * Invariants every implementation keeps:
 * - `append` returns only once the update is durable: a server killed right after loses nothing
 *   it has relayed, because relaying happens after `append` resolves.
 * - `load` returns the room's pieces in the order they were stored (causal order for Yjs), each
 *   no larger than the size it was stored at; compaction never produces a piece larger than its
 *   `maxPieceBytes`.
 * - `compact` replaces a prefix of the log atomically: a crash mid-way leaves the old pieces.
 */
export interface StoredPiece {
	/** Position in the room's log; increases with every append and is never reused. */
	seq: number;
	/** A Yjs update (v1 encoding). */
	update: Uint8Array;
}

export interface DocumentStore {
	/** Stores one update durably; resolves with its sequence number. */
	append(room: string, update: Uint8Array): Promise<number>;
	/** Every piece of the room's log, oldest first; empty for a room never written. */
	load(room: string): Promise<StoredPiece[]>;
	/**
	 * Atomically replaces the pieces with `seq <= upToSeq` by `merged` (each a Yjs update, in
	 * order). Pieces appended after `upToSeq` meanwhile are kept after them.
	 */
	compact(room: string, upToSeq: number, merged: Uint8Array[]): Promise<void>;
	/** Bytes and pieces stored for the room. */
	stats(room: string): Promise<{ bytes: number; pieces: number }>;
	/** Removes a room's whole log (an account or community deleted). */
	deleteRoom(room: string): Promise<void>;
	close(): Promise<void>;
}
