// What the sync endpoint refuses, with which close code, and that a refusal neither stores
// anything nor disturbs the others in the room.
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE, encodeSyncStep1, encodeSyncUpdate } from '../../server/sync/protocol';
import {
	onClient,
	onDocUpdate,
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

const MAX_MESSAGE_BYTES = 64 * 1024;
const ROOM = 'community:refusals';

let server: SyncTestServer | undefined;
const clients: StockClient[] = [];
const raws: RawClient[] = [];

afterEach(async () => {
	for (const client of clients.splice(0)) client.destroy();
	for (const raw of raws.splice(0)) raw.ws.terminate();
	await server?.close();
	server = undefined;
});

async function start(options: { allowedOrigins?: string[] } = {}): Promise<SyncTestServer> {
	server = await startSyncTestServer({ maxMessageBytes: MAX_MESSAGE_BYTES, ...options });
	return server;
}

function connect(app: SyncTestServer, room: string, token: TestToken | null): StockClient {
	const client = stockClient(app.syncUrl, room, token);
	clients.push(client);
	return client;
}

function raw(
	app: SyncTestServer,
	room: string,
	token: TestToken | null,
	options: { origin?: string } = {}
): RawClient {
	const client = RawClient.connect(app.syncUrl, room, token, options);
	raws.push(client);
	return client;
}

/** A valid update adding record `key`, as a client other than the witnesses would send it. */
function recordUpdate(key: string, bodyBytes = 10): Uint8Array {
	const doc = new Y.Doc();
	doc.getMap('records').set(key, { author: 'carol', body: 'x'.repeat(bodyBytes) });
	return Y.encodeStateAsUpdate(doc);
}

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

/** Two synced stock clients that must keep working whatever a third one does. */
async function witnesses(app: SyncTestServer) {
	const alice = connect(app, ROOM, 'alice');
	const bob = connect(app, ROOM, 'bob');
	await Promise.all([waitSynced(alice), waitSynced(bob)]);
	alice.doc.getMap('records').set('before', { author: 'alice', body: 'hi' });
	await waitConverged([alice, bob]);
	return { alice, bob };
}

/** The room still relays and stores, and nothing under `forbiddenKey` got anywhere. */
async function roomStillServes(
	app: SyncTestServer,
	alice: StockClient,
	bob: StockClient,
	forbiddenKey: string
) {
	alice.doc.getMap('records').set('after', { author: 'alice', body: 'still here' });
	await until(
		() => bob.doc.getMap('records').has('after'),
		[onDocUpdate(bob.doc)],
		'bob receives the next update'
	);
	expect(bob.doc.getMap('records').has(forbiddenKey)).toBe(false);
	expect(alice.doc.getMap('records').has(forbiddenKey)).toBe(false);
	const stored = new Y.Doc();
	for (const update of await app.store.updates(ROOM)) Y.applyUpdate(stored, update);
	expect(stored.getMap('records').has(forbiddenKey)).toBe(false);
	expect(stored.getMap('records').has('after')).toBe(true);
}

describe('messages the endpoint refuses', () => {
	const cases: { what: string; bytes: () => Uint8Array | string; code: number }[] = [
		{
			what: 'an update that is not a Yjs update',
			bytes: () => encodeSyncUpdate(Uint8Array.of(5)),
			code: CLOSE.MALFORMED
		},
		{
			what: 'an update with trailing garbage after its payload',
			bytes: () => Uint8Array.from([...encodeSyncUpdate(recordUpdate('evil')), 7]),
			code: CLOSE.MALFORMED
		},
		{ what: 'a truncated varint', bytes: () => Uint8Array.of(0x80), code: CLOSE.MALFORMED },
		{
			what: 'a payload length running past the end',
			bytes: () => Uint8Array.of(0, 2, 100, 1, 2, 3),
			code: CLOSE.MALFORMED
		},
		{ what: 'an unknown message type', bytes: () => Uint8Array.of(7), code: CLOSE.MALFORMED },
		{ what: 'an unknown sync step', bytes: () => Uint8Array.of(0, 9, 0), code: CLOSE.MALFORMED },
		{ what: 'an auth message', bytes: () => Uint8Array.of(2, 0, 0), code: CLOSE.MALFORMED },
		{ what: 'a text frame', bytes: () => 'hello', code: CLOSE.MALFORMED },
		{
			what: 'presence that is not JSON',
			bytes: () =>
				message((e) => {
					encoding.writeVarUint(e, 1);
					encoding.writeVarUint8Array(
						e,
						message((inner) => {
							encoding.writeVarUint(inner, 1);
							encoding.writeVarUint(inner, 42);
							encoding.writeVarUint(inner, 1);
							encoding.writeVarString(inner, '{not json');
						})
					);
				}),
			code: CLOSE.MALFORMED
		},
		{
			what: 'a valid update over maxMessageBytes',
			bytes: () => encodeSyncUpdate(recordUpdate('evil', MAX_MESSAGE_BYTES + 1000)),
			code: CLOSE.TOO_LARGE
		}
	];

	it.each(cases)(
		'closes with $code on $what; nothing stored, the room keeps serving',
		async ({ bytes, code }) => {
			const app = await start();
			const { alice, bob } = await witnesses(app);
			const appendsBefore = app.store.appends.length;

			const carol = raw(app, ROOM, 'carol');
			await carol.opened;
			carol.send(bytes());
			expect((await carol.closed).code).toBe(code);
			expect(app.store.appends.length).toBe(appendsBefore);
			await roomStillServes(app, alice, bob, 'evil');
		}
	);

	it('cuts a message over twice maxMessageBytes before buffering it, also with 4413', async () => {
		const app = await start();
		const { alice, bob } = await witnesses(app);
		const appendsBefore = app.store.appends.length;
		const carol = raw(app, ROOM, 'carol');
		await carol.opened;
		// Uncompressed, so ws sees the length in the frame header and reads no further.
		carol.ws.send(encodeSyncUpdate(recordUpdate('evil', 2 * MAX_MESSAGE_BYTES + 1000)), {
			compress: false
		});
		expect((await carol.closed).code).toBe(CLOSE.TOO_LARGE);
		expect(app.store.appends.length).toBe(appendsBefore);
		await roomStillServes(app, alice, bob, 'evil');
	});

	it('cuts a compressed message that inflates past the ceiling, also with 4413', async () => {
		const app = await start();
		const carol = raw(app, ROOM, 'carol');
		await carol.opened;
		// ~140 KB of one repeated byte deflates to a few hundred: only inflating reveals its size.
		const update = recordUpdate('evil', 2 * MAX_MESSAGE_BYTES + 10_000);
		carol.ws.send(encodeSyncUpdate(update), { compress: true });
		expect((await carol.closed).code).toBe(CLOSE.TOO_LARGE);
		expect(app.store.appends).toHaveLength(0);
	});

	it('ignores what follows a refused message from the same connection', async () => {
		const app = await start();
		const { alice, bob } = await witnesses(app);
		const carol = raw(app, ROOM, 'carol');
		await carol.opened;
		carol.send(Uint8Array.of(7));
		carol.send(encodeSyncUpdate(recordUpdate('evil')));
		expect((await carol.closed).code).toBe(CLOSE.MALFORMED);
		await roomStillServes(app, alice, bob, 'evil');
	});
});

describe('read-only connections', () => {
	it('sync and receive updates, but an update from one closes it with 4403', async () => {
		const app = await start();
		const { alice, bob } = await witnesses(app);
		const rita = connect(app, ROOM, 'reader');
		await waitSynced(rita);
		expect(rita.doc.getMap('records').get('before')).toEqual({ author: 'alice', body: 'hi' });

		alice.doc.getMap('records').set('news', { author: 'alice', body: 'for everyone' });
		await until(
			() => rita.doc.getMap('records').has('news'),
			[onDocUpdate(rita.doc)],
			'the reader receives updates'
		);

		const appendsBefore = app.store.appends.length;
		rita.doc.getMap('records').set('evil', { author: 'rita', body: 'not allowed' });
		await until(() => rita.closes.length > 0, [onClient(rita, 'connection-close')], 'closed');
		expect(rita.closes).toEqual([CLOSE.FORBIDDEN]);
		// The stock client gives up on a 4400-range code instead of retrying.
		expect(rita.provider.shouldConnect).toBe(false);
		expect(app.store.appends.length).toBe(appendsBefore);
		await roomStillServes(app, alice, bob, 'evil');
	});

	it('are not asked for their state: the server sends its step 1 to writers only', async () => {
		const app = await start();
		const reader = raw(app, ROOM, 'reader');
		const writer = raw(app, ROOM, 'carol');
		await Promise.all([reader.opened, writer.opened]);
		const emptyStateVector = Uint8Array.of(0);
		reader.send(encodeSyncStep1(emptyStateVector));
		writer.send(encodeSyncStep1(emptyStateVector));
		const isStep2 = (m: Uint8Array) => m[0] === 0 && m[1] === 1;
		const isStep1 = (m: Uint8Array) => m[0] === 0 && m[1] === 0;
		await reader.nextMessage(isStep2, 'the reader is synced');
		await writer.nextMessage(isStep2, 'the writer is synced');
		expect(writer.messages.some(isStep1)).toBe(true);
		expect(reader.messages.some(isStep1)).toBe(false);
	});
});

describe('connections refused before they join', () => {
	const cases: {
		what: string;
		room: string;
		token: TestToken | null;
		code: number;
		asked: boolean;
	}[] = [
		{
			what: 'an upper-case room name',
			room: 'Community:x',
			token: 'alice',
			code: 4404,
			asked: false
		},
		{ what: 'a room name with a dot', room: 'a.b', token: 'alice', code: 4404, asked: false },
		{
			what: 'a room name too long',
			room: 'a'.repeat(129),
			token: 'alice',
			code: 4404,
			asked: false
		},
		{ what: 'a nested path', room: 'a/b', token: 'alice', code: 4404, asked: false },
		{ what: 'a room that does not exist', room: 'gone-1', token: 'alice', code: 4404, asked: true },
		{ what: 'no token', room: ROOM, token: null, code: 4401, asked: false },
		{ what: 'an expired token', room: ROOM, token: 'expired', code: 4401, asked: true },
		{ what: 'a person not in the room', room: ROOM, token: 'outsider', code: 4403, asked: true },
		{ what: 'too many connections', room: ROOM, token: 'greedy', code: 4429, asked: true }
	];

	it.each(cases)('refuses $what with $code', async ({ room, token, code, asked }) => {
		const app = await start();
		const client = raw(app, room, token);
		// The handshake completes (a refused HTTP upgrade would make the stock client retry).
		await client.opened;
		expect((await client.closed).code).toBe(code);
		expect(app.authorized.length > 0).toBe(asked);
		expect(app.endpoint.rooms()).toEqual([]);
	});

	it('answers trouble on the server side with codes the stock client retries', async () => {
		server = await startSyncTestServer({
			maxConnections: 1,
			authorizeTimeoutMs: 50,
			authorize: async (_req, room) => {
				if (room === 'broken') throw new Error('the identity store is down');
				if (room === 'slow') return new Promise(() => {});
				return { userId: 'alice', canWrite: true, awareness: true };
			}
		});
		const broken = raw(server, 'broken', 'alice');
		expect((await broken.closed).code).toBe(CLOSE.SERVER_ERROR);
		const slow = raw(server, 'slow', 'alice');
		expect((await slow.closed).code).toBe(CLOSE.TRY_AGAIN_LATER);

		const first = raw(server, ROOM, 'alice');
		await first.opened;
		first.send(encodeSyncStep1(Uint8Array.of(0)));
		await first.nextMessage((m) => m[0] === 0 && m[1] === 1, 'the first is in');
		const second = raw(server, ROOM, 'alice');
		expect((await second.closed).code).toBe(CLOSE.TRY_AGAIN_LATER);
	});

	it('refuses an Origin that is not allowed, and takes one that is, or none', async () => {
		const app = await start({ allowedOrigins: ['https://hearth.example'] });
		const foreign = raw(app, ROOM, 'alice', { origin: 'https://evil.example' });
		expect((await foreign.closed).code).toBe(CLOSE.FORBIDDEN);

		const own = raw(app, ROOM, 'alice', { origin: 'https://hearth.example' });
		const none = raw(app, ROOM, 'alice');
		await Promise.all([own.opened, none.opened]);
		own.send(encodeSyncStep1(Uint8Array.of(0)));
		none.send(encodeSyncStep1(Uint8Array.of(0)));
		const isStep2 = (m: Uint8Array) => m[0] === 0 && m[1] === 1;
		await own.nextMessage(isStep2, 'the allowed origin syncs');
		await none.nextMessage(isStep2, 'a request without Origin syncs');
	});

	it('makes the stock client stop and report the code instead of retrying', async () => {
		const app = await start();
		const client = connect(app, ROOM, 'expired');
		const closed = new Promise<{ code: number }>((done) =>
			client.provider.on('closed', (event) => done(event))
		);
		expect((await closed).code).toBe(CLOSE.UNAUTHENTICATED);
		expect(client.provider.shouldConnect).toBe(false);
		expect(app.authorized).toEqual([ROOM]);
	});
});
