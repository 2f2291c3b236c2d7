// The in-memory twin of the SQLite store, for tests and for running the server without a disk.
// It passes the same contract suite, so whatever a test learns with it holds for SQLite too.
import type { DocumentStore, RoomSummary, StoredPiece } from './document-store';
import { placeCompacted } from './place-compacted';
import { assertRoomName } from './room-name';
import { StoreClosedError } from './store-errors';

/** A piece, and when it was appended (a compacted piece: its run's latest). */
interface HeldPiece extends StoredPiece {
	storedAt: number;
}

export class MemoryDocumentStore implements DocumentStore {
	readonly #rooms = new Map<string, HeldPiece[]>();
	readonly #now: () => number;
	/** One counter for every room, like SQLite's AUTOINCREMENT, so seqs are never handed out twice. */
	#lastSeq = 0;
	#closed = false;

	constructor(options: { now?: () => number } = {}) {
		this.#now = options.now ?? Date.now;
	}

	async append(room: string, update: Uint8Array): Promise<number> {
		this.#check(room);
		const seq = ++this.#lastSeq;
		const log = this.#rooms.get(room) ?? [];
		log.push({ seq, update: update.slice(), storedAt: this.#now() });
		this.#rooms.set(room, log);
		return seq;
	}

	async load(room: string): Promise<StoredPiece[]> {
		this.#check(room);
		return (this.#rooms.get(room) ?? []).map(({ seq, update }) => ({
			seq,
			update: update.slice()
		}));
	}

	async compact(room: string, upToSeq: number, merged: Uint8Array[]): Promise<void> {
		this.#check(room);
		const log = this.#rooms.get(room) ?? [];
		const replaced = log.filter((piece) => piece.seq <= upToSeq);
		const placed = placeCompacted(
			replaced.map((piece) => piece.seq),
			merged
		);
		if (placed === null) return;
		const storedAt = Math.max(...replaced.map((piece) => piece.storedAt));
		const compacted = placed.map(({ seq, update }) => ({ seq, update: update.slice(), storedAt }));
		const kept = log.filter((piece) => piece.seq > upToSeq);
		this.#rooms.set(room, [...compacted, ...kept]);
	}

	async stats(room: string): Promise<{ bytes: number; pieces: number }> {
		this.#check(room);
		const log = this.#rooms.get(room) ?? [];
		const bytes = log.reduce((sum, piece) => sum + piece.update.byteLength, 0);
		return { bytes, pieces: log.length };
	}

	async listRooms(prefix: string): Promise<RoomSummary[]> {
		this.#check(prefix);
		const found: RoomSummary[] = [];
		for (const [room, log] of this.#rooms) {
			if (!room.startsWith(prefix) || log.length === 0) continue;
			const bytes = log.reduce((sum, piece) => sum + piece.update.byteLength, 0);
			const updatedAt = Math.max(...log.map((piece) => piece.storedAt));
			found.push({ room, bytes, updatedAt });
		}
		return found.sort(byRoomName);
	}

	async deleteRoom(room: string): Promise<void> {
		this.#check(room);
		this.#rooms.delete(room);
	}

	async scrubDeleted(): Promise<void> {
		// Deleted arrays are unreachable already; nothing lingers elsewhere.
		if (this.#closed) throw new StoreClosedError();
	}

	async close(): Promise<void> {
		this.#closed = true;
		this.#rooms.clear();
	}

	#check(room: string): void {
		if (this.#closed) throw new StoreClosedError();
		assertRoomName(room);
	}
}

function byRoomName(a: RoomSummary, b: RoomSummary): number {
	return a.room < b.room ? -1 : a.room > b.room ? 1 : 0;
}
