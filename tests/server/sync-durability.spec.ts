// Stored before relayed, what a failing store does, shutdown, dead sockets and presence: the
// sync endpoint's promises about when and whether things happen, checked by the order of
// events (held appends, round trips on one socket), never by timing.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	CLOSE,
	decodeClientMessage,
	encodeAwarenessMessage,
	encodeAwarenessUpdate,
	encodeSyncStep1,
	encodeSyncUpdate
} from '../../server/sync/protocol';
import {
	every,
	onClient,
	onDocUpdate,
	onEmitter,
	RawClient,
	stockClient,
	until,
	waitConverged,
	waitSynced,
	type StockClient
} from '../support/sync-clients';
import {
	startSyncTestServer,
	type SyncTestServer,
	type TestToken
} from '../support/sync-test-server';

const ROOM = 'community:durability';

let server: SyncTestServer | undefined;
const clients: StockClient[] = [];
const raws: RawClient[] = [];

afterEach(async () => {
	for (const client of clients.splice(0)) client.destroy();
	for (const raw of raws.splice(0)) raw.ws.terminate();
	await server?.close();
	server = undefined;
});

async function start(options: { pingIntervalMs?: number } = {}): Promise<SyncTestServer> {
	server = await startSyncTestServer(options);
	return server;
}

function connect(app: SyncTestServer, token: TestToken): StockClient {
	const client = stockClient(app.syncUrl, ROOM, token);
	clients.push(client);
	return client;
}

const isStep2 = (m: Uint8Array) => m[0] === 0 && m[1] === 1;
const isUpdate = (m: Uint8Array) => m[0] === 0 && m[1] === 2;
const isAwareness = (m: Uint8Array) => m[0] === 1;

/**
 * A raw client that has joined and synced, and can prove what the server has sent it so far:
 * the server writes to one socket in order, so once the answer to a query arrives, anything the
 * server sent before answering has arrived too.
 */
async function observer(app: SyncTestServer) {
	const carol = RawClient.connect(app.syncUrl, ROOM, 'carol');
	raws.push(carol);
	await carol.opened;
	carol.send(encodeSyncStep1(Uint8Array.of(0)));
	await carol.nextMessage(isStep2, 'the observer is synced');
	let queries = 0;
	return {
		carol,
		/** Everything the server has sent so far, once a round trip has completed. */
		async roundTrip(): Promise<Uint8Array[]> {
			const answered = carol.messages.filter(isAwareness).length;
			queries++;
			carol.send(Uint8Array.of(3));
			await until(
				() => carol.messages.filter(isAwareness).length >= answered + 1,
				[onEmitter(carol.events, 'message')],
				`query ${queries} is answered`
			);
			return [...carol.messages];
		},
		/** The document the observer would hold from the updates it received. */
		doc(): Y.Doc {
			const doc = new Y.Doc();
			for (const message of carol.messages) {
				const decoded = decodeClientMessage(message);
				if (decoded.type === 'sync-update' || decoded.type === 'sync-step2') {
					Y.applyUpdate(doc, decoded.update);
				}
			}
			return doc;
		}
	};
}

describe('durability', () => {
	it('stores an update before relaying it: a held append holds the relay', async () => {
		const app = await start();
		const alice = connect(app, 'alice');
		await waitSynced(alice);
		const watch = await observer(app);

		app.store.holdAppends();
		const started = new Promise((done) => app.store.events.once('append-started', done));
		alice.doc.getMap('records').set('held', { author: 'alice', body: 'wait for the disk' });
		await started;
		const sentMeanwhile = await watch.roundTrip();
		expect(sentMeanwhile.filter(isUpdate)).toEqual([]);

		app.store.releaseAppends();
		await watch.carol.nextMessage(isUpdate, 'the update is relayed once stored');
		expect(watch.doc().getMap('records').get('held')).toEqual({
			author: 'alice',
			body: 'wait for the disk'
		});
		expect(app.store.appends.at(-1)?.seq).toBeDefined();
	});

	it('relays nothing when the store fails, closes the sender with 1011, and recovers on retry', async () => {
		const app = await start();
		const alice = connect(app, 'alice');
		const bob = connect(app, 'bob');
		await Promise.all([waitSynced(alice), waitSynced(bob)]);
		const watch = await observer(app);

		app.store.failAppends = true;
		alice.doc.getMap('records').set('retry', { author: 'alice', body: 'the disk was full' });
		await until(
			() => alice.closes.includes(CLOSE.SERVER_ERROR),
			[onClient(alice, 'connection-close')],
			'alice is closed with 1011'
		);
		expect((await watch.roundTrip()).filter(isUpdate)).toEqual([]);
		expect(bob.doc.getMap('records').has('retry')).toBe(false);
		expect(await app.store.updates(ROOM)).toEqual([]);
		// 1011 is not in 4400–4499: the stock client keeps trying.
		expect(alice.provider.shouldConnect).toBe(true);

		app.store.failAppends = false;
		await until(
			() => bob.doc.getMap('records').has('retry'),
			[onDocUpdate(bob.doc)],
			'the change arrives once the store works again'
		);
		await waitConverged([alice, bob]);
		expect((await app.store.updates(ROOM)).length).toBeGreaterThan(0);
	});

	it('close() sends 1001 to everyone and waits for appends under way', async () => {
		const app = await start();
		const alice = connect(app, 'alice');
		const bob = connect(app, 'bob');
		await Promise.all([waitSynced(alice), waitSynced(bob)]);

		app.store.holdAppends();
		const started = new Promise((done) => app.store.events.once('append-started', done));
		alice.doc.getMap('records').set('last', { author: 'alice', body: 'just before shutdown' });
		await started;

		let closed = false;
		const closing = app.endpoint.close().then(() => (closed = true));
		await until(
			() => alice.closes.includes(CLOSE.GOING_AWAY) && bob.closes.includes(CLOSE.GOING_AWAY),
			[onClient(alice, 'connection-close'), onClient(bob, 'connection-close')],
			'both are told the server is going away'
		);
		expect(closed).toBe(false);

		app.store.releaseAppends();
		await closing;
		const stored = new Y.Doc();
		for (const update of await app.store.updates(ROOM)) Y.applyUpdate(stored, update);
		expect(stored.getMap('records').get('last')).toEqual({
			author: 'alice',
			body: 'just before shutdown'
		});
		expect(app.endpoint.rooms()).toEqual([]);
	});
});

