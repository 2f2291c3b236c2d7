// Hearth's own sync connection (src/lib/sync) against the whole server as `npm start` runs it:
// two devices converge; one goes away, writes, comes back and the server confirms its changes;
// a bad token is replaced; and a server restart is ridden out by reconnecting with backoff.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {
	createSyncConnection,
	type SyncConnection,
	type SyncConnectionOptions
} from '../../src/lib/sync/sync-connection';
import { createSyncTokenFetcher } from '../../src/lib/sync/sync-token';
import {
	signInPerson,
	startAssembledServer,
	type AssembledTestServer
} from '../support/assembled-server';
import { until, onDocUpdate, type Subscription } from '../support/sync-clients';
import { putThread } from '../support/community-records';

const ROOM = 'community:anxiety:recent';

let server: AssembledTestServer;
const connections: SyncConnection[] = [];

beforeEach(async () => {
	server = await startAssembledServer();
});

afterEach(async () => {
	for (const connection of connections.splice(0)) connection.destroy();
	await server.close();
});

const person = (name: string) => signInPerson(server.origin, name);

function connect(
	session: string,
	overrides: Partial<SyncConnectionOptions> = {}
): { doc: Y.Doc; connection: SyncConnection } {
	const doc = new Y.Doc();
	const connection = createSyncConnection({
		doc,
		room: ROOM,
		serverUrl: `ws://127.0.0.1:${server.port}/sync`,
		getToken: createSyncTokenFetcher({ origin: server.origin, session: () => session }),
		// ws implements the DOM WebSocket interface the provider uses, not its exact type.
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		// Short windows keep the restart test quick; the schedule itself is unit-tested.
		backoff: { baseMs: 50, capMs: 1_000 },
		...overrides
	});
	connections.push(connection);
	return { doc, connection };
}

const onState =
	(connection: SyncConnection): Subscription =>
	(wake) =>
		connection.subscribe(wake);

const threads = (doc: Y.Doc) => doc.getMap<{ author: string; title: string }>('threads');

describe('the sync connection against the real server', () => {
	it('lets two devices converge', async () => {
		const ana = await person('Ana');
		const ben = await person('Ben');
		const anaSide = connect(ana.session);
		const benSide = connect(ben.session);
		putThread(anaSide.doc, ana.author, 'Hello from the hill');
		putThread(benSide.doc, ben.author, 'Welcome');
		await until(
			() => threads(anaSide.doc).size === 2 && threads(benSide.doc).size === 2,
			[onDocUpdate(anaSide.doc), onDocUpdate(benSide.doc)],
			'both devices hold both threads'
		);
		await until(
			() => anaSide.connection.state.unsent === 0 && benSide.connection.state.unsent === 0,
			[onState(anaSide.connection), onState(benSide.connection)],
			'the server confirms both threads'
		);
	});

	it('sends what was written while away, and confirms it', async () => {
		const ana = await person('Ana');
		const ben = await person('Ben');
		const anaSide = connect(ana.session);
		const benSide = connect(ben.session);
		await until(
			() => anaSide.connection.state.status === 'synced',
			[onState(anaSide.connection)],
			'Ana is synced'
		);
		anaSide.connection.pause();
		for (const n of [1, 2, 3]) putThread(anaSide.doc, ana.author, `Written offline: ${n}`);
		expect(anaSide.connection.state).toMatchObject({ status: 'offline', unsent: 3 });
		anaSide.connection.resume();
		await until(
			() => anaSide.connection.state.unsent === 0,
			[onState(anaSide.connection)],
			'the server confirms the offline threads'
		);
		expect(anaSide.connection.state.status).toBe('synced');
		await until(
			() => threads(benSide.doc).size === 3,
			[onDocUpdate(benSide.doc)],
			'Ben sees the offline threads'
		);
	});

	it('replaces a token the server refuses', async () => {
		const ana = await person('Ana');
		const real = createSyncTokenFetcher({ origin: server.origin, session: () => ana.session });
		const asked: string[] = [];
		const { connection } = connect(ana.session, {
			getToken: async (room) => {
				asked.push(room);
				return asked.length === 1 ? 'expired-or-forged' : real(room);
			}
		});
		await until(
			() => connection.state.status === 'synced',
			[onState(connection)],
			'synced with a fresh token'
		);
		expect(asked).toEqual([ROOM, ROOM]);
		expect(connection.state.problem).toBeNull();
	});

	it('rides out a server restart', async () => {
		const ana = await person('Ana');
		const anaSide = connect(ana.session);
		await until(
			() => anaSide.connection.state.status === 'synced',
			[onState(anaSide.connection)],
			'Ana is synced'
		);
		await server.stop();
		await until(
			() => anaSide.connection.state.status !== 'synced',
			[onState(anaSide.connection)],
			'Ana notices the server went away'
		);
		const t1 = putThread(anaSide.doc, ana.author, 'Written while it was down').id;
		await server.restart();
		await until(
			() => anaSide.connection.state.status === 'synced' && anaSide.connection.state.unsent === 0,
			[onState(anaSide.connection)],
			'Ana reconnects and the server confirms her thread',
			20_000
		);

		const ben = await person('Ben');
		const benSide = connect(ben.session);
		await until(
			() => threads(benSide.doc).has(t1),
			[onDocUpdate(benSide.doc)],
			'a new device finds the thread'
		);
	});
});
