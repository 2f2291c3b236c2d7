import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import * as Y from 'yjs';
import { createCompactor, type Compactor, type CompactorLogger } from './compactor';
import type { DocumentStore } from './document-store';
import { MemoryDocumentStore } from './memory-document-store';

const DELAY = 1000;

/** A promise the test resolves when it chooses, to hold a store call mid-way. */
function gate() {
	let open = () => {};
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { opened, open };
}

/**
 * The memory store, counting calls and how many loads run at once, with optional gates that
 * hold `load` or `compact` until the test opens them.
 */
class WatchedStore extends MemoryDocumentStore {
	loads = 0;
	compactions = 0;
	activeLoads = 0;
	mostActiveLoads = 0;
	holdLoad?: Promise<void>;
	holdCompact?: Promise<void>;
	failCompact?: Error;

	override async load(room: string) {
		this.loads++;
		this.activeLoads++;
		this.mostActiveLoads = Math.max(this.mostActiveLoads, this.activeLoads);
		try {
			const pieces = await super.load(room);
			await this.holdLoad;
			return pieces;
		} finally {
			this.activeLoads--;
		}
	}

	override async compact(room: string, upToSeq: number, merged: Uint8Array[]) {
		this.compactions++;
		await this.holdCompact;
		if (this.failCompact) throw this.failCompact;
		return super.compact(room, upToSeq, merged);
	}
}

/** Appends `count` real Yjs updates (one text insert each) from `doc` to the room. */
async function edit(store: DocumentStore, room: string, doc: Y.Doc, count: number) {
	const updates: Uint8Array[] = [];
	const listener = (update: Uint8Array) => updates.push(update);
	doc.on('update', listener);
	for (let i = 0; i < count; i++) doc.getText('text').insert(doc.getText('text').length, `${i} `);
	doc.off('update', listener);
	for (const update of updates) await store.append(room, update);
}

async function stateOf(store: DocumentStore, room: string) {
	const doc = new Y.Doc();
	for (const piece of await store.load(room)) Y.applyUpdate(doc, piece.update);
	return { sv: Array.from(Y.encodeStateVector(doc)), text: doc.getText('text').toString() };
}

