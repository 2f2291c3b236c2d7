// A room on its own: loading (and surviving a damaged piece), refusing to come up when the store
// fails, picking up compactions, and the onUpdateStored hook.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Logger } from '../logger';
import { silentLogger } from '../logger';
import { MemoryDocumentStore } from '../store/memory-document-store';
import { CLOSE, decodeClientMessage, type CloseCode } from './protocol';
import type { RelayedUpdate } from './relay-outbox';
import {
	REFRESH_AFTER_APPENDS,
	Room,
	RoomLoadError,
	StoreWriteError,
	type RoomMember
} from './room';
import { createWriteBudget, OverBudgetError, type WriteBudget } from './write-budget';
import { RefusedUpdateError, type UpdateGate } from './update-gate';

const rooms: Room[] = [];
afterEach(() => {
	for (const room of rooms.splice(0)) room.retire();
});

function member(): RoomMember & {
	relayed: Uint8Array[];
	updates: RelayedUpdate[];
	closedWith: CloseCode[];
} {
	const relayed: Uint8Array[] = [];
	const updates: RelayedUpdate[] = [];
	const closedWith: CloseCode[] = [];
	return {
		access: { userId: 'u', canWrite: true, awareness: false },
		awarenessIds: new Set(),
		relayed,
		updates,
		closedWith,
		relay: (message) => relayed.push(message),
		relayUpdate: (update) => {
			relayed.push(update.message);
			updates.push(update);
		},
		close: (code) => closedWith.push(code)
	};
}

function recordingLogger(): Logger & { errors: string[] } {
	const errors: string[] = [];
	return { ...silentLogger, errors, error: (message) => errors.push(message) };
}

function openRoom(
	store: MemoryDocumentStore,
	options: {
		log?: Logger;
		onUpdateStored?: (room: string, seq: number) => void;
		budget?: WriteBudget;
		gate?: UpdateGate;
	} = {}
) {
	const retired: Room[] = [];
	const room = new Room({
		name: 'room',
		store,
		log: options.log ?? silentLogger,
		pieceBytes: 64 * 1024,
		onUpdateStored: options.onUpdateStored,
		budget: options.budget,
		gate: options.gate,
		onRetired: (r) => retired.push(r)
	});
	rooms.push(room);
	return { room, retired };
}

function recordUpdate(doc: Y.Doc, key: string): Uint8Array {
	const before = Y.encodeStateVector(doc);
	doc.getMap('records').set(key, { body: key });
	return Y.encodeStateAsUpdate(doc, before);
}

function contentFrom(updates: Iterable<Uint8Array>): unknown {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc.getMap('records').toJSON();
}

/** A gate that refuses every member's update. */
const refuseAll: UpdateGate = {
	admit: () => Promise.reject(new RefusedUpdateError('not-yours', 'nothing passes')),
	bindPresence: () => {}
};

describe('Room.changeAsServer', () => {
	it('stores the server’s own change and relays it to every member, past a closed gate', async () => {
		const store = new MemoryDocumentStore();
		const author = new Y.Doc();
		await store.append('room', recordUpdate(author, 'a'));
		await store.append('room', recordUpdate(author, 'b'));
		const { room } = openRoom(store, { gate: refuseAll });
		const reader = member();
		room.join(reader);
		const changed = await room.changeAsServer((doc) => {
			doc.getMap('records').delete('a');
			return 1;
		});
		expect(changed).toBe(1);
		expect(room.doc.getMap('records').toJSON()).toEqual({ b: { body: 'b' } });
		expect(reader.relayed).toHaveLength(1);
		const stored = await store.load('room');
		expect(stored).toHaveLength(3);
		expect(contentFrom(stored.map((piece) => piece.update))).toEqual({ b: { body: 'b' } });
		// A member's update still meets the gate.
		await expect(room.receiveUpdate(reader, recordUpdate(author, 'c'))).rejects.toBeInstanceOf(
			RefusedUpdateError
		);
	});

	it('stores and relays nothing when the change changes nothing', async () => {
		const store = new MemoryDocumentStore();
		await store.append('room', recordUpdate(new Y.Doc(), 'a'));
		const { room } = openRoom(store);
		const reader = member();
		room.join(reader);
		expect(await room.changeAsServer(() => 0)).toBe(0);
		expect(reader.relayed).toEqual([]);
		expect(await store.load('room')).toHaveLength(1);
	});
});

