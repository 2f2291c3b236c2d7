// The data meter's server half, against the whole server as `npm start` assembles it: a phone's
// sync connections carry its meter id, and GET /api/usage/:meterId answers what they cost on the
// wire this month, live connections included, and keeps counting after they close.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeBase64Url } from '../../src/lib/domain/identity/base64url';
import { callApi, errorOf } from '../support/api-call';
import {
	signInPerson,
	startAssembledServer,
	type AssembledTestServer
} from '../support/assembled-server';
import { putThread } from '../support/community-records';
import { onDocUpdate, until } from '../support/sync-clients';

const ROOM = 'community:anxiety:2026-11';

let server: AssembledTestServer;
const providers: WebsocketProvider[] = [];

beforeEach(async () => {
	server = await startAssembledServer();
});

afterEach(async () => {
	for (const provider of providers.splice(0)) provider.destroy();
	await server.close();
});

const newMeterId = () => encodeBase64Url(new Uint8Array(randomBytes(16)));

function connect(token: string, meter?: string): { doc: Y.Doc; provider: WebsocketProvider } {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, ROOM, doc, {
		// ws implements the DOM WebSocket interface the provider uses, not its exact type.
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params: meter === undefined ? { token } : { token, meter }
	});
	providers.push(provider);
	return { doc, provider };
}

async function usageOf(
	meterId: string
): Promise<{ month: string; sent: number; received: number }> {
	const answer = await callApi(server.origin, 'GET', `/api/usage/${meterId}`);
	expect(answer.status).toBe(200);
	const { month, sent, received } = answer.body;
	if (typeof month !== 'string' || typeof sent !== 'number' || typeof received !== 'number') {
		throw new Error(`Not a usage answer: ${JSON.stringify(answer.body)}`);
	}
	return { month, sent, received };
}

function waitSynced(provider: WebsocketProvider): Promise<void> {
	const onSync = (wake: () => void) => {
		provider.on('sync', wake);
		return () => provider.off('sync', wake);
	};
	return until(() => provider.synced, [onSync], 'the provider is synced');
}

const threads = (doc: Y.Doc) => doc.getMap<{ title: string }>('threads');

describe('GET /api/usage/:meterId', () => {
	it('counts a connection’s bytes both ways, while open and after it closes', async () => {
		const ana = await signInPerson(server.origin, 'Ana');
		const ben = await signInPerson(server.origin, 'Ben');
		const meter = newMeterId();
		const { doc: anaDoc, provider } = connect(await ana.syncToken(ROOM), meter);
		const { doc: benDoc } = connect(await ben.syncToken(ROOM));
		await waitSynced(provider);

		const first = await usageOf(meter);
		expect(first.month).toBe(new Date().toISOString().slice(0, 7));
		// At least the upgrade request (with its long token) one way and the handshake the other.
		expect(first.received).toBeGreaterThan(200);
		expect(first.sent).toBeGreaterThan(100);

		// Ben writes a thread with a large body: it reaches Ana, so the server sent her more.
		const body = 'x'.repeat(2000);
		const t1 = putThread(benDoc, ben.author, 'From the valley', { body }).id;
		await until(() => threads(anaDoc).has(t1), [onDocUpdate(anaDoc)], 'Ana sees Ben’s thread');
		const afterRelay = await usageOf(meter);
		// Compressed or not, the relayed update cost her something on the wire.
		expect(afterRelay.sent).toBeGreaterThan(first.sent + 20);

		// Ana writes: what she sent shows as received.
		putThread(anaDoc, ana.author, 'Hello from the hill', { body: 'y'.repeat(2000) });
		await expect
			.poll(async () => (await usageOf(meter)).received, { timeout: 5000 })
			.toBeGreaterThan(afterRelay.received + 20);
		const beforeClose = await usageOf(meter);

		// Closed, the connection's last bytes (the closing handshake) are still counted.
		provider.destroy();
		await expect
			.poll(async () => (await usageOf(meter)).received, { timeout: 5000 })
			.toBeGreaterThan(beforeClose.received);
		const closed = await usageOf(meter);
		expect(closed.sent).toBeGreaterThanOrEqual(beforeClose.sent);
	});

	it('answers 404 for a meter id nothing was counted under, and counts nothing without one', async () => {
		const ana = await signInPerson(server.origin, 'Ana');
		const { provider } = connect(await ana.syncToken(ROOM));
		await waitSynced(provider);
		const answer = await callApi(server.origin, 'GET', `/api/usage/${newMeterId()}`);
		expect(answer.status).toBe(404);
		expect(errorOf(answer)).toMatchObject({ code: 'unknown-meter' });
	});

	it.each([
		['too short', 'abc'],
		['too long', 'A'.repeat(23)],
		['not base64url', `${'A'.repeat(21)}!`]
	])('answers 400 for a meter id that is %s', async (_, id) => {
		const answer = await callApi(server.origin, 'GET', `/api/usage/${encodeURIComponent(id)}`);
		expect(answer.status).toBe(400);
		expect(errorOf(answer)).toMatchObject({ code: 'bad-meter-id' });
	});
});