describe('createCompactor', () => {
	let store: WatchedStore;
	let logger: { warn: Mock<CompactorLogger['warn']> };
	let compactor: Compactor;
	const doc = () => {
		const d = new Y.Doc();
		d.clientID = 42;
		return d;
	};

	beforeEach(() => {
		vi.useFakeTimers();
		store = new WatchedStore();
		logger = { warn: vi.fn<CompactorLogger['warn']>() };
		compactor = createCompactor({ store, logger, delayMs: DELAY, minPieces: 32 });
	});
	afterEach(async () => {
		await compactor.close();
		vi.useRealTimers();
	});

	it('compacts a room once it is quiet, keeping its state exactly', async () => {
		const writer = doc();
		await edit(store, 'room', writer, 50);
		const before = await stateOf(store, 'room');
		compactor.schedule('room');
		await vi.advanceTimersByTimeAsync(DELAY - 1);
		expect(store.compactions).toBe(0);
		await vi.advanceTimersByTimeAsync(1);
		await compactor.idle();
		expect((await store.stats('room')).pieces).toBe(1);
		expect(await stateOf(store, 'room')).toEqual(before);
		expect(logger.warn).not.toHaveBeenCalled();
	});

	it('waits for quiet: each schedule pushes the compaction back, up to the longest wait', async () => {
		await edit(store, 'room', doc(), 40);
		for (let t = 0; t < 5; t++) {
			compactor.schedule('room');
			await vi.advanceTimersByTimeAsync(DELAY / 2);
		}
		expect(store.loads).toBe(0);
		await vi.advanceTimersByTimeAsync(DELAY / 2);
		await compactor.idle();
		expect(store.compactions).toBe(1);

		// A room that never goes quiet is still compacted, after at most ten delays.
		await edit(store, 'busy', doc(), 40);
		for (let t = 0; t < 10; t++) {
			compactor.schedule('busy');
			await vi.advanceTimersByTimeAsync(DELAY - 1);
		}
		expect(store.compactions).toBe(1);
		compactor.schedule('busy');
		await vi.advanceTimersByTimeAsync(DELAY - 1);
		await compactor.idle();
		expect(store.compactions).toBe(2);
	});

	it('compactNow rewrites a small room at once, after the compaction already running', async () => {
		const writer = doc();
		await edit(store, 'room', writer, 40);
		const hold = gate();
		store.holdCompact = hold.opened;
		compactor.schedule('room');
		await vi.advanceTimersByTimeAsync(DELAY);
		expect(store.compactions).toBe(1);
		await edit(store, 'room', writer, 2);
		const now = compactor.compactNow('room');
		await vi.advanceTimersByTimeAsync(0);
		// Still held: compactNow waits its turn rather than load a log about to be replaced.
		expect(store.compactions).toBe(1);
		hold.open();
		await now;
		expect(store.compactions).toBe(2);
		expect((await store.stats('room')).pieces).toBe(1);
		expect((await stateOf(store, 'room')).text).toBe(writer.getText('text').toString());
	});

	it('compactNow rejects when the rewrite fails, leaving the log as it was', async () => {
		await edit(store, 'room', doc(), 3);
		store.failCompact = new Error('disk full');
		await expect(compactor.compactNow('room')).rejects.toThrow('disk full');
		expect((await store.stats('room')).pieces).toBe(3);
	});

	it('leaves a room with fewer than minPieces pieces alone', async () => {
		await edit(store, 'room', doc(), 31);
		compactor.schedule('room');
		await vi.advanceTimersByTimeAsync(DELAY * 5);
		await compactor.idle();
		expect(store.loads).toBe(0);
		expect((await store.stats('room')).pieces).toBe(31);
	});

	it('never compacts one room twice at once, and looks again after the running one ends', async () => {
		const writer = doc();
		await edit(store, 'room', writer, 40);
		const held = gate();
		store.holdLoad = held.opened;
		compactor.schedule('room');
		await vi.advanceTimersByTimeAsync(DELAY);
		expect(store.loads).toBe(1);

		await edit(store, 'room', writer, 40);
		compactor.schedule('room');
		await vi.advanceTimersByTimeAsync(DELAY * 20);
		expect(store.mostActiveLoads).toBe(1);
		expect(store.loads).toBe(1);

		store.holdLoad = undefined;
		held.open();
		await compactor.idle();
		await vi.advanceTimersByTimeAsync(DELAY);
		await compactor.idle();
		expect(store.loads).toBe(2);
		expect(store.mostActiveLoads).toBe(1);
		expect((await store.stats('room')).pieces).toBe(1);
	});

	it('keeps what is appended while a compaction is running', async () => {
		const writer = doc();
		await edit(store, 'room', writer, 40);
		const held = gate();
		store.holdCompact = held.opened;
		compactor.schedule('room');
		await vi.advanceTimersByTimeAsync(DELAY);
		expect(store.compactions).toBe(1);

		await edit(store, 'room', writer, 5);
		const expected = await stateOf(store, 'room');
		held.open();
		await compactor.idle();

		expect((await store.stats('room')).pieces).toBe(1 + 5);
		expect(await stateOf(store, 'room')).toEqual(expected);
		expect((await stateOf(store, 'room')).text).toBe(writer.getText('text').toString());
	});

	it('logs a failed compaction, never throws it, and keeps working', async () => {
		await edit(store, 'room', doc(), 40);
		store.failCompact = new Error('disk full');
		compactor.schedule('room');
		await vi.advanceTimersByTimeAsync(DELAY);
		await compactor.idle();
		expect(logger.warn).toHaveBeenCalledTimes(1);
		expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('room'), store.failCompact);
		expect((await store.stats('room')).pieces).toBe(40);

		store.failCompact = undefined;
		await edit(store, 'other', doc(), 40);
		compactor.schedule('other');
		await vi.advanceTimersByTimeAsync(DELAY);
		await compactor.idle();
		expect((await store.stats('other')).pieces).toBe(1);
	});

	it('tries a room whose compaction failed again at its next schedule', async () => {
		// A limit small enough that the merged log stays several pieces long (8 here): had the
		// failed attempt counted as done, the room would need 8 + 36 pieces before another look.
		compactor = createCompactor({
			store,
			logger,
			delayMs: DELAY,
			minPieces: 36,
			maxPieceBytes: 40
		});
		await edit(store, 'room', doc(), 40);
		store.failCompact = new Error('disk full');
		compactor.schedule('room');
		await vi.advanceTimersByTimeAsync(DELAY);
		await compactor.idle();
		expect(logger.warn).toHaveBeenCalledTimes(1);

		store.failCompact = undefined;
		compactor.schedule('room');
		await vi.advanceTimersByTimeAsync(DELAY);
		await compactor.idle();
		expect(store.compactions).toBe(2);
		expect((await store.stats('room')).pieces).toBeGreaterThan(4);
		expect((await store.stats('room')).pieces).toBeLessThan(40);
	});

	it('looks at a full room again only after minPieces more appends', async () => {
		compactor = createCompactor({ store, logger, delayMs: DELAY, minPieces: 4, maxPieceBytes: 8 });
		// Every update is larger than 8 bytes, so no compaction can shrink this log.
		await edit(store, 'room', doc(), 6);
		compactor.schedule('room');
		await vi.advanceTimersByTimeAsync(DELAY);
		await compactor.idle();
		expect(store.loads).toBe(1);
		expect(store.compactions).toBe(0);

		await edit(store, 'room', doc(), 3);
		compactor.schedule('room');
		await vi.advanceTimersByTimeAsync(DELAY);
		await compactor.idle();
		expect(store.loads).toBe(1);

		await edit(store, 'room', doc(), 1);
		compactor.schedule('room');
		await vi.advanceTimersByTimeAsync(DELAY);
		await compactor.idle();
		expect(store.loads).toBe(2);
	});

	it('on close, cancels what is pending and waits for what is running', async () => {
		await edit(store, 'running', doc(), 40);
		await edit(store, 'pending', doc(), 40);
		const held = gate();
		store.holdCompact = held.opened;
		compactor.schedule('running');
		await vi.advanceTimersByTimeAsync(DELAY);
		compactor.schedule('pending');

		let closed = false;
		const closing = compactor.close().then(() => (closed = true));
		await vi.advanceTimersByTimeAsync(DELAY * 20);
		expect(closed).toBe(false);
		held.open();
		await closing;
		expect((await store.stats('running')).pieces).toBe(1);
		expect((await store.stats('pending')).pieces).toBe(40);

		compactor.schedule('pending');
		await vi.advanceTimersByTimeAsync(DELAY * 20);
		expect(store.loads).toBe(1);
	});

	it('refuses settings that cannot work', () => {
		expect(() => createCompactor({ store, logger, maxPieceBytes: 0 })).toThrow(RangeError);
		expect(() => createCompactor({ store, logger, minPieces: 1.5 })).toThrow(RangeError);
	});
});
