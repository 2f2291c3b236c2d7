// The honest client never gets stuck: a community room (CommunityRoom, storage in fake-indexeddb)
// whose update the server refuses (4422) rebuilds its document from the server's copy with a
// fresh Yjs client id, replays what the server may take, and keeps the rest as drafts with the
// reason; a room that turns read-only (a moderator's pause) keeps its unsent posts as drafts and
// sends nothing until it may write again. Through the assembled server.
import Dexie from 'dexie';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HearthDatabase } from '../../src/lib/storage/db';
import { DexieCommunityRepository } from '../../src/lib/storage/dexie-community.repository';
import { DexieDocumentRepository } from '../../src/lib/storage/dexie-document.repository';
import { DexieThreadIndexRepository } from '../../src/lib/storage/dexie-thread-index.repository';
import type { SyncEnvironment } from '../../src/lib/sync/sync-environment';
import { CommunityRoom, type CommunityIdentity } from '../../src/lib/state/community-room.svelte';
import { BlockSender } from '../../src/lib/state/block-sender';
import { MemoryCommunityRepository } from '../../src/lib/storage/memory-community.repository';
import { communityRoom, monthOfTime } from '../../src/lib/domain/community/community-months';
import {
	newPersonKey,
	signInPerson,
	startAssembledServer,
	type AssembledTestServer,
	type TestPerson
} from '../support/assembled-server';
import { putThread } from '../support/community-records';
import { until } from '../support/sync-clients';
import {
	deriveIdentityKeyPair,
	derivePseudonymKeyPair
} from '../../src/lib/domain/identity/derive-keys';
import { signPseudonymBinding } from '../../src/lib/domain/identity/pseudonym-binding';
import { encodeBase64Url } from '../../src/lib/domain/identity/base64url';
import { WebsocketProvider } from 'y-websocket';

const INFO = { id: 'anxiety', name: 'Anxiety', description: '', guidelines: [] };
const WebSocketPolyfill = WebSocket as unknown as typeof globalThis.WebSocket;
const admin = newPersonKey();

/** Connectivity in the test's hands. */
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
	server = await startAssembledServer({ admins: [admin.userId] });
});
afterAll(async () => {
	await server.close();
});
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Opened {
	room: CommunityRoom;
	db: HearthDatabase;
	/** Closes the room and its database, as a reload does; the data stays. */
	reload(): Promise<void>;
}

async function openRoom(
	person: TestPerson,
	environment: SyncEnvironment,
	options: { name?: string; identity?: Partial<CommunityIdentity> } = {}
): Promise<Opened> {
	const name = options.name ?? `hearth-room-recovery-${++databases}`;
	const db = new HearthDatabase(name);
	await db.open();
	const communities = new DexieCommunityRepository(db);
	if ((await communities.getJoined(INFO.id)) === null) {
		await communities.saveJoined({
			id: INFO.id,
			info: INFO,
			joinedAt: 1,
			guidelinesAcceptedAt: 1,
			chosenName: null,
			authoredMonths: [],
			openedMonths: []
		});
		cleanups.push(() => Dexie.delete(name));
	}
	const room = new CommunityRoom({
		info: INFO,
		joined: true,
		identity: {
			pseudonymKeys: () => ({ id: person.author }),
			sessionToken: async () => person.session,
			registerPseudonym: async () => {},
			...options.identity
		},
		communities,
		documents: new DexieDocumentRepository(db),
		threadIndex: new DexieThreadIndexRepository(db),
		sync: { origin: server.origin, WebSocketPolyfill, environment }
	});
	let open = true;
	const reload = async () => {
		if (!open) return;
		open = false;
		await room.close();
		db.close();
	};
	cleanups.push(reload);
	await room.loaded;
	return { room, db, reload };
}

const thread = (title: string) => ({
	title,
	body: `${title}, in words`,
	contentWarning: null,
	tags: []
});

async function api(method: string, path: string, session: string, body?: unknown) {
	const response = await fetch(server.origin + path, {
		method,
		headers: { 'content-type': 'application/json', authorization: `Bearer ${session}` },
		...(body === undefined ? {} : { body: JSON.stringify(body) })
	});
	if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
}

/** Someone's thread, and a person who can see it in their room, then goes offline (a reload). */
async function threadSeenBy(author: TestPerson, reader: TestPerson) {
	const authorRoom = (await openRoom(author, switchableNetwork(true))).room;
	const t = await authorRoom.startThread(thread('Quiet evenings'));
	const name = `hearth-room-recovery-${++databases}`;
	const first = await openRoom(reader, switchableNetwork(true), { name });
	await expect.poll(() => first.room.thread(t)?.title).toBe('Quiet evenings');
	await first.reload();
	return { authorRoom, t, name };
}

