// The sync endpoint with the stock y-websocket client, through the real server on port 0:
// convergence, catching up from the store, lean reconnects and large first syncs.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE_FRAMING_BYTES } from '../../server/sync/protocol';
import { DEFAULT_PIECE_BYTES } from '../../server/sync/sync-endpoint';
import {
	every,
	onEmitter,
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

let server: SyncTestServer | undefined;
const clients: StockClient[] = [];

afterEach(async () => {
	for (const client of clients.splice(0)) client.destroy();
	await server?.close();
	server = undefined;
});

async function start(): Promise<SyncTestServer> {
	server = await startSyncTestServer();
	return server;
}

function connect(room: string, token: TestToken, options: { doc?: Y.Doc } = {}): StockClient {
	if (!server) throw new Error('start the server first');
	const client = stockClient(server.syncUrl, room, token, options);
	clients.push(client);
	return client;
}

/** Text that deflate cannot shrink much, so byte counts mean what they say. */
function noise(seed: number, length: number): string {
	let state = seed;
	let out = '';
	while (out.length < length) {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		out += state.toString(36);
	}
	return out.slice(0, length);
}

async function waitRoomUnloaded(app: SyncTestServer, room: string): Promise<void> {
	await until(
		() => !app.endpoint.rooms().some((summary) => summary.name === room),
		[every(10)],
		`room ${room} unloads`
	);
}

describe('sync with the stock y-websocket client', () => {
	it('converges two clients, with per-message deflate negotiated', async () => {
		const app = await start();
		const alice = connect('community:one', 'alice');
		const bob = connect('community:one', 'bob');
		await Promise.all([waitSynced(alice), waitSynced(bob)]);

		alice.doc.getMap('records').set('t1', { author: 'alice', title: 'Hello' });
		bob.doc.getText('text').insert(0, 'from bob');
		await waitConverged([alice, bob]);

		expect(bob.doc.getMap('records').get('t1')).toEqual({ author: 'alice', title: 'Hello' });
		expect(alice.doc.getText('text').toString()).toBe('from bob');
		expect(alice.traffic.sockets[0]?.extensions).toContain('permessage-deflate');
		expect(app.endpoint.rooms()).toEqual([{ name: 'community:one', connections: 2 }]);
		expect((await app.store.updates('community:one')).length).toBeGreaterThanOrEqual(2);
	});

	it('lets a late client catch up from the store after the room unloaded', async () => {
		const app = await start();
		const alice = connect('journal:alice', 'alice');
		await waitSynced(alice);
		for (let i = 0; i < 20; i++) alice.doc.getMap('records').set(`e${i}`, { mood: i % 5 });
		await until(
			() => app.store.appends.filter((a) => a.seq !== undefined).length >= 20,
			[onEmitter(app.store.events, 'append-stored')],
			'all entries are stored'
		);
		const expected = alice.doc.getMap('records').toJSON();
		alice.destroy();
		await waitRoomUnloaded(app, 'journal:alice');

		const later = connect('journal:alice', 'alice');
		await waitSynced(later);
		expect(later.doc.getMap('records').toJSON()).toEqual(expected);
	});

	it('resyncs a client that was offline by exchanging only the differences', async () => {
		const app = await start();
		const room = 'community:big';
		const alice = connect(room, 'alice');
		const bob = connect(room, 'bob');
		await Promise.all([waitSynced(alice), waitSynced(bob)]);

		// ~200 KB of records, plus a text with deletions (so the delete set is not empty).
		alice.doc.transact(() => {
			for (let i = 0; i < 200; i++) {
				alice.doc.getMap('records').set(`r${i}`, { author: 'alice', body: noise(i, 1000) });
			}
			const text = alice.doc.getText('text');
			for (let i = 0; i < 300; i++) text.insert(text.length, `w${i} `);
		});
		const text = alice.doc.getText('text');
		for (let i = 0; i < 100; i++) text.delete(i * 3, 1);
		await waitConverged([alice, bob]);
		const documentBytes = Y.encodeStateAsUpdate(alice.doc).byteLength;
		expect(documentBytes).toBeGreaterThan(200_000);

		alice.provider.disconnect();
		alice.doc.getMap('records').set('offline', { author: 'alice', body: 'written offline' });
		const appendsBefore = app.store.appends.length;
		bob.doc.getMap('records').set('online', { author: 'bob', body: 'written meanwhile' });
		await until(
			() => app.store.appends.length > appendsBefore,
			[onEmitter(app.store.events, 'append-stored')],
			"bob's change is stored"
		);

		alice.traffic.reset();
		bob.traffic.reset();
		const storedBefore = app.store.appends.length;
		alice.provider.connect();
		await waitSynced(alice);
		await waitConverged([alice, bob]);

		expect(alice.doc.getMap('records').get('online')).toEqual({
			author: 'bob',
			body: 'written meanwhile'
		});
		expect(bob.doc.getMap('records').get('offline')).toEqual({
			author: 'alice',
			body: 'written offline'
		});
		// Both directions carry the change and the delete set, not the document.
		expect(alice.traffic.receivedBytes()).toBeLessThan(documentBytes / 50);
		expect(alice.traffic.sentBytes()).toBeLessThan(documentBytes / 50);
		// What is stored and relayed for the reconnect is just alice's record: the delete set
		// her step 2 repeats is already known and trimmed.
		const stored = app.store.appends.slice(storedBefore);
		expect(stored).toHaveLength(1);
		expect(stored[0]?.bytes).toBeLessThan(200);
		expect(bob.traffic.receivedBytes()).toBeLessThan(300);
	});
});

describe('a first sync of a large document', () => {
	/** ~1.5 MB: 1000 records, and one 500 KB text typed in one go (a single Yjs item). */
	function largeDocument(): Y.Doc {
		const doc = new Y.Doc();
		doc.transact(() => {
			const records = doc.getMap('records');
			for (let i = 0; i < 1000; i++) records.set(`r${i}`, { author: 'a', body: noise(i, 1000) });
			doc.getText('text').insert(0, noise(99_999, 500_000));
		});
		return doc;
	}

	async function storeLargeDocument(app: SyncTestServer, room: string): Promise<Y.Doc> {
		const doc = largeDocument();
		// One piece far over every limit, as an import or an old compaction might have left it,
		// then a few small ones.
		await app.store.append(room, Y.encodeStateAsUpdate(doc));
		for (let i = 0; i < 3; i++) {
			const before = Y.encodeStateVector(doc);
			doc.getMap('records').set(`late${i}`, { author: 'a', body: `late ${i}` });
			await app.store.append(room, Y.encodeStateAsUpdate(doc, before));
		}
		return doc;
	}

	it('arrives as several bounded messages, and the client ends synced with the same content', async () => {
		const app = await start();
		const original = await storeLargeDocument(app, 'community:large');
		const documentBytes = Y.encodeStateAsUpdate(original).byteLength;
		expect(documentBytes).toBeGreaterThan(1_400_000);

		const reader = connect('community:large', 'alice');
		await waitSynced(reader, 30_000);

		expect(reader.doc.getMap('records').toJSON()).toEqual(original.getMap('records').toJSON());
		expect(reader.doc.getText('text').toString()).toBe(original.getText('text').toString());
		const largest = Math.max(...reader.traffic.received);
		expect(largest).toBeLessThanOrEqual(DEFAULT_PIECE_BYTES + MESSAGE_FRAMING_BYTES);
		expect(reader.traffic.received.length).toBeGreaterThan(documentBytes / DEFAULT_PIECE_BYTES);
		// Lean: what was received is the document, give or take framing.
		expect(reader.traffic.receivedBytes()).toBeLessThan(documentBytes * 1.05);
	});

	it('resumes where it was cut off: the next first sync sends only the rest', async () => {
		const app = await start();
		const original = await storeLargeDocument(app, 'community:large');
		const documentBytes = Y.encodeStateAsUpdate(original).byteLength;

		const reader = connect('community:large', 'alice');
		// Cut the link after ten messages (~640 KB), as a dropped mobile connection would.
		const cut = new Promise<void>((done) => {
			const onMessage = () => {
				if (reader.traffic.received.length < 10) return;
				reader.traffic.off('message', onMessage);
				reader.provider.disconnect();
				done();
			};
			reader.traffic.on('message', onMessage);
		});
		await cut;
		expect(reader.provider.synced).toBe(false);
		const firstSession = reader.traffic.receivedBytes();
		expect(firstSession).toBeGreaterThan(documentBytes / 4);

		reader.traffic.reset();
		reader.provider.connect();
		await waitSynced(reader, 30_000);
		expect(reader.doc.getMap('records').toJSON()).toEqual(original.getMap('records').toJSON());
		expect(reader.doc.getText('text').toString()).toBe(original.getText('text').toString());
		// The second session did not start over: it re-sent at most the message the cut dropped
		// (the provider ignores a message arriving on a socket it has let go).
		const dropped = DEFAULT_PIECE_BYTES + MESSAGE_FRAMING_BYTES;
		expect(reader.traffic.receivedBytes()).toBeLessThan(documentBytes - firstSession + 2 * dropped);
	});
});
