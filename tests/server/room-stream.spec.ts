// A busy room's shared compressed stream (server/sync/room-stream.ts) against real `ws` clients
// with per-message deflate and context takeover, as browsers negotiate it: many updates across
// several fresh streams, a client joining mid-stream and moving onto the next one, presence and
// probe answers sent beside the stream, a client that asked for no context takeover, and small
// rooms left exactly as before. Frames go out two sockets at a time (server/sync/fan-out.ts), so
// every room here is written in slices, with posts and joins arriving between them. A frame the client could not inflate would close its socket
// (1007) and the provider would reconnect and still converge, so every test also checks that
// each client kept its one socket.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { randomBytes } from 'node:crypto';
import { CLOSE, encodeSyncStep1 } from '../../server/sync/protocol';
import { mulberry32 } from '../support/seeded-random';
import {
	every,
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

const ROOM = 'community:busy:2026-11';
const STREAM = { minConnections: 4, epochMinMs: 150, sliceSize: 2 };
const TOKENS: readonly TestToken[] = ['alice', 'bob', 'carol', 'reader', 'quiet'];

let server: SyncTestServer | undefined;
const clients: StockClient[] = [];

afterEach(async () => {
	for (const client of clients.splice(0)) client.destroy();
	await server?.close();
	server = undefined;
});

/** Posts of prose-like words, so deflate has history to point back into. */
function postWriter(seed: number): (n: number) => string {
	const random = mulberry32(seed);
	const words = ['quiet', 'evening', 'walked', 'tired', 'friends', 'kettle', 'rain', 'slept'];
	return (n) =>
		`${n}: ` +
		Array.from({ length: 20 + Math.floor(random() * 40) }, () => {
			return words[Math.floor(random() * words.length)] ?? '';
		}).join(' ');
}

function connect(token: TestToken): StockClient {
	if (!server) throw new Error('no server');
	const client = stockClient(server.syncUrl, ROOM, token);
	clients.push(client);
	return client;
}

/** A stock provider whose socket asks for no context takeover, as some clients do. */
function connectWithoutTakeover(): StockClient {
	if (!server) throw new Error('no server');
	const client = stockClient(server.syncUrl, ROOM, 'bob', {
		socket: { perMessageDeflate: { serverNoContextTakeover: true } }
	});
	clients.push(client);
	return client;
}

/** Each client still on its first socket: nothing was refused, corrupt or reconnected. */
function expectOneSocketEach(all: readonly StockClient[]): void {
	for (const client of all) {
		expect(client.closes).toEqual([]);
		expect(client.traffic.sockets.length).toBe(1);
	}
}

async function post(writer: StockClient, key: string, text: string): Promise<void> {
	writer.doc.getMap<string>('records').set(key, text);
	await new Promise((done) => setTimeout(done, 5));
}

function streamOf(): { members: number; epochs: number } {
	return server?.endpoint.roomStream(ROOM) ?? { members: -1, epochs: -1 };
}

async function waitStreamed(members: number): Promise<void> {
	await until(() => streamOf().members === members, [every(20)], `${members} on the stream`);
}

/** A server with a busy room: every token's stock client, and one without context takeover, synced. */
async function busyRoom() {
	server = await startSyncTestServer({ roomStream: STREAM });
	const early = TOKENS.map(connect);
	const plain = connectWithoutTakeover();
	await Promise.all([...early, plain].map((client) => waitSynced(client)));
	const [alice, bob, carol] = early;
	if (!alice || !bob || !carol) throw new Error('clients missing');
	return { early, plain, alice, bob, carol };
}

describe('a busy room shares one compressed stream', { timeout: 30_000 }, () => {
	it('keeps every client decoding every message across fresh streams and late joiners', async () => {
		const { early, plain, alice, bob, carol } = await busyRoom();
		const text = postWriter(7);

		// The first relayed update starts the first stream and lets every quiet client on.
		await post(alice, 'p0', text(0));
		await waitStreamed(early.length + 1);
		for (let n = 1; n < 40; n++) {
			await post(n % 2 ? alice : bob, `p${n}`, text(n));
			// Presence goes beside the stream, uncompressed, in between its frames.
			if (n % 7 === 0) alice.provider.awareness.setLocalStateField('n', n);
		}

		// A client joining mid-stream syncs on its own compression, then moves onto a fresh one.
		const late = connect('carol');
		await waitSynced(late);
		// Every post so far relayed, so none of them starts the next stream behind our back.
		await waitConverged([...early, plain, late]);
		await new Promise((done) => setTimeout(done, STREAM.epochMinMs));
		const epochsBefore = streamOf().epochs;
		for (let n = 40; n < 60; n++) await post(carol, `p${n}`, text(n));
		await waitStreamed(early.length + 2);
		expect(streamOf().epochs).toBeGreaterThan(epochsBefore);

		// A probe on a streamed socket: its answer goes uncompressed, between stream frames.
		bob.provider.ws?.send(Buffer.from(encodeSyncStep1(Y.encodeStateVector(bob.doc))));
		// Another joins while updates keep coming: a third stream, with no stop in between.
		const later = connect('alice');
		for (let n = 60; n < 120; n++) {
			await post(n % 3 === 0 ? late : alice, `p${n}`, text(n));
			// Halfway, it has synced (however busy the machine): the rest come on the stream.
			if (n === 90) await waitSynced(later);
		}
		await waitStreamed(early.length + 3);
		await post(later, 'p120', text(120));

		const all = [...early, plain, late, later];
		await waitConverged(all);
		expect(alice.doc.getMap('records').size).toBe(121);
		expect(streamOf().epochs).toBeGreaterThanOrEqual(3);
		await until(
			() => late.provider.awareness.getStates().get(alice.doc.clientID)?.['n'] === 35,
			[every(20)],
			'presence reaches the late joiner'
		);
		expectOneSocketEach(all);
	});

	it('keeps every client decoding posts sent back to back, and one joining among them', async () => {
		const { early, plain, alice, bob, carol } = await busyRoom();
		const writers = [alice, bob, carol];
		const text = postWriter(11);
		await post(alice, 'p0', text(0));
		await waitStreamed(early.length + 1);

		// No pause between posts: each frame is still going out, slice by slice, as the next
		// ones arrive, are stored, compressed and queued behind it.
		const burst = (from: number, to: number) => {
			for (let n = from; n < to; n++) {
				writers[n % writers.length]?.doc.getMap<string>('records').set(`p${n}`, text(n));
			}
		};
		burst(1, 40);
		const late = connect('reader');
		await waitSynced(late);
		await waitConverged([...early, plain, late]);
		await new Promise((done) => setTimeout(done, STREAM.epochMinMs));
		// The first of these lets it on a fresh stream, while the others' frames go out.
		burst(40, 80);
		await waitStreamed(early.length + 2);
		burst(80, 100);

		const all = [...early, plain, late];
		await waitConverged(all);
		expect(late.doc.getMap('records').size).toBe(100);
		expectOneSocketEach(all);
	});

	it('sends authors their own updates back, which changes nothing for them', async () => {
		server = await startSyncTestServer({ roomStream: STREAM });
		const all = TOKENS.map(connect);
		await Promise.all(all.map((client) => waitSynced(client)));
		const [alice] = all;
		if (!alice) throw new Error('clients missing');
		await post(alice, 'first', 'hello');
		await waitStreamed(all.length);
		const before = alice.traffic.received.length;
		await post(alice, 'second', 'again');
		await until(() => alice.traffic.received.length > before, [every(10)], 'the echo arrives');
		await waitConverged(all);
		expect(alice.doc.getMap('records').get('second')).toBe('again');
		expectOneSocketEach(all);
	});

	it('closes a socket on the stream that falls too far behind, and carries on', async () => {
		server = await startSyncTestServer({ roomStream: STREAM, maxBufferedBytes: 256 * 1024 });
		const readers = TOKENS.slice(0, 4).map(connect);
		await Promise.all(readers.map((client) => waitSynced(client)));
		const slow = RawClient.connect(server.syncUrl, ROOM, 'bob');
		await slow.opened;
		slow.send(encodeSyncStep1(Uint8Array.of(0)));
		await slow.nextMessage((m) => m[0] === 0 && m[1] === 1, 'the slow client is synced');
		const [alice] = readers;
		if (!alice) throw new Error('clients missing');
		await post(alice, 'hello', 'hello');
		await waitStreamed(readers.length + 1);

		// It stops reading; posts that do not compress fill the kernel's buffers, then the server's.
		slow.ws.pause();
		let closed: number | null = null;
		void slow.closed.then(({ code }) => (closed = code));
		// Each post reaches the readers before the next, so only the one not reading falls behind,
		// however slowly this machine runs them.
		for (let n = 0; n < 400 && closed === null; n++) {
			const big = randomBytes(48 * 1024).toString('base64');
			await post(alice, 'big', big);
			await until(
				() => readers.every((reader) => reader.doc.getMap('records').get('big') === big),
				[every(5)],
				'the readers keep up'
			);
		}
		slow.ws.resume();
		expect((await slow.closed).code).toBe(CLOSE.TRY_AGAIN_LATER);
		await post(alice, 'after', 'still here');
		await waitConverged(readers);
		expect(streamOf().members).toBe(readers.length);
		expectOneSocketEach(readers);
	});

	it('leaves a room below the threshold on per-socket compression, as before', async () => {
		server = await startSyncTestServer({ roomStream: STREAM });
		const few = (['alice', 'bob', 'carol'] as const).map(connect);
		await Promise.all(few.map((client) => waitSynced(client)));
		const [alice] = few;
		if (!alice) throw new Error('clients missing');
		const text = postWriter(3);
		const before = alice.traffic.received.length;
		for (let n = 0; n < 30; n++) await post(alice, `p${n}`, text(n));
		await waitConverged(few);
		expect(streamOf()).toEqual({ members: 0, epochs: 0 });
		// The author gets nothing back on the per-socket path.
		expect(alice.traffic.received.length).toBe(before);
		expectOneSocketEach(few);
	});
});