describe('closeRoom', () => {
	it('closes everyone in one room with the given code, and unloads it', async () => {
		const app = await start();
		const alice = connect(app, 'alice');
		const elsewhere = stockClient(app.syncUrl, 'community:other', 'bob');
		clients.push(elsewhere);
		await Promise.all([waitSynced(alice), waitSynced(elsewhere)]);

		await app.endpoint.closeRoom(ROOM, CLOSE.NO_SUCH_ROOM);
		await until(() => alice.closes.length > 0, [onClient(alice, 'connection-close')], 'closed');
		expect(alice.closes).toEqual([CLOSE.NO_SUCH_ROOM]);
		expect(alice.provider.shouldConnect).toBe(false);
		await until(
			() => app.endpoint.rooms().every((room) => room.name !== ROOM),
			[every(10)],
			'the room unloads'
		);
		expect(app.endpoint.rooms()).toEqual([{ name: 'community:other', connections: 1 }]);
		expect(elsewhere.closes).toEqual([]);
	});
});

describe('dead sockets', () => {
	it('terminates a socket that stops answering pings, and keeps one that answers', async () => {
		const app = await start({ pingIntervalMs: 50 });
		const silent = RawClient.connect(app.syncUrl, ROOM, 'alice', { autoPong: false });
		const lively = RawClient.connect(app.syncUrl, ROOM, 'bob');
		raws.push(silent, lively);
		await Promise.all([silent.opened, lively.opened]);
		let pings = 0;
		lively.ws.on('ping', () => pings++);

		// Terminated, not closed: no close frame, so the client sees 1006.
		expect((await silent.closed).code).toBe(1006);
		await until(() => pings >= 4, [onEmitter(lively.ws, 'ping')], 'four pings are answered');
		expect(lively.ws.readyState).toBe(lively.ws.OPEN);
	});
});

describe('presence (awareness)', () => {
	it('is relayed between those allowed, never stored, and removed when one leaves', async () => {
		const app = await start();
		const alice = connect(app, 'alice');
		const bob = connect(app, 'bob');
		const quiet = connect(app, 'quiet');
		await Promise.all([waitSynced(alice), waitSynced(bob), waitSynced(quiet)]);
		const appendsBefore = app.store.appends.length;
		const bobSees = (client: StockClient) =>
			bob.provider.awareness.getStates().has(client.doc.clientID);
		const onBobAwareness = (wake: () => void) => {
			bob.provider.awareness.on('change', wake);
			return () => bob.provider.awareness.off('change', wake);
		};

		alice.provider.awareness.setLocalState({ name: 'Ash' });
		quiet.provider.awareness.setLocalState({ name: 'Quinn' });
		// Barriers: each client's update reaches the others after the presence it sent before,
		// since the server handles one connection's messages in order and writes to a socket in
		// order.
		alice.doc.getMap('records').set('a', { author: 'alice', body: 'here' });
		quiet.doc.getMap('records').set('q', { author: 'quinn', body: 'here' });
		await until(
			() => ['a', 'q'].every((key) => bob.doc.getMap('records').has(key)),
			[onDocUpdate(bob.doc)],
			'bob has both records'
		);
		await until(() => quiet.doc.getMap('records').has('a'), [onDocUpdate(quiet.doc)], 'quiet too');
		expect(bob.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({ name: 'Ash' });
		expect(bobSees(quiet)).toBe(false);
		expect(quiet.provider.awareness.getStates().has(alice.doc.clientID)).toBe(false);

		// Someone else may not clear alice's presence.
		const carol = RawClient.connect(app.syncUrl, ROOM, 'carol');
		raws.push(carol);
		await carol.opened;
		const clock = alice.provider.awareness.meta.get(alice.doc.clientID)?.clock ?? 0;
		carol.send(
			encodeAwarenessMessage(
				encodeAwarenessUpdate([{ clientId: alice.doc.clientID, clock: clock + 5, json: 'null' }])
			)
		);
		const carolDoc = new Y.Doc();
		carolDoc.getMap('records').set('c', { author: 'carol', body: 'here' });
		carol.send(encodeSyncUpdate(Y.encodeStateAsUpdate(carolDoc)));
		await until(() => bob.doc.getMap('records').has('c'), [onDocUpdate(bob.doc)], 'barrier');
		expect(bobSees(alice)).toBe(true);

		alice.provider.disconnect();
		await until(() => !bobSees(alice), [onBobAwareness], "alice's presence is removed");
		// Presence is never stored: the store saw the three records only.
		expect(app.store.appends.length).toBe(appendsBefore + 3);
	});
});
