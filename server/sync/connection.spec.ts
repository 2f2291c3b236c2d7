// A connection driven through a fake socket whose writes complete only when the test says so:
// pacing, ordering and backpressure, without a network or timing.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../logger';
import { MemoryDocumentStore } from '../store/memory-document-store';
import type { Authorized } from './access';
import {
	Connection,
	KEEP_ALIVE_MESSAGE,
	type ConnectionOptions,
	type SyncSocket
} from './connection';
import {
	CLOSE,
	decodeClientMessage,
	encodeAwarenessMessage,
	encodeAwarenessUpdate,
	encodeSyncStep1,
	encodeSyncUpdate
} from './protocol';
import { Room } from './room';

class FakeSocket extends EventEmitter implements SyncSocket {
	readyState = 1;
	bufferedAmount = 0;
	isPaused = false;
	readonly sent: Uint8Array[] = [];
	private readonly writes: ((error?: Error) => void)[] = [];
	closedWith: number | null = null;

	get pendingWrites(): number {
		return this.writes.length;
	}

	send(data: Uint8Array, _options: { compress: boolean }, cb: (error?: Error) => void): void {
		this.sent.push(data);
		this.writes.push(cb);
		this.emit('sent');
	}

	/** Completes the oldest write, as the kernel taking the bytes would. */
	completeWrite(): void {
		this.writes.shift()?.();
	}

	close(code: number): void {
		this.closedWith = code;
		this.readyState = 3;
		this.emit('close');
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

	deliver(bytes: Uint8Array): void {
		this.emit('message', Buffer.from(bytes), true);
	}

	async nextSend(count: number): Promise<void> {
		while (this.sent.length < count) await new Promise((done) => this.once('sent', done));
	}
}

/** A memory store whose appends wait for the test. */
class HeldStore extends MemoryDocumentStore {
	appendsStarted = 0;
	private held: (() => void)[] = [];

	override async append(room: string, update: Uint8Array): Promise<number> {
		this.appendsStarted++;
		await new Promise<void>((done) => this.held.push(done));
		return super.append(room, update);
	}

