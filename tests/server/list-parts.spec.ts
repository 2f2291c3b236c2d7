// GET /api/communities/:communityId/parts against the whole server: the months of a community
// that hold something, newest first, with their size and last change; public, like the community
// list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createSyncConnection, type SyncConnection } from '../../src/lib/sync/sync-connection';
import { createSyncTokenFetcher } from '../../src/lib/sync/sync-token';
import {
	signInPerson,
	startAssembledServer,
	type AssembledTestServer,
	type TestPerson
} from '../support/assembled-server';
import { until } from '../support/sync-clients';
import { putThread } from '../support/community-records';

let server: AssembledTestServer;
const connections: SyncConnection[] = [];

beforeEach(async () => {
	server = await startAssembledServer();
});

afterEach(async () => {
	for (const connection of connections.splice(0)) connection.destroy();
	await server.close();
});

/** Writes one thread into a room and waits until the server has stored it. */
async function writeThread(person: TestPerson, room: string, title: string): Promise<void> {
	const doc = new Y.Doc();
	const connection = createSyncConnection({
		doc,
		room,
		serverUrl: `ws://127.0.0.1:${server.port}/sync`,
		getToken: createSyncTokenFetcher({ origin: server.origin, session: () => person.session }),
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket
	});
	connections.push(connection);
	putThread(doc, person.author, title);
	await until(
		() => connection.state.status === 'synced' && connection.state.unsent === 0,
		[(wake) => connection.subscribe(wake)],
		`the server stores "${title}" in ${room}`
	);
}

function getParts(communityId: string, session?: string, method = 'GET'): Promise<Response> {
	return fetch(`${server.origin}/api/communities/${communityId}/parts`, {
		method,
		headers: session ? { authorization: `Bearer ${session}` } : {}
	});
}

interface PartsBody {
	parts: { part: string; bytes: number; updatedAt: number }[];
}

describe('GET /api/communities/:communityId/parts', () => {
	it('lists the months that hold something, newest first, and nothing else', async () => {
		const ana = await signInPerson(server.origin, 'Ana');
		const before = Date.now();
		await writeThread(ana, 'community:anxiety:2026-10', 'October thread');
		await writeThread(ana, 'community:anxiety:2026-11', 'November thread');
		await writeThread(ana, 'community:anxiety:2025-12', 'Last December');
		// Not months, or another community's: none of them belongs in the list.
		await writeThread(ana, 'community:anxiety:recent', 'Recent');
		const lee = await signInPerson(server.origin, 'Lee', 'low-mood');
		await writeThread(lee, 'community:low-mood:2026-11', 'Elsewhere');
		const after = Date.now();

		const response = await getParts('anxiety', ana.session);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const { parts } = (await response.json()) as PartsBody;
		expect(parts.map((part) => part.part)).toEqual(['2026-11', '2026-10', '2025-12']);
		for (const part of parts) {
			expect(part.bytes).toBeGreaterThan(0);
			expect(part.updatedAt).toBeGreaterThanOrEqual(before);
			expect(part.updatedAt).toBeLessThanOrEqual(after);
		}
		// Months written later read as changed later.
		const [november, october] = parts;
		expect(november?.updatedAt).toBeGreaterThanOrEqual(october?.updatedAt ?? Infinity);
	}, 20_000);

	it('answers an empty list for a community where nothing was written yet', async () => {
		const ana = await signInPerson(server.origin, 'Ana');
		const response = await getParts('caregivers', ana.session);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ parts: [] });
	});

	it('answers HEAD like GET, without a body', async () => {
		const ana = await signInPerson(server.origin, 'Ana');
		const response = await getParts('anxiety', ana.session, 'HEAD');
		expect(response.status).toBe(200);
		expect(await response.text()).toBe('');
	});

	it('answers anyone, signed in or not, alike', async () => {
		const ana = await signInPerson(server.origin, 'Ana');
		await writeThread(ana, 'community:anxiety:2026-11', 'November thread');
		const anonymous = await getParts('anxiety');
		expect(anonymous.status).toBe(200);
		const signedIn = await getParts('anxiety', ana.session);
		expect(await anonymous.json()).toEqual(await signedIn.json());
		// A broken session does not matter here: nothing is asked of it.
		expect((await getParts('anxiety', 'not-a-session-token')).status).toBe(200);
	});

	it('refuses a community that does not exist', async () => {
		const ana = await signInPerson(server.origin, 'Ana');
		const response = await getParts('no-such-place', ana.session);
		expect(response.status).toBe(404);
		expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
			'unknown-community'
		);
	});

	it('takes GET only', async () => {
		const ana = await signInPerson(server.origin, 'Ana');
		const response = await getParts('anxiety', ana.session, 'POST');
		expect(response.status).toBe(405);
		expect(response.headers.get('allow')).toBe('GET, HEAD');
	});
});
