// A large community over a slow link, as many of Hearth's people have: the stock y-websocket
// client behind a proxy carrying 128 kbit/s each way with 600 ms round trips. The first sync
// completes, in bounded messages; and when the link drops half way, the next connection fetches
// only the rest, not the whole community again. No timing is asserted: completion, content and
// the bytes that crossed the link.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createSyncConnection, type SyncConnection } from '../../src/lib/sync/sync-connection';
import { UPLOAD_PIECE_BYTES } from '../../src/lib/sync/upload-in-pieces';
import { mulberry32 } from '../support/seeded-random';
import {
	onDocUpdate,
	stockClient,
	until,
	waitSynced,
	type StockClient
} from '../support/sync-clients';
import { startSyncTestServer, type SyncTestServer } from '../support/sync-test-server';
import { startThrottledProxy, type ThrottledProxy } from '../support/throttled-proxy';

const ROOM = 'community:anxiety:2026-11';
const RECORDS = 320;
/** 128 kbit/s. */
const BYTES_PER_SECOND = 16_000;
const RTT_MS = 600;
/** The server's first-sync messages: 64 KiB of update plus framing (PROTOCOL.md). */
const MAX_FIRST_SYNC_MESSAGE = 64 * 1024 + 10;
const SYNC_TIMEOUT_MS = 40_000;

let server: SyncTestServer;
let community: Y.Doc;
const proxies: ThrottledProxy[] = [];
const clients: StockClient[] = [];
const connections: SyncConnection[] = [];

/**
 * Several hundred kilobytes of threads, stored as a busy room's log is: many small updates.
 * Words drawn at random, so compression on the link cannot make the point for us.
 */
function writeCommunity(
	records = RECORDS,
	doc = new Y.Doc()
): { doc: Y.Doc; updates: Uint8Array[] } {
	const random = mulberry32(2026);
	const word = () =>
		Array.from({ length: 3 + Math.floor(random() * 6) }, () =>
			String.fromCharCode(97 + Math.floor(random() * 26))
		).join('');
	const updates: Uint8Array[] = [];
	const collect = (update: Uint8Array) => updates.push(update);
	doc.on('update', collect);
	for (let i = 0; i < records; i++) {
		const body = Array.from({ length: 130 }, word).join(' ');
		doc.getMap('threads').set(`t${i}`, { author: `p${i % 17}`, title: `Thread ${i}`, body });
	}
	doc.off('update', collect);
	return { doc, updates };
}

beforeEach(async () => {
	server = await startSyncTestServer();
	const written = writeCommunity();
	community = written.doc;
	for (const update of written.updates) await server.store.append(ROOM, update);
});

afterEach(async () => {
	for (const client of clients.splice(0)) client.destroy();
	for (const connection of connections.splice(0)) connection.destroy();
	for (const proxy of proxies.splice(0)) await proxy.close();
	await server.close();
});

async function proxy(bytesPerSecond: number, rttMs: number): Promise<ThrottledProxy> {
	const started = await startThrottledProxy({ targetPort: server.port, bytesPerSecond, rttMs });
	proxies.push(started);
	return started;
}

function clientThrough(through: ThrottledProxy): StockClient {
	const client = stockClient(`ws://127.0.0.1:${through.port}/sync`, ROOM, 'reader');
	clients.push(client);
	return client;
}

const threads = (doc: Y.Doc) => doc.getMap('threads');
const down = (through: ThrottledProxy, from = 0) =>
	through.links.slice(from).reduce((sum, link) => sum + link.down, 0);

