// The server side of the sync simulation: the real Room and Connection over sockets that carry
// nothing until the simulation delivers a message, one at a time, in order within each socket
// (as a WebSocket is) and in any order across sockets. Closing a socket loses what it carried.
import { EventEmitter } from 'node:events';
import type { Logger } from '../../server/logger';
import { compactPieces } from '../../server/store/compact-pieces';
import { MemoryDocumentStore } from '../../server/store/memory-document-store';
import type { Authorized } from '../../server/sync/access';
import { Connection, type ConnectionOptions, type SyncSocket } from '../../server/sync/connection';
import { Room } from '../../server/sync/room';

const OPEN = 1;
const CLOSED = 3;

export const SIM_ROOM = 'sim-room';
const WRITER: Authorized = { userId: 'sim', canWrite: true, awareness: false };
const OPTIONS: Omit<ConnectionOptions, 'log'> = {
	maxMessageBytes: 256 * 1024,
	maxBufferedBytes: 16 * 1024 * 1024,
	maxQueuedBytes: 64 * 1024,
	keepAliveAfterMs: 12_000
};
/** Small, so first syncs are split into several messages and a drop can cut one half-way. */
const PIECE_BYTES = 512;
/** What the simulated compactor merges pieces up to. */
const COMPACTED_PIECE_BYTES = 2048;

interface Outgoing {
	bytes: Uint8Array;
	written: (error?: Error) => void;
}

export class SimSocket extends EventEmitter implements SyncSocket {
	readyState = OPEN;
	readonly bufferedAmount = 0;
	isPaused = false;
	/** Server → client, oldest first; each write completes when the client receives it. */
	readonly toClient: Outgoing[] = [];
	/** Client → server, oldest first. */
	readonly toServer: Uint8Array[] = [];
	closedWith: number | null = null;

	constructor(private readonly onClosed: () => void) {
		super();
	}

	get isOpen(): boolean {
		return this.readyState === OPEN;
	}

	send(data: Uint8Array, _options: { compress: boolean }, cb: (error?: Error) => void): void {
		if (!this.isOpen) return cb(new Error('socket closed'));
		this.toClient.push({ bytes: data.slice(), written: cb });
	}

	/** Either side closing: both queues are lost, the server and the client both hear of it. */
	close(code: number): void {
		if (!this.isOpen) return;
		this.readyState = CLOSED;
		this.closedWith = code;
		const unwritten = this.toClient.splice(0);
		this.toServer.length = 0;
		this.emit('close');
		for (const { written } of unwritten) written(new Error('socket closed'));
		this.onClosed();
	}

	ping(): void {}
	terminate(): void {
		this.close(1006);
	}
	pause(): void {
		this.isPaused = true;
	}
	resume(): void {
		this.isPaused = false;
	}

	/** The client sends. */
	fromClient(bytes: Uint8Array): void {
		if (this.isOpen) this.toServer.push(bytes.slice());
	}

	/** The server reads the oldest message the client sent; false if none could be read. */
	deliverToServer(): boolean {
		if (!this.isOpen || this.isPaused) return false;
		const bytes = this.toServer.shift();
		if (!bytes) return false;
		this.emit('message', Buffer.from(bytes), true);
		return true;
	}

	/** The oldest message the server sent, its write completed; undefined if none. */
	takeForClient(): Uint8Array | undefined {
		if (!this.isOpen) return undefined;
		const next = this.toClient.shift();
		if (!next) return undefined;
		next.written();
		return next.bytes;
	}

	get hasTraffic(): boolean {
		return (
			this.isOpen && (this.toClient.length > 0 || (this.toServer.length > 0 && !this.isPaused))
		);
	}
}

/** The room registry of the sync endpoint, reduced to one room over a memory store. */
export class SimServer {
	readonly store = new MemoryDocumentStore();
	private room: Room | null = null;
	roomsOpened = 0;
	private readonly compactions = new Set<Promise<void>>();
	/** Every warning and error the server logged: a clean run logs none. */
	readonly logged: string[] = [];
	private readonly log: Logger = {
		info: () => {},
		warn: (message) => this.logged.push(`warning: ${message}`),
		error: (message, cause) => this.logged.push(`error: ${message} ${String(cause)}`)
	};

	connect(onClosed: () => void): SimSocket {
		const room = this.currentRoom();
		const socket = new SimSocket(onClosed);
		new Connection(socket, room, WRITER, { ...OPTIONS, log: this.log });
		return socket;
	}

	/** The live room, or null once its last connection left and it retired. */
	get liveRoom(): Room | null {
		return this.room && !this.room.isRetired ? this.room : null;
	}

	/**
	 * Starts one compaction of the room's log, as the compactor does it but without its timers,
	 * so it runs alongside appends and first syncs. `idle` waits for it.
	 */
	compact(): void {
		const running = this.compactOnce().catch((cause: unknown) => {
			this.logged.push(`error: compaction failed ${String(cause)}`);
		});
		this.compactions.add(running);
		void running.finally(() => this.compactions.delete(running));
	}

	/** Resolves once no compaction is running and the live room has nothing under way. */
	async idle(): Promise<void> {
		await Promise.all(this.compactions);
		await this.liveRoom?.settled();
	}

	retire(): void {
		this.room?.retire();
	}

	private async compactOnce(): Promise<void> {
		const log = await this.store.load(SIM_ROOM);
		const last = log.at(-1);
		if (!last) return;
		const merged = compactPieces(
			log.map((piece) => piece.update),
			COMPACTED_PIECE_BYTES
		);
		if (merged.length < log.length) await this.store.compact(SIM_ROOM, last.seq, merged);
	}

	private currentRoom(): Room {
		const live = this.liveRoom;
		if (live) return live;
		this.roomsOpened++;
		const room = new Room({
			name: SIM_ROOM,
			store: this.store,
			log: this.log,
			pieceBytes: PIECE_BYTES,
			onRetired: (retired) => {
				if (this.room === retired) this.room = null;
			}
		});
		this.room = room;
		return room;
	}
}
