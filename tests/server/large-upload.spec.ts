// A person writes about a megabyte while offline, then comes back: Hearth's sync connection
// sends it in pieces the server accepts (the stock client's single step 2 is refused with 4413),
// the server confirms all of it, and another device receives every record once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createSyncConnection, type SyncConnection } from '../../src/lib/sync/sync-connection';
import { UPLOAD_PIECE_BYTES } from '../../src/lib/sync/upload-in-pieces';
import { createSyncTokenFetcher } from '../../src/lib/sync/sync-token';
import {
	signInPerson,
	startAssembledServer,
	type AssembledTestServer
} from '../support/assembled-server';
import { until, onDocUpdate, type Subscription } from '../support/sync-clients';
import { putThread } from '../support/community-records';

const ROOM = 'community:anxiety:2026-11';
const RECORDS = 1_000;
/** The server's limit for one incoming message (PROTOCOL.md). */
const MAX_MESSAGE_BYTES = 256 * 1024;

let server: AssembledTestServer;
const cleanups: (() => void)[] = [];

beforeEach(async () => {
	server = await startAssembledServer();
});

afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) cleanup();
	await server.close();
});

/** What one device's sockets saw: close codes, and the size of every message each way. */
interface Wire {
	closes: number[];
	sent: number[];
	receivedBytes: number;
}

function watchedWebSocket(wire: Wire): typeof globalThis.WebSocket {
	class WatchedWebSocket extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols);
			this.on('close', (code: number) => wire.closes.push(code));
			this.on('message', (data: Buffer) => (wire.receivedBytes += data.byteLength));
		}
		override send(data: Uint8Array): void {
			wire.sent.push(data.byteLength);
			super.send(data);
		}
	}
	// ws implements the DOM WebSocket interface the provider uses, not its exact type.
	return WatchedWebSocket as unknown as typeof globalThis.WebSocket;
}

function device(session: string): { doc: Y.Doc; connection: SyncConnection; wire: Wire } {
	const doc = new Y.Doc();
	const wire: Wire = { closes: [], sent: [], receivedBytes: 0 };
	const connection = createSyncConnection({
		doc,
		room: ROOM,
		serverUrl: `ws://127.0.0.1:${server.port}/sync`,
		getToken: createSyncTokenFetcher({ origin: server.origin, session: () => session }),
		WebSocketPolyfill: watchedWebSocket(wire),
		backoff: { baseMs: 50, capMs: 1_000 }
	});
	cleanups.push(() => connection.destroy());
	return { doc, connection, wire };
}

const onState =
	(connection: SyncConnection): Subscription =>
	(wake) =>
		connection.subscribe(wake);

const threads = (doc: Y.Doc) =>
	doc.getMap<{ author: string; title: string; body: string }>('threads');

/** About a kilobyte a record: a long stretch of writing done away from any signal. */
function writeOffline(doc: Y.Doc, author: string): void {
	for (let i = 0; i < RECORDS; i++) {
		putThread(doc, author, `Written on the train, ${i}`, {
			body: `Some days are heavier than others; today was one of them (${i}). `.repeat(15)
		});
	}
}

describe('a large offline upload', () => {
	it('is refused as one stock step 2, which is why it must go in pieces', async () => {
		const ana = await signInPerson(server.origin, 'Ana');
		const doc = new Y.Doc();
		writeOffline(doc, ana.author);
		expect(Y.encodeStateAsUpdate(doc).byteLength).toBeGreaterThan(MAX_MESSAGE_BYTES);
		const closes: number[] = [];
		const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, ROOM, doc, {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true,
			params: { token: await ana.syncToken(ROOM) }
		});
		cleanups.push(() => provider.destroy());
		provider.on('connection-close', (event) => {
			if (event) closes.push(event.code);
		});
		await until(
			() => closes.length > 0,
			[
				(wake) => (
					provider.on('connection-close', wake),
					() => provider.off('connection-close', wake)
				)
			],
			'the server closes the stock client'
		);
		expect(closes[0]).toBe(4413);
	});

	it('arrives whole, is confirmed, and reaches another device exactly once', async () => {
		const ana = await signInPerson(server.origin, 'Ana');
		const ben = await signInPerson(server.origin, 'Ben');
		const anaSide = device(ana.session);
		await until(
			() => anaSide.connection.state.status === 'synced',
			[onState(anaSide.connection)],
			'Ana is synced'
		);
		anaSide.connection.pause();
		writeOffline(anaSide.doc, ana.author);
		const written = Y.encodeStateAsUpdate(anaSide.doc).byteLength;
		expect(written).toBeGreaterThan(900_000);
		expect(anaSide.connection.state.unsent).toBe(RECORDS);

		anaSide.wire.sent = [];
		anaSide.connection.resume();
		await until(
			() => anaSide.connection.state.unsent === 0,
			[onState(anaSide.connection)],
			'the server confirms every offline record',
			30_000
		);
		expect(anaSide.connection.state).toMatchObject({ status: 'synced', problem: null });
		// The pause closed a socket from our side (1005); the server closed none.
		expect(anaSide.wire.closes.filter((code) => code !== 1005)).toEqual([]);
		// Every message within bounds, well under the server's limit; all of it went once.
		for (const size of anaSide.wire.sent) expect(size).toBeLessThanOrEqual(UPLOAD_PIECE_BYTES + 16);
		const sentBytes = anaSide.wire.sent.reduce((sum, size) => sum + size, 0);
		expect(sentBytes).toBeGreaterThanOrEqual(written);
		expect(sentBytes).toBeLessThan(written * 1.1);
		expect(anaSide.connection.state.confirmed.get(anaSide.doc.clientID)).toBe(
			Y.getState(anaSide.doc.store, anaSide.doc.clientID)
		);

		const benSide = device(ben.session);
		await until(
			() => threads(benSide.doc).size === RECORDS,
			[onDocUpdate(benSide.doc)],
			'Ben receives every record',
			30_000
		);
		expect(threads(benSide.doc).toJSON()).toEqual(threads(anaSide.doc).toJSON());
		// Once: what Ben downloaded is about the size of what Ana wrote, not a multiple of it.
		expect(benSide.wire.receivedBytes).toBeLessThan(written * 1.2);
		expect(benSide.wire.closes).toEqual([]);
		expect(threads(anaSide.doc).size).toBe(RECORDS);
	});
});