	release(): void {
		for (const done of this.held.splice(0)) done();
	}
}

const WRITER: Authorized = { userId: 'w', canWrite: true, awareness: true };
const OPTIONS: ConnectionOptions = {
	maxMessageBytes: 256 * 1024,
	maxBufferedBytes: 1024 * 1024,
	maxQueuedBytes: 64 * 1024,
	keepAliveAfterMs: 12_000,
	log: silentLogger
};

/** Lets everything already queued run (promise jobs and I/O callbacks). */
const settle = async (rounds = 5) => {
	for (let i = 0; i < rounds; i++) await new Promise((done) => setImmediate(done));
};

const rooms: Room[] = [];
afterEach(() => {
	for (const room of rooms.splice(0)) room.retire();
});

function open(store: MemoryDocumentStore, options: Partial<ConnectionOptions> = {}) {
	const room = new Room({
		name: 'room',
		store,
		log: silentLogger,
		pieceBytes: 16 * 1024,
		onRetired: () => {}
	});
	rooms.push(room);
	const socket = new FakeSocket();
	const connection = new Connection(socket, room, WRITER, { ...OPTIONS, ...options });
	return { room, socket, connection };
}

function recordUpdate(key: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getMap('records').set(key, { body: key });
	return Y.encodeStateAsUpdate(doc);
}

describe('Connection', () => {
	it('sends a first sync one message at a time, each only after the last was written', async () => {
		const store = new MemoryDocumentStore();
		const original = new Y.Doc();
		for (let i = 0; i < 300; i++) {
			original.getMap('records').set(`r${i}`, { body: `${i} `.repeat(300) });
		}
		await store.append('room', Y.encodeStateAsUpdate(original));
		const { socket } = open(store);

		socket.deliver(encodeSyncStep1(Uint8Array.of(0)));
		const received = new Y.Doc();
		let step2 = false;
		while (!step2) {
			await socket.nextSend(socket.sent.length + 1 - socket.pendingWrites);
			await settle();
			// Never more than one message waiting to be written.
			expect(socket.pendingWrites).toBe(1);
			const last = decodeClientMessage(socket.sent.at(-1) ?? new Uint8Array());
			if (last.type === 'sync-update') Y.applyUpdate(received, last.update);
			step2 = last.type === 'sync-step2';
			socket.completeWrite();
		}
		expect(socket.sent.length).toBeGreaterThan(10);
		expect(received.getMap('records').toJSON()).toEqual(original.getMap('records').toJSON());
	});

	it("handles one connection's messages in order: the next waits for the last to be stored", async () => {
		const store = new HeldStore();
		const { socket, room } = open(store);
		await room.ready;

		socket.deliver(encodeSyncUpdate(recordUpdate('first')));
		socket.deliver(encodeSyncUpdate(recordUpdate('second')));
		await settle();
		expect(store.appendsStarted).toBe(1);

		store.release();
		await settle();
		expect(store.appendsStarted).toBe(2);
		store.release();
		await settle();
		const keys = (await store.load('room')).map((piece) => {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, piece.update);
			return [...doc.getMap('records').keys()];
		});
		expect(keys).toEqual([['first'], ['second']]);
	});

	it('stops reading while too much waits to be handled, and reads again once drained', async () => {
		const store = new HeldStore();
		const { socket, room } = open(store, { maxQueuedBytes: 100 });
		await room.ready;

		for (let i = 0; i < 5; i++) socket.deliver(encodeSyncUpdate(recordUpdate(`r${i}`)));
		expect(socket.isPaused).toBe(true);
		for (let i = 0; i < 5; i++) {
			store.release();
			await settle();
		}
		expect(socket.isPaused).toBe(false);
		expect(store.appendsStarted).toBe(5);
	});

	it('closes with 1013 a connection whose unsent backlog passed its limit', async () => {
		const { socket, connection } = open(new MemoryDocumentStore(), { maxBufferedBytes: 1000 });
		socket.bufferedAmount = 990;
		connection.relay(new Uint8Array(20));
		expect(socket.closedWith).toBe(CLOSE.TRY_AGAIN_LATER);
	});

	it('merges the updates a reader is relayed while its last one is still being written', async () => {
		const { socket: writerSocket, room } = open(new MemoryDocumentStore());
		const readerSocket = new FakeSocket();
		new Connection(readerSocket, room, WRITER, OPTIONS);
		await room.ready;

		for (const key of ['a', 'b', 'c']) {
			writerSocket.deliver(encodeSyncUpdate(recordUpdate(key)));
			await settle();
		}
		// The first went at once; b and c waited behind it and go as one message.
		expect(readerSocket.sent).toHaveLength(1);
		readerSocket.completeWrite();
		expect(readerSocket.sent).toHaveLength(2);
		const received = new Y.Doc();
		for (const message of readerSocket.sent) {
			const decoded = decodeClientMessage(message);
			expect(decoded.type).toBe('sync-update');
			if (decoded.type === 'sync-update') Y.applyUpdate(received, decoded.update);
		}
		expect([...received.getMap('records').keys()].sort()).toEqual(['a', 'b', 'c']);
		// The writer is not sent its own updates back.
		expect(writerSocket.sent).toHaveLength(0);
	});

	it('counts what waits to be merged toward the backlog limit', async () => {
		const { socket: writerSocket, room } = open(new MemoryDocumentStore());
		const readerSocket = new FakeSocket();
		// Room for two relayed updates waiting, not three (each message is the same size).
		const size = encodeSyncUpdate(recordUpdate('a')).byteLength;
		new Connection(readerSocket, room, WRITER, { ...OPTIONS, maxBufferedBytes: 2.5 * size });
		await room.ready;
		for (const key of ['a', 'b', 'c']) {
			writerSocket.deliver(encodeSyncUpdate(recordUpdate(key)));
			await settle();
		}
		expect(readerSocket.closedWith).toBeNull();
		writerSocket.deliver(encodeSyncUpdate(recordUpdate('d')));
		await settle();
		expect(readerSocket.closedWith).toBe(CLOSE.TRY_AGAIN_LATER);
	});

	it('closes with 4413 a message over maxMessageBytes, before decoding it', () => {
		const { socket } = open(new MemoryDocumentStore(), { maxMessageBytes: 100 });
		socket.deliver(new Uint8Array(101));
		expect(socket.closedWith).toBe(CLOSE.TOO_LARGE);
	});

	it('answers a presence renewal after a silence, so the stock client keeps the socket open', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			const { socket } = open(new MemoryDocumentStore());
			await settle();
			const renewal = encodeAwarenessMessage(
				encodeAwarenessUpdate([{ clientId: 7, clock: 1, json: '{}' }])
			);
			const keepAlives = () =>
				socket.sent.filter((m) => Buffer.from(m).equals(Buffer.from(KEEP_ALIVE_MESSAGE))).length;

			// Just after the server spoke: no answer needed.
			socket.deliver(renewal);
			await settle();
			expect(keepAlives()).toBe(0);

			// After 12 s of silence from the server, a renewal gets the 3-byte answer, once.
			vi.advanceTimersByTime(12_000);
			socket.deliver(renewal);
			socket.deliver(renewal);
			await settle();
			expect(keepAlives()).toBe(1);
		} finally {
			vi.useRealTimers();
		}
	});
});
