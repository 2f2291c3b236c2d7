// What an idle connection costs on the wire, through the real server on port 0: Hearth's own
// client hears nothing but WebSocket pings and says nothing; the stock y-websocket client still
// stays connected across its 30 s silence check, because its presence renewals are answered.
// Neither waits real time: pings come every 50 ms here, and the stock client's clock is moved
// on by ageing the timestamps it keeps (see `age`) while its intervals are faked.
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { type RawData } from 'ws';
import * as Y from 'yjs';
import { KEEP_ALIVE_MESSAGE } from '../../server/sync/connection';
import { createSyncConnection, type SyncConnection } from '../../src/lib/sync/sync-connection';
import {
	onClient,
	onEmitter,
	stockClient,
	until,
	waitSynced,
	type StockClient,
	type Subscription
} from '../support/sync-clients';
import { startSyncTestServer, type SyncTestServer } from '../support/sync-test-server';

const ROOM = 'community:idle';

let server: SyncTestServer | undefined;
const connections: SyncConnection[] = [];
const clients: StockClient[] = [];

afterEach(async () => {
	vi.useRealTimers();
	for (const connection of connections.splice(0)) connection.destroy();
	for (const client of clients.splice(0)) client.destroy();
	await server?.close();
	server = undefined;
});

/** What Hearth's client sockets send and hear: messages both ways, and the pings it answers. */
class Wire {
	readonly sockets: WebSocket[] = [];
	sent: number[] = [];
	received: number[] = [];
	pings = 0;

	reset(): void {
		this.sent = [];
		this.received = [];
		this.pings = 0;
	}
}

/** A `ws` WebSocket class whose instances report to `wire`. */
function listenedSocketClass(wire: Wire): typeof globalThis.WebSocket {
	class ListenedWebSocket extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols);
			wire.sockets.push(this);
			this.on('message', (data: RawData) => wire.received.push(byteLength(data)));
			this.on('ping', () => wire.pings++);
		}
		override send(data: Uint8Array): void {
			wire.sent.push(data.byteLength);
			super.send(data);
		}
	}
	// ws implements the DOM WebSocket interface the provider uses, not its exact type.
	return ListenedWebSocket as unknown as typeof globalThis.WebSocket;
}

function byteLength(data: RawData): number {
	if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.byteLength, 0);
	return data.byteLength;
}

const onState =
	(connection: SyncConnection): Subscription =>
	(wake) =>
		connection.subscribe(wake);

describe('an idle Hearth connection', () => {
	it('hears nothing but pings, and says nothing', async () => {
		server = await startSyncTestServer({ pingIntervalMs: 50 });
		const wire = new Wire();
		const doc = new Y.Doc();
		const connection = createSyncConnection({
			doc,
			room: ROOM,
			serverUrl: server.syncUrl,
			getToken: async () => 'alice',
			WebSocketPolyfill: listenedSocketClass(wire)
		});
		connections.push(connection);
		doc.getMap('records').set('hello', { author: 'alice', body: 'Evening, all.' });
		await until(
			() => connection.state.status === 'synced' && connection.state.unsent === 0,
			[onState(connection)],
			'the server confirms the change'
		);
		const [socket] = wire.sockets;
		if (!socket) throw new Error('no socket');
		wire.reset();

		await until(() => wire.pings >= 10, [onEmitter(socket, 'ping')], 'ten pings arrive');
		expect(wire.received).toEqual([]);
		expect(wire.sent).toEqual([]);
		expect(wire.sockets).toHaveLength(1);
		expect(socket.readyState).toBe(WebSocket.OPEN);
		expect(connection.state.status).toBe('synced');
	});
});

describe('an idle stock client', () => {
	/**
	 * Moves the stock client's clock on by `ms`: its silence check and presence renewal compare
	 * lib0's clock (the real one) with the timestamps it keeps, so those are moved back instead;
	 * then its faked intervals and the server's faked Date move on.
	 */
	function age(client: StockClient, ms: number): void {
		client.provider.wsLastMessageReceived -= ms;
		for (const meta of client.provider.awareness.meta.values()) meta.lastUpdated -= ms;
		vi.advanceTimersByTime(ms);
	}

	it('stays connected across its 30 s silence check: its presence renewals are answered', async () => {
		server = await startSyncTestServer();
		vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
		const client = stockClient(server.syncUrl, ROOM, 'alice');
		clients.push(client);
		await waitSynced(client);
		client.traffic.reset();

		// Two simulated minutes: a renewal every 15 s, each answered after the server's silence.
		for (let step = 1; step <= 8; step++) {
			age(client, 15_000);
			await until(
				() => client.traffic.received.length >= step,
				[onClient(client, 'message')],
				`renewal ${step} is answered`
			);
		}
		expect(client.traffic.received).toEqual(new Array(8).fill(KEEP_ALIVE_MESSAGE.byteLength));
		expect(client.closes).toEqual([]);
		expect(client.traffic.sockets).toHaveLength(1);
		expect(client.provider.wsconnected).toBe(true);
	});
});
