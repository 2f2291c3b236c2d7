// Two people's community state (CommunityRoom, storage in fake-indexeddb) syncing through the
// assembled server: they converge, writing offline then reconnecting loses nothing, and a record
// shows as delivered only once the server holds it.
import Dexie from 'dexie';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HearthDatabase } from '../../src/lib/storage/db';
import { DexieCommunityRepository } from '../../src/lib/storage/dexie-community.repository';
import { DexieDocumentRepository } from '../../src/lib/storage/dexie-document.repository';
import { DexieThreadIndexRepository } from '../../src/lib/storage/dexie-thread-index.repository';
import type { SyncEnvironment } from '../../src/lib/sync/sync-environment';
import { CommunityRoom } from '../../src/lib/state/community-room.svelte';
import {
	signInPerson,
	startAssembledServer,
	type AssembledTestServer,
	type TestPerson
} from '../support/assembled-server';

const INFO = { id: 'anxiety', name: 'Anxiety', description: '', guidelines: [] };
// The `ws` client implements the browser WebSocket API that y-websocket uses.
const WebSocketPolyfill = WebSocket as unknown as typeof globalThis.WebSocket;

/** Connectivity in the test's hands: offline until `goOnline`. */
function switchableNetwork(online: boolean): SyncEnvironment & { goOnline(): void } {
	const listeners = new Set<() => void>();
	return {
		online: () => online,
		onOnline(callback) {
			listeners.add(callback);
			return () => listeners.delete(callback);
		},
		onVisible: () => () => {},
		goOnline() {
			online = true;
			for (const listener of [...listeners]) listener();
		}
	};
}

let server: AssembledTestServer;
let databases = 0;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
	server = await startAssembledServer();
});
afterAll(async () => {
	await server.close();
});
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openRoom(
	person: TestPerson,
	environment: SyncEnvironment,
	name = `hearth-community-state-${++databases}`
): Promise<CommunityRoom> {
	const db = new HearthDatabase(name);
	await db.open();
	const communities = new DexieCommunityRepository(db);
	const deleteOnCleanup = (await communities.getJoined(INFO.id)) === null;
	await communities.saveJoined({
		id: INFO.id,
		info: INFO,
		joinedAt: 1,
		guidelinesAcceptedAt: 1,
		chosenName: null,
		authoredMonths: [],
		openedMonths: []
	});
	const room = new CommunityRoom({
		info: INFO,
		joined: true,
		identity: {
			pseudonymKeys: () => ({ id: person.author }),
			sessionToken: async () => person.session,
			// signInPerson registered the pseudonym already; a new name would only rename it.
			registerPseudonym: async () => {}
		},
		communities,
		documents: new DexieDocumentRepository(db),
		threadIndex: new DexieThreadIndexRepository(db),
		sync: { origin: server.origin, WebSocketPolyfill, environment }
	});
	cleanups.push(async () => {
		await room.close();
		db.close();
		if (deleteOnCleanup) await Dexie.delete(name);
	});
	await room.loaded;
	return room;
}

const thread = (title: string) => ({
	title,
	body: `${title}, in words`,
	contentWarning: null,
	tags: []
});

describe('community state through the server', () => {
	it('converges between two people, replies and reactions included', async () => {
		const [alice, bob] = await Promise.all([
			signInPerson(server.origin, 'Alice'),
			signInPerson(server.origin, 'Bob')
		]);
		const aliceRoom = await openRoom(alice, switchableNetwork(true));
		const bobRoom = await openRoom(bob, switchableNetwork(true));
		const t = await aliceRoom.startThread(thread('Evenings'));
		await expect.poll(() => bobRoom.threads.map((item) => item.title)).toEqual(['Evenings']);
		expect(bobRoom.threads[0]?.unread).toBe(true);
		expect(bobRoom.threads[0]?.author).toMatchObject({ id: alice.author, isMe: false });
		const r = await bobRoom.reply(t, {
			body: 'Evenings are hard for me too.',
			contentWarning: null
		});
		await bobRoom.toggleReaction(t, 'hear-you');
		await expect.poll(() => aliceRoom.thread(t)?.replies.map((reply) => reply.id)).toEqual([r]);
		await expect
			.poll(() => aliceRoom.thread(t)?.reactions.find((x) => x.kind === 'hear-you')?.count)
			.toBe(1);
		expect(aliceRoom.activity.map((item) => item.kind).sort()).toEqual(['reaction', 'reply']);
		await expect.poll(() => aliceRoom.thread(t)?.delivered).toBe(true);
		await expect.poll(() => bobRoom.thread(t)?.replies[0]?.delivered).toBe(true);
	});

	it('keeps what was written offline, sends it on reconnecting, and marks it delivered', async () => {
		const [alice, bob] = await Promise.all([
			signInPerson(server.origin, 'Carol'),
			signInPerson(server.origin, 'Dan')
		]);
		const network = switchableNetwork(false);
		const aliceRoom = await openRoom(alice, network);
		const bobRoom = await openRoom(bob, switchableNetwork(true));
		const t = await aliceRoom.startThread(thread('Written on a train'));
		expect(aliceRoom.thread(t)?.delivered).toBe(false);
		const waiting = () => aliceRoom.documents.reduce((total, d) => total + d.waiting, 0);
		expect(waiting()).toBeGreaterThan(0);
		expect(aliceRoom.documents.every((d) => d.state?.status === 'offline')).toBe(true);
		network.goOnline();
		await expect.poll(() => bobRoom.thread(t)?.title).toBe('Written on a train');
		await expect.poll(() => aliceRoom.thread(t)?.delivered).toBe(true);
		expect(waiting()).toBe(0);
		expect(bobRoom.threads.filter((item) => item.id === t)).toHaveLength(1);
	});

	it('still knows what the server holds after a reload while offline', async () => {
		const person = await signInPerson(server.origin, 'Erin');
		const database = `hearth-community-state-reload-${++databases}`;
		const online = await openRoom(person, switchableNetwork(true), database);
		const delivered = await online.startThread(thread('Sent'));
		await expect.poll(() => online.thread(delivered)?.delivered).toBe(true);
		await online.close();
		const offline = await openRoom(person, switchableNetwork(false), database);
		expect(offline.thread(delivered)?.delivered).toBe(true);
		const kept = await offline.startThread(thread('Kept here'));
		expect(offline.thread(kept)?.delivered).toBe(false);
		// The new thread only; its author's name entry went out with the first one.
		expect(offline.documents.reduce((total, d) => total + d.waiting, 0)).toBe(1);
	});

	it('holds for data saver only once the server has what was written', async () => {
		const person = await signInPerson(server.origin, 'Hazel');
		const network = switchableNetwork(false);
		const room = await openRoom(person, network);
		const t = await room.startThread(thread('Up late again'));
		// Still on its way: the room keeps its connection, so the thread does not wait for a tap.
		expect(room.holdSync()).toBe(false);
		expect(room.held).toBe(false);

		network.goOnline();
		await expect.poll(() => room.held, { timeout: 10_000 }).toBe(true);
		expect(room.thread(t)?.delivered).toBe(true);
		expect(room.documents.reduce((total, d) => total + d.waiting, 0)).toBe(0);

		// Opening it again (the person looks at it) lets it sync again.
		room.startSync();
		expect(room.held).toBe(false);
	});
});
