// A document store for sync tests: the in-memory store, plus hooks to hold appends back, make
// them fail, and watch them, so a test can see the order of "stored" and "relayed" without
// depending on timing.
import { EventEmitter } from 'node:events';
import type { DocumentStore, RoomSummary, StoredPiece } from '../../server/store/document-store';
import { MemoryDocumentStore } from '../../server/store/memory-document-store';

/** What a failing append throws; the sync endpoint must not relay what it was given. */
export class TestAppendError extends Error {
	override name = 'TestAppendError';
}

export interface AppendRecord {
	room: string;
	bytes: number;
	seq?: number;
}

export class SyncTestStore implements DocumentStore {
	readonly inner = new MemoryDocumentStore();
	/** 'append-started' (room), 'append-stored' (room, seq) as appends happen. */
	readonly events = new EventEmitter();
	readonly appends: AppendRecord[] = [];
	failAppends = false;
	private gate: Promise<void> | null = null;
	private openGate: () => void = () => {};

	/** Holds every append from now on until `releaseAppends`. */
	holdAppends(): void {
		this.gate ??= new Promise((done) => (this.openGate = done));
	}

	releaseAppends(): void {
		this.openGate();
		this.gate = null;
	}

	/** Updates stored for a room, in order. */
	async updates(room: string): Promise<Uint8Array[]> {
		return (await this.inner.load(room)).map((piece) => piece.update);
	}

	async append(room: string, update: Uint8Array): Promise<number> {
		const record: AppendRecord = { room, bytes: update.byteLength };
		this.appends.push(record);
		this.events.emit('append-started', room);
		if (this.gate) await this.gate;
		if (this.failAppends) throw new TestAppendError('The test store refuses appends.');
		record.seq = await this.inner.append(room, update);
		this.events.emit('append-stored', room, record.seq);
		return record.seq;
	}

	load(room: string): Promise<StoredPiece[]> {
		return this.inner.load(room);
	}

	compact(room: string, upToSeq: number, merged: Uint8Array[]): Promise<void> {
		return this.inner.compact(room, upToSeq, merged);
	}

	stats(room: string): Promise<{ bytes: number; pieces: number }> {
		return this.inner.stats(room);
	}

	listRooms(prefix: string): Promise<RoomSummary[]> {
		return this.inner.listRooms(prefix);
	}

	deleteRoom(room: string): Promise<void> {
		return this.inner.deleteRoom(room);
	}

	scrubDeleted(): Promise<void> {
		return this.inner.scrubDeleted();
	}

	close(): Promise<void> {
		return this.inner.close();
	}
}
