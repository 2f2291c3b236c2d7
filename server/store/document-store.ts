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
 * - Room names are opaque: compared exactly (no normalisation, no case folding). Names that are
 *   not well-formed Unicode (lone surrogates) are refused with `InvalidRoomNameError`.
 * - Bytes are copied in and out: changing an array after `append` or after `load` does not
 *   change what is stored.
 * - After `close`, every method rejects with `StoreClosedError`; `close` itself may be repeated.
 * - `listRooms` names only rooms that hold at least one piece; a room's `updatedAt` is when its
 *   latest update was appended, and compaction (which changes no content) leaves it as it was.
 */
export interface StoredPiece {
	/**
	 * Position in the room's log; `load` returns pieces in increasing seq. `append` hands out a
	 * number larger than any it handed out before, in any room, and never hands one out twice
	 * (not after compaction, deletion or a restart). A compacted piece takes a seq from the run it
	 * replaced (see `compact`), so with merged pieces that each hold a consecutive run of the log,
	 * as `compactPieces` makes them, the pieces with seq ≤ N hold everything appended up to N.
	 */
	seq: number;
	/** A Yjs update (v1 encoding). */
	update: Uint8Array;
}

/** One room as `listRooms` reports it. */
export interface RoomSummary {
	room: string;
	/** Bytes stored for the room, as `stats` counts them. */
	bytes: number;
	/** When the room's latest update was appended, in milliseconds since the epoch. */
	updatedAt: number;
}

export interface DocumentStore {
	/** Stores one update durably; resolves with its sequence number. */
	append(room: string, update: Uint8Array): Promise<number>;
	/** Every piece of the room's log, oldest first; empty for a room never written. */
	load(room: string): Promise<StoredPiece[]>;
	/**
	 * Atomically replaces the pieces with `seq <= upToSeq` by `merged` (each a Yjs update, in
	 * order). Pieces appended after `upToSeq` meanwhile are kept after them.
	 *
	 * The merged pieces take the last `merged.length` seqs of the run they replace, so the last of
	 * them keeps the run's last seq. That requires `1 <= merged.length <=` the number of pieces
	 * replaced; otherwise it rejects with `CompactionRejectedError` and changes nothing. When no
	 * piece has `seq <= upToSeq` (a stale compaction: the prefix was compacted further meanwhile,
	 * or the room was deleted) it does nothing, so a late compaction can never bring back a
	 * deleted room or duplicate content.
	 */
	compact(room: string, upToSeq: number, merged: Uint8Array[]): Promise<void>;
	/** Bytes and pieces stored for the room. */
	stats(room: string): Promise<{ bytes: number; pieces: number }>;
	/**
	 * Every room whose name starts with `prefix` (compared exactly, like room names) and that holds
	 * at least one piece, in increasing name order as JavaScript compares strings.
	 */
	listRooms(prefix: string): Promise<RoomSummary[]>;
	/**
	 * Removes a room's whole log (an account or community deleted), so that its content is gone
	 * from the storage medium as far as the store can reach, not merely unlinked.
	 */
	deleteRoom(room: string): Promise<void>;
	/**
	 * Makes what was deleted or rewritten so far (by this store, or by another store sharing its
	 * storage) gone from the medium as far as the store can reach: after an account is deleted.
	 */
	scrubDeleted(): Promise<void>;
	close(): Promise<void>;
}