async function listBlocked(person: TestPerson): Promise<unknown> {
	const response = await fetch(`${server.origin}/api/communities/${INFO.id}/blocks`, {
		headers: { authorization: `Bearer ${person.session}` }
	});
	const body = (await response.json()) as { blocked: unknown };
	return body.blocked;
}

const titles = (room: CommunityRoom) => room.threads.map((item) => item.title).sort();

describe('recovery after the server refuses a change (4422)', { timeout: 30_000 }, () => {
	it('posts what it may and keeps a reply to someone who blocked them as a draft', async () => {
		const [alice, bob] = await Promise.all([
			signInPerson(server.origin, 'Alice'),
			signInPerson(server.origin, 'Bob')
		]);
		const { authorRoom, t, name } = await threadSeenBy(alice, bob);
		// Alice blocks Bob on her phone while offline; her list reaches the server once online.
		const aliceOnline = { now: false };
		const sender = new BlockSender();
		const store = new MemoryCommunityRepository();
		const deps = {
			store,
			blockedIn: () => [bob.author],
			origin: server.origin,
			sessionToken: async () => alice.session,
			online: () => aliceOnline.now
		};
		await sender.attach(deps);
		await sender.changed(INFO.id);
		expect(await listBlocked(alice)).toEqual([]);
		aliceOnline.now = true;
		await new BlockSender().attach(deps);
		expect(await listBlocked(alice)).toEqual([bob.author]);
		const network = switchableNetwork(false);
		const { room } = await openRoom(bob, network, { name });
		await room.startThread(thread('Morning walks'));
		await room.reply(t, { body: 'Evenings are hard for me too.', contentWarning: null });
		await room.startThread(thread('Sleep'));
		network.goOnline();

		await expect.poll(() => room.drafts.length, { timeout: 15_000 }).toBe(1);
		expect(room.drafts[0]).toMatchObject({
			kind: 'reply',
			body: 'Evenings are hard for me too.',
			reason: 'blocked',
			sending: false
		});
		await expect
			.poll(() => titles(authorRoom))
			.toEqual(['Morning walks', 'Quiet evenings', 'Sleep']);
		expect(authorRoom.thread(t)?.replies).toEqual([]);
		await expect.poll(() => room.threads.every((item) => item.delivered)).toBe(true);
		expect(room.thread(t)?.replies).toEqual([]);
	});

	it('makes again, after the rebuild, a delete written offline in the same refused update', async () => {
		const [erin, finn] = await Promise.all([
			signInPerson(server.origin, 'Greta'),
			signInPerson(server.origin, 'Hugo')
		]);
		const erinRoom = (await openRoom(erin, switchableNetwork(true))).room;
		const t = await erinRoom.startThread(thread('Rainy days'));
		const name = `hearth-room-recovery-${++databases}`;
		const first = await openRoom(finn, switchableNetwork(true), { name });
		await expect.poll(() => first.room.thread(t)?.title).toBe('Rainy days');
		const old = await first.room.startThread(thread('Old news'));
		await expect.poll(() => first.room.threads.every((item) => item.delivered)).toBe(true);
		await expect.poll(() => titles(erinRoom)).toContain('Old news');
		await first.reload();
		await api('PUT', `/api/communities/${INFO.id}/blocks`, erin.session, {
			blocked: [finn.author]
		});

		// Offline, Finn deletes his thread and replies to Erin's: one update, refused (blocked).
		const network = switchableNetwork(false);
		const { room } = await openRoom(finn, network, { name });
		await room.deleteThread(old);
		await room.reply(t, { body: 'Same here.', contentWarning: null });
		network.goOnline();

		await expect.poll(() => room.drafts.length, { timeout: 15_000 }).toBe(1);
		await expect.poll(() => titles(erinRoom)).not.toContain('Old news');
		// The rebuilt copy shows Erin's thread once it has synced, and never the deleted one.
		await expect.poll(() => titles(room), { timeout: 15_000 }).toContain('Rainy days');
		expect(titles(room)).not.toContain('Old news');
	});

	it('recovers from a client id someone else holds with a fresh one, posting everything', async () => {
		const [carol, dan] = await Promise.all([
			signInPerson(server.origin, 'Carol'),
			signInPerson(server.origin, 'Dan')
		]);
		const network = switchableNetwork(false);
		const { room, db } = await openRoom(dan, network);
		await room.startThread(thread('First light'));
		await room.startThread(thread('Small steps'));
		const docName = communityRoom(INFO.id, monthOfTime(Date.now()));
		const clientId = await clientIdOf(db, docName);
		// Carol's device happens to draw the same 32-bit client id, and writes first.
		await writeWithClientId(carol, docName, clientId, 'Mine first');
		const carolRoom = (await openRoom(carol, switchableNetwork(true))).room;
		await expect.poll(() => titles(carolRoom), { timeout: 15_000 }).toContain('Mine first');

		network.goOnline();
		await expect
			.poll(() => titles(carolRoom), { timeout: 15_000 })
			.toEqual(expect.arrayContaining(['First light', 'Mine first', 'Small steps']));
		await expect
			.poll(() => room.threads.every((item) => item.delivered), { timeout: 15_000 })
			.toBe(true);
		expect(room.drafts).toEqual([]);
		expect(titles(carolRoom).filter((title) => title === 'First light')).toHaveLength(1);
	});

	it('loses nothing when the app reloads in the middle of a recovery', async () => {
		const [erin, finn] = await Promise.all([
			signInPerson(server.origin, 'Erin'),
			signInPerson(server.origin, 'Finn')
		]);
		const name = `hearth-room-recovery-${++databases}`;
		const network = switchableNetwork(false);
		// The first connections (this month's document and last month's) get their tokens; the
		// rebuilt one waits for ever, as if the app were closed right after the document was
		// forgotten and before the server's copy arrived.
		let tokens = 0;
		const { room, db, reload } = await openRoom(finn, network, {
			name,
			identity: {
				sessionToken: () =>
					++tokens <= 2 ? Promise.resolve(finn.session) : new Promise<string>(() => {})
			}
		});
		await room.startThread(thread('Written on the bus'));
		await room.startThread(thread('And at home'));
		const docName = communityRoom(INFO.id, monthOfTime(Date.now()));
		await writeWithClientId(erin, docName, await clientIdOf(db, docName), 'Taken id');

		network.goOnline();
		await expect
			.poll(() => room.drafts.filter((d) => d.sending).length, { timeout: 15_000 })
			.toBe(2);
		await reload();

		const again = await openRoom(finn, switchableNetwork(true), { name });
		expect(again.room.drafts.map((d) => d.title).sort()).toEqual([
			'And at home',
			'Written on the bus'
		]);
		const erinRoom = (await openRoom(erin, switchableNetwork(true))).room;
		await expect
			.poll(() => titles(erinRoom), { timeout: 15_000 })
			.toEqual(expect.arrayContaining(['And at home', 'Taken id', 'Written on the bus']));
		await expect.poll(() => again.room.drafts).toEqual([]);
		expect(
			again.room.threads.filter((item) => item.title !== 'Taken id').every((item) => item.delivered)
		).toBe(true);
	});
});