describe('Room', () => {
	it('loads the stored log, skipping a damaged piece with an error logged', async () => {
		const store = new MemoryDocumentStore();
		const author = new Y.Doc();
		await store.append('room', recordUpdate(author, 'a'));
		await store.append('room', Uint8Array.of(1, 200, 3));
		const log = recordingLogger();
		const { room } = openRoom(store, { log });
		room.join(member());
		await room.ready;
		expect(room.doc.getMap('records').toJSON()).toEqual({ a: { body: 'a' } });
		expect(log.errors).toEqual(['sync: room room: could not apply stored piece 2']);
	});

	it('closes its members with 1011 and retires when the store cannot load it', async () => {
		const store = new MemoryDocumentStore();
		await store.close();
		const { room, retired } = openRoom(store);
		const someone = member();
		room.join(someone);
		await expect(room.ready).rejects.toBeInstanceOf(RoomLoadError);
		expect(someone.closedWith).toEqual([CLOSE.SERVER_ERROR]);
		expect(retired).toEqual([room]);
	});

	it('stores, then relays to the others, then calls onUpdateStored with the seq', async () => {
		const store = new MemoryDocumentStore();
		const calls: [string, number][] = [];
		const { room } = openRoom(store, { onUpdateStored: (name, seq) => calls.push([name, seq]) });
		const sender = member();
		const other = member();
		room.join(sender);
		room.join(other);
		await room.receiveUpdate(sender, recordUpdate(new Y.Doc(), 'x'));
		const [stored] = await store.load('room');
		expect(calls).toEqual([['room', stored?.seq]]);
		expect(other.relayed).toHaveLength(1);
		expect(sender.relayed).toHaveLength(0);
	});

	it('relays one shared message per update, and merges a run of them once for everyone', async () => {
		const { room } = openRoom(new MemoryDocumentStore());
		const sender = member();
		const first = member();
		const second = member();
		for (const m of [sender, first, second]) room.join(m);
		const doc = new Y.Doc();
		for (const key of ['a', 'b']) await room.receiveUpdate(sender, recordUpdate(doc, key));
		expect(first.updates.map((u) => u.seq)).toEqual([1, 2]);
		expect(second.updates[0]).toBe(first.updates[0]);

		const merged = room.mergeRelayed(first.updates);
		expect(room.mergeRelayed(second.updates)).toBe(merged);
		const decoded = decodeClientMessage(merged);
		expect(decoded.type).toBe('sync-update');
		if (decoded.type === 'sync-update') {
			expect(contentFrom([decoded.update])).toEqual({ a: { body: 'a' }, b: { body: 'b' } });
		}
	});

	it('keeps relaying when onUpdateStored throws, and logs it', async () => {
		const log = recordingLogger();
		const { room } = openRoom(new MemoryDocumentStore(), {
			log,
			onUpdateStored: () => {
				throw new Error('compactor broke');
			}
		});
		const sender = member();
		const other = member();
		room.join(sender);
		room.join(other);
		await room.receiveUpdate(sender, recordUpdate(new Y.Doc(), 'x'));
		expect(other.relayed).toHaveLength(1);
		expect(log.errors).toEqual(['sync: onUpdateStored failed for room room']);
	});

	it('reloads its pieces after many appends, so first syncs use the compacted log', async () => {
		const store = new MemoryDocumentStore();
		let loads = 0;
		let duringReload: (() => Promise<void>) | null = null;
		const load = store.load.bind(store);
		store.load = async (room) => {
			loads++;
			const pieces = await load(room);
			// An update stored after the reload read the log, before it finished.
			if (loads === 2 && duringReload) await duringReload();
			return pieces;
		};
		const { room } = openRoom(store);
		const sender = member();
		room.join(sender);
		const author = new Y.Doc();
		for (let i = 0; i < REFRESH_AFTER_APPENDS - 1; i++) {
			await room.receiveUpdate(sender, recordUpdate(author, `r${i}`));
		}
		// The compactor merges what is stored so far into one piece.
		const stored = await store.load('room');
		loads--;
		await store.compact('room', stored.at(-1)?.seq ?? 0, [
			Y.mergeUpdates(stored.map((piece) => piece.update))
		]);
		expect(loads).toBe(1);

		duringReload = () => room.receiveUpdate(sender, recordUpdate(author, 'during'));
		await room.receiveUpdate(sender, recordUpdate(author, 'last'));
		await room.settled();
		expect(author.getMap('records').has('during')).toBe(true);
		expect(loads).toBe(2);
		const updates = [...room.firstSync(Uint8Array.of(0))];
		expect(contentFrom(updates)).toEqual(author.getMap('records').toJSON());
	});
});

describe('Room with a write budget', () => {
	/** Room for `bytes` and no more, and no refill (the clock stands still). */
	const tight = (bytes: number) =>
		createWriteBudget({
			community: { changes: null, bytes: { capacity: bytes, perHour: 1 } },
			now: () => 0
		});

	it('refuses an update over its sender’s budget, storing and relaying none of it', async () => {
		const store = new MemoryDocumentStore();
		const author = new Y.Doc();
		const first = recordUpdate(author, 'first');
		const { room } = openRoom(store, { budget: tight(first.byteLength + 10) });
		const sender = member();
		const other = member();
		room.join(sender);
		room.join(other);
		await room.receiveUpdate(sender, first);
		const refused = room.receiveUpdate(sender, recordUpdate(author, 'second'));
		await expect(refused).rejects.toBeInstanceOf(OverBudgetError);
		await expect(refused).rejects.toMatchObject({ retryAfterMs: expect.any(Number) });
		expect(contentFrom((await store.load('room')).map((piece) => piece.update))).toEqual({
			first: { body: 'first' }
		});
		expect(other.relayed).toHaveLength(1);
		expect(room.doc.getMap('records').has('second')).toBe(false);
	});

	it('gives the charge back when the store fails, so the retry is not charged twice', async () => {
		const store = new MemoryDocumentStore();
		const append = store.append.bind(store);
		let failures = 1;
		store.append = async (name, update) => {
			if (failures-- > 0) throw new Error('disk full');
			return append(name, update);
		};
		const update = recordUpdate(new Y.Doc(), 'once');
		// Room for the update once, but not twice: only a refund lets the retry through.
		const { room } = openRoom(store, { budget: tight(Math.floor(update.byteLength * 1.5)) });
		const sender = member();
		room.join(sender);
		await expect(room.receiveUpdate(sender, update)).rejects.toBeInstanceOf(StoreWriteError);
		await room.receiveUpdate(sender, update);
		expect(await store.load('room')).toHaveLength(1);
	});
});