describe('a large community over a slow link', () => {
	it('completes its first sync, in bounded messages', async () => {
		const size = Y.encodeStateAsUpdate(community).byteLength;
		expect(size).toBeGreaterThan(250_000);
		const slow = await proxy(BYTES_PER_SECOND, RTT_MS);
		const client = clientThrough(slow);
		await waitSynced(client, SYNC_TIMEOUT_MS);
		expect(threads(client.doc).toJSON()).toEqual(threads(community).toJSON());
		expect(client.closes).toEqual([]);
		expect(slow.links).toHaveLength(1);
		// It came over the slow link, compressed a little, as many messages of bounded size.
		expect(down(slow)).toBeGreaterThan(size / 2);
		expect(client.traffic.received.length).toBeGreaterThan(4);
		for (const bytes of client.traffic.received) {
			expect(bytes).toBeLessThanOrEqual(MAX_FIRST_SYNC_MESSAGE);
		}
	}, 60_000);

	it('resumes a first sync cut half way, fetching only the rest', async () => {
		// What a whole first sync moves, measured on a fast link.
		const fast = await proxy(10_000_000, 0);
		const reference = clientThrough(fast);
		await waitSynced(reference, SYNC_TIMEOUT_MS);
		const whole = down(fast);

		const slow = await proxy(BYTES_PER_SECOND, RTT_MS);
		const client = clientThrough(slow);
		await until(
			() => threads(client.doc).size >= RECORDS / 2,
			[onDocUpdate(client.doc)],
			'half the community has arrived',
			SYNC_TIMEOUT_MS
		);
		const firstAttempt = down(slow);
		slow.cut();

		await until(
			() => slow.links.length > 1 && client.provider.synced,
			[
				onDocUpdate(client.doc),
				(wake) => (client.traffic.on('sync', wake), () => client.traffic.off('sync', wake))
			],
			'the client reconnects and finishes its first sync',
			SYNC_TIMEOUT_MS
		);
		const rest = down(slow, 1);
		expect(threads(client.doc).toJSON()).toEqual(threads(community).toJSON());
		expect(firstAttempt).toBeGreaterThan(whole / 3);
		// Far less than the whole: the half that had arrived was not sent again.
		expect(rest).toBeLessThan(whole * 0.7);
		expect(firstAttempt + rest).toBeLessThan(whole * 1.3);
	}, 60_000);

	it("carries Hearth's own client's large offline upload, paced by the socket", async () => {
		const room = 'community:anxiety:2026-10';
		const slow = await proxy(BYTES_PER_SECOND, RTT_MS);
		// The most the socket held unsent right after each of our sends.
		let mostBuffered = 0;
		class WatchedWebSocket extends WebSocket {
			override send(data: Uint8Array): void {
				super.send(data);
				mostBuffered = Math.max(mostBuffered, this.bufferedAmount);
			}
		}
		const doc = new Y.Doc();
		writeCommunity(260, doc);
		const written = Y.encodeStateAsUpdate(doc).byteLength;
		expect(written).toBeGreaterThan(3 * UPLOAD_PIECE_BYTES);
		const connection = createSyncConnection({
			doc,
			room,
			serverUrl: `ws://127.0.0.1:${slow.port}/sync`,
			getToken: async () => 'alice',
			// ws implements the DOM WebSocket interface the provider uses, not its exact type.
			WebSocketPolyfill: WatchedWebSocket as unknown as typeof globalThis.WebSocket
		});
		connections.push(connection);
		await until(
			() => connection.state.confirmed.get(doc.clientID) === Y.getState(doc.store, doc.clientID),
			[(wake) => connection.subscribe(wake)],
			'the server confirms the whole upload',
			SYNC_TIMEOUT_MS
		);
		expect(connection.state.problem).toBeNull();
		const stored = new Y.Doc();
		for (const update of await server.store.updates(room)) Y.applyUpdate(stored, update);
		expect(threads(stored).toJSON()).toEqual(threads(doc).toJSON());
		// Never more than about two pieces waiting in the socket: the link was not flooded.
		expect(mostBuffered).toBeLessThanOrEqual(2 * UPLOAD_PIECE_BYTES + 1024);
		expect(slow.links).toHaveLength(1);
		expect(slow.links[0]?.up).toBeGreaterThan(written / 2);
	}, 60_000);
});