describe('read-only rooms', { timeout: 30_000 }, () => {
	it('keeps posts written during a pause as drafts, sends nothing, and posts them once it ends', async () => {
		const [gwen, moderator] = await Promise.all([
			signInPerson(server.origin, 'Gwen'),
			signInPerson(server.origin, 'Admin', INFO.id, admin.root)
		]);
		const network = switchableNetwork(false);
		const { room } = await openRoom(gwen, network);
		await room.startThread(thread('Written before I knew'));
		const until = Date.now() + 2_500;
		await api('POST', `/api/communities/${INFO.id}/mutes`, moderator.session, {
			pseudonymId: gwen.author,
			until,
			reason: 'A pause to cool down.'
		});
		network.goOnline();
		await expect.poll(() => room.access).toEqual({ write: false, reason: 'muted', until });
		await expect
			.poll(() => room.drafts.map((d) => [d.title, d.reason]))
			.toEqual([['Written before I knew', 'muted']]);
		await expect(room.startThread(thread('Again'))).rejects.toMatchObject({ code: 'read-only' });
		const watcher = (await openRoom(moderator, switchableNetwork(true))).room;
		expect(titles(watcher)).not.toContain('Written before I knew');

		// The pause ends: the room asks for a fresh token by itself and may write again.
		await expect.poll(() => room.access, { timeout: 10_000 }).toEqual({ write: true });
		await room.retryDraft(room.drafts[0] ?? { map: 'threads', key: '' });
		await expect.poll(() => titles(watcher)).toContain('Written before I knew');
		await expect.poll(() => room.drafts).toEqual([]);
	});

	it('turns read-only at once when paused while connected (4403), and never sends', async () => {
		const [hal, moderator] = await Promise.all([
			signInPerson(server.origin, 'Hal'),
			signInPerson(server.origin, 'Admin', INFO.id, admin.root)
		]);
		const { room } = await openRoom(hal, switchableNetwork(true));
		await room.startThread(thread('Before the pause'));
		await expect.poll(() => room.threads.every((item) => item.delivered)).toBe(true);
		const until = Date.now() + 60 * 60_000;
		await api('POST', `/api/communities/${INFO.id}/mutes`, moderator.session, {
			pseudonymId: hal.author,
			until,
			reason: 'A pause.'
		});
		await expect.poll(() => room.access).toEqual({ write: false, reason: 'muted', until });
		await expect(
			room.reply(room.threads[0]?.id ?? '', { body: 'No', contentWarning: null })
		).rejects.toMatchObject({ code: 'read-only' });
		expect(room.documents.every((d) => d.state?.status !== 'stopped')).toBe(true);
		expect(room.drafts).toEqual([]);
	});

	it('shows the guidelines once to someone who never accepted them, and writes after “I agree”', async () => {
		// Signed in (and accepted) in another community only: here they have a pseudonym but
		// never agreed to these guidelines, as a device that joined before versions existed.
		const root = newPersonKey().root;
		const elsewhere = await signInPerson(server.origin, 'Ida', 'low-mood', root);
		const author = await registerPseudonym(elsewhere.session, root, INFO.id);
		const person = { ...elsewhere, author };
		const { room } = await openRoom(person, switchableNetwork(true));
		await expect.poll(() => room.access).toMatchObject({ write: false, reason: 'guidelines' });
		await expect.poll(() => room.guidelinesToAccept?.lines.length ?? 0).toBeGreaterThan(0);
		expect(room.guidelinesToAccept?.version).toMatch(/^[0-9a-f]{16}$/);
		await expect(room.startThread(thread('Too soon'))).rejects.toMatchObject({ code: 'read-only' });

		expect(await room.acceptGuidelines()).toBe('accepted');
		await expect.poll(() => room.access).toEqual({ write: true });
		expect(room.guidelinesToAccept).toBeNull();
		await room.startThread(thread('Agreed, and posting'));
		await expect.poll(() => room.threads.every((item) => item.delivered)).toBe(true);
	});
});

