// The whole server as `npm start` runs it (SQLite stores, the API, the sync endpoint), driven the
// way a device would: sign in, register a pseudonym in a community, get a room-scoped sync token,
// and sync with the stock y-websocket client. Then the server restarts on the same data folder
// and a third device finds everything there.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
	signInPerson,
	startAssembledServer,
	type AssembledTestServer
} from '../support/assembled-server';
import { until, onDocUpdate } from '../support/sync-clients';
import { putThread } from '../support/community-records';

const ROOM = 'community:anxiety:recent';

let server: AssembledTestServer;
const providers: WebsocketProvider[] = [];

beforeEach(async () => {
	server = await startAssembledServer();
});

afterEach(async () => {
	for (const provider of providers.splice(0)) provider.destroy();
	await server.close();
});

function connect(token: string): { doc: Y.Doc; provider: WebsocketProvider } {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, ROOM, doc, {
		// ws implements the DOM WebSocket interface the provider uses, not its exact type.
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params: { token }
	});
	providers.push(provider);
	return { doc, provider };
}

const threads = (doc: Y.Doc) => doc.getMap<{ author: string; title: string }>('threads');

describe('the assembled server', () => {
	it('lets two people who signed in sync a community, and keeps it across a restart', async () => {
		const ana = await signInPerson(server.origin, 'Ana');
		const ben = await signInPerson(server.origin, 'Ben');
		const { doc: anaDoc } = connect(await ana.syncToken(ROOM));
		const { doc: benDoc } = connect(await ben.syncToken(ROOM));

		const t1 = putThread(anaDoc, ana.author, 'Hello from the hill').id;
		await until(() => threads(benDoc).has(t1), [onDocUpdate(benDoc)], 'Ben sees the thread');
		const t2 = putThread(benDoc, ben.author, 'Welcome').id;
		await until(() => threads(anaDoc).has(t2), [onDocUpdate(anaDoc)], 'Ana sees the reply');

		for (const provider of providers.splice(0)) provider.destroy();
		await server.restart();

		const cleo = await signInPerson(server.origin, 'Cleo');
		const { doc: cleoDoc } = connect(await cleo.syncToken(ROOM));
		await until(
			() => threads(cleoDoc).size === 2,
			[onDocUpdate(cleoDoc)],
			'a new device finds both threads after the restart'
		);
		expect(threads(cleoDoc).get(t1)?.title).toBe('Hello from the hill');
	});

	it('refuses a sync connection with a token that is not one, with 4401', async () => {
		const { provider } = connect('not-a-token');
		const codes: number[] = [];
		const closed = new Promise<void>((done) =>
			provider.on('connection-close', (event) => {
				if (event) codes.push(event.code);
				done();
			})
		);
		await closed;
		expect(codes[0]).toBe(4401);
	});
});