/** Registers the person's pseudonym in a community through the API, accepting nothing. */
async function registerPseudonym(session: string, root: Uint8Array, communityId: string) {
	const identity = deriveIdentityKeyPair(root);
	const pseudonym = derivePseudonymKeyPair(root, communityId);
	const binding = signPseudonymBinding(communityId, { identity, pseudonym });
	const response = await fetch(`${server.origin}/api/communities/${communityId}/pseudonym`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${session}` },
		body: JSON.stringify({
			publicKey: encodeBase64Url(pseudonym.publicKey),
			signature: encodeBase64Url(binding.signature),
			pseudonymSignature: encodeBase64Url(binding.pseudonymSignature),
			displayName: 'Ida here'
		})
	});
	const body = (await response.json()) as { pseudonymId?: string };
	if (!response.ok || body.pseudonymId === undefined)
		throw new Error(`pseudonym: ${response.status}`);
	return body.pseudonymId;
}

/** Another device that happens to draw `clientId` writes a thread with it first, binding it. */
async function writeWithClientId(
	person: TestPerson,
	docName: string,
	clientId: number,
	title: string
): Promise<void> {
	const doc = new Y.Doc();
	doc.clientID = clientId;
	const provider = new WebsocketProvider(
		`${server.origin.replace('http', 'ws')}/sync`,
		docName,
		doc,
		{
			WebSocketPolyfill,
			disableBc: true,
			params: { token: await person.syncToken(docName) }
		}
	);
	cleanups.push(async () => {
		provider.destroy();
		doc.destroy();
	});
	await until(
		() => provider.synced,
		[(wake) => (provider.on('sync', wake), () => provider.off('sync', wake))],
		'synced'
	);
	putThread(doc, person.author, title);
}

/** The Yjs client id this device writes the document with (its stored updates name it). */
async function clientIdOf(db: HearthDatabase, docName: string): Promise<number> {
	const rows = await db.docUpdates
		.where('[docName+id]')
		.between([docName, 0], [docName, Infinity])
		.toArray();
	const doc = new Y.Doc();
	for (const row of rows) Y.applyUpdate(doc, row.update);
	const ids = [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()];
	doc.destroy();
	const [id] = ids;
	if (ids.length !== 1 || id === undefined)
		throw new Error(`Expected one client id, found ${ids.length}`);
	return id;
}
