import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryCommunityRepository } from '../storage/memory-community.repository';
import { MemoryDocumentRepository } from '../storage/memory-document.repository';
import { MemoryThreadIndexRepository } from '../storage/memory-thread-index.repository';
import type { SyncEnvironment } from '../sync/sync-environment';
import { CommunitiesState } from './communities.svelte';
import { CommunityError, CommunityRoom, type CommunityIdentity } from './community-room.svelte';
import { summarizeSync, syncStatus } from './sync-status.svelte';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const BOB = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
const ANXIETY = {
	id: 'anxiety',
	name: 'Anxiety',
	description: 'Together',
	guidelines: ['Be kind.']
};
const SLEEP = { id: 'sleep', name: 'Sleep', description: 'Rest', guidelines: [] };
const OFFLINE: SyncEnvironment = {
	online: () => false,
	onOnline: () => () => {},
	onVisible: () => () => {}
};

const identity = (id: string): CommunityIdentity => ({
	pseudonymKeys: () => ({ id }),
	sessionToken: async () => 'session',
	registerPseudonym: async () => {}
});

function catalogueServer(status = 200) {
	return vi.fn(async () =>
		status === 0
			? Promise.reject(new TypeError('fetch failed'))
			: new Response(JSON.stringify({ communities: [ANXIETY, SLEEP, { bad: true }] }), {
					status,
					headers: { 'content-type': 'application/json' }
				})
	);
}

interface Device {
	communities: MemoryCommunityRepository;
	documents: MemoryDocumentRepository;
	threadIndex: MemoryThreadIndexRepository;
	/** Communities whose moderation copy the app was told to forget. */
	forgotten: string[];
	forgetModeration(communityId: string): Promise<void>;
}

const device = (): Device => ({
	communities: new MemoryCommunityRepository(),
	documents: new MemoryDocumentRepository(),
	threadIndex: new MemoryThreadIndexRepository(),
	forgotten: [],
	async forgetModeration(communityId) {
		this.forgotten.push(communityId);
	}
});

const opened: CommunitiesState[] = [];

async function start(on: Device, fetch = catalogueServer(), me = ALICE) {
	const state = new CommunitiesState();
	opened.push(state);
	await state.attach({
		...on,
		identity: identity(me),
		sync: { origin: 'http://hearth.test', fetch, environment: OFFLINE }
	});
	return state;
}

beforeEach(() => {
	vi.stubGlobal(
		'WebSocket',
		class {
			constructor() {
				throw new Error('no network in unit tests');
			}
		}
	);
});
afterEach(async () => {
	for (const state of opened.splice(0)) {
		for (const room of state.rooms) await room.close();
	}
	vi.unstubAllGlobals();
});

describe('communities', () => {
	it('fetches the catalogue, keeps it, and offers the kept one when offline', async () => {
		const phone = device();
		const online = await start(phone);
		expect(online.status).toBe('ready');
		expect(online.catalogueStatus).toBe('fresh');
		expect(online.catalogue.map((c) => c.id)).toEqual(['anxiety', 'sleep']);
		const offline = await start(phone, catalogueServer(0));
		expect(offline.catalogueStatus).toBe('cached');
		expect(offline.catalogue).toEqual([ANXIETY, SLEEP]);
	});

	it('says the catalogue is unavailable when there is neither a server nor a kept copy', async () => {
		const state = await start(device(), catalogueServer(503));
		expect(state.catalogueStatus).toBe('unavailable');
		expect(state.catalogue).toEqual([]);
		await expect(state.join('anxiety')).rejects.toMatchObject({ code: 'missing' });
	});

	it('joins offline from the kept catalogue, and remembers it', async () => {
		const phone = device();
		await start(phone);
		const state = await start(phone, catalogueServer(0));
		await state.join('anxiety');
		expect(state.isJoined('anxiety')).toBe(true);
		expect(state.joined).toMatchObject([{ info: ANXIETY, unreadThreads: 0 }]);
		const record = await phone.communities.getJoined('anxiety');
		expect(record?.guidelinesAcceptedAt).toBeGreaterThan(0);
		const later = await start(phone, catalogueServer(0));
		expect(later.joined.map((c) => c.info.id)).toEqual(['anxiety']);
	});

	it('keeps the guidelines version accepted at joining, from the kept catalogue too', async () => {
		const phone = device();
		const versioned = { ...ANXIETY, guidelinesVersion: '0123456789abcdef' };
		const server = vi.fn(async () => Response.json({ communities: [versioned] }));
		await start(phone, server);
		const state = await start(phone, catalogueServer(0));
		expect(state.catalogue).toEqual([versioned]);
		await state.join('anxiety');
		expect(await phone.communities.getJoined('anxiety')).toMatchObject({
			guidelinesVersion: '0123456789abcdef',
			guidelinesSent: null
		});
	});

	it('gives the same room while it is open, and a new one after release', async () => {
		const state = await start(device());
		const room = state.room('sleep');
		expect(state.room('sleep')).toBe(room);
		await room.loaded;
		state.release('sleep');
		expect(state.room('sleep')).not.toBe(room);
	});

	it('keeps a joined room open after release, so replies keep arriving', async () => {
		const state = await start(device());
		await state.join('anxiety');
		const room = state.room('anxiety');
		state.release('anxiety');
		expect(state.room('anxiety')).toBe(room);
	});

	it('lets a person write after joining a community they were browsing', async () => {
		const state = await start(device());
		const room = state.room('anxiety');
		await room.loaded;
		const refused: unknown = await room
			.startThread({ title: 'Hi', body: 'Hello', contentWarning: null, tags: [] })
			.catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(CommunityError);
		await state.join('anxiety');
		await room.startThread({ title: 'Hi', body: 'Hello', contentWarning: null, tags: [] });
		expect(room.threads.map((t) => t.title)).toEqual(['Hi']);
	});

	it('leaving stops sync and frees the space: documents, index, marks, reports, the record', async () => {
		const phone = device();
		const state = await start(phone);
		await state.join('anxiety');
		await state.join('sleep');
		const room = state.room('anxiety');
		await room.loaded;
		const id = await room.startThread({ title: 'T', body: 'B', contentWarning: null, tags: [] });
		await room.markRead(id);
		const sleep = state.room('sleep');
		await sleep.loaded;
		await sleep.startThread({ title: 'S', body: 'B', contentWarning: null, tags: [] });
		await expect
			.poll(async () => (await phone.threadIndex.all('anxiety')).length, { timeout: 6000 })
			.toBe(1);
		await state.leave('anxiety');
		expect(await phone.threadIndex.all('anxiety')).toEqual([]);
		expect(phone.forgotten).toEqual(['anxiety']);
		expect(state.isJoined('anxiety')).toBe(false);
		const docs = (await phone.documents.list()).map((d) => d.docName);
		expect(docs.some((name) => name.startsWith('community:anxiety:'))).toBe(false);
		expect(docs.some((name) => name.startsWith('community:sleep:'))).toBe(true);
		expect(await phone.communities.readMarks('anxiety')).toEqual(new Map());
		expect(await phone.communities.getJoined('anxiety')).toBeNull();
		expect(state.room('anxiety')).not.toBe(room);
	});

	it('lists others’ replies and reactions to this person’s posts until seen', async () => {
		const phone = device();
		let state = await start(phone);
		await state.join('anxiety');
		const mine = state.room('anxiety');
		await mine.loaded;
		const thread = await mine.startThread({
			title: 'Evenings',
			body: 'What helps?',
			contentWarning: null,
			tags: []
		});
		for (const room of state.rooms) await room.close();
		// Bob's writing arrives in the same documents, as sync would bring it. His reply and
		// reaction land in one millisecond: only the clock's counter orders them.
		const stopped = Date.now();
		const bob = new CommunityRoom({
			info: ANXIETY,
			identity: identity(BOB),
			...phone,
			sync: null,
			joined: true,
			now: () => stopped
		});
		await bob.loaded;
		await bob.reply(thread, { body: 'A walk.', contentWarning: null });
		await bob.toggleReaction(thread, 'hear-you');
		await bob.close();
		state = await start(phone);
		await state.room('anxiety').loaded;
		expect(state.activity.map((item) => [item.kind, item.reaction, item.unread])).toEqual([
			['reaction', 'hear-you', true],
			['reply', null, true]
		]);
		expect(state.activity[0]).toMatchObject({
			communityId: 'anxiety',
			communityName: 'Anxiety',
			threadId: thread,
			threadTitle: 'Evenings'
		});
		expect(state.unreadActivity).toBe(2);
		expect(state.joined[0]?.unreadThreads).toBe(1);
		await state.markActivitySeen();
		expect(state.unreadActivity).toBe(0);
		for (const room of state.rooms) await room.close();
		state = await start(phone);
		await state.room('anxiety').loaded;
		expect(state.unreadActivity).toBe(0);
	});
});

describe('syncStatus', () => {
	it('sums up the open communities: offline, with what was written waiting', async () => {
		const state = await start(device());
		await state.join('anxiety');
		const room = state.room('anxiety');
		await room.loaded;
		await room.startThread({ title: 'T', body: 'B', contentWarning: null, tags: [] });
		expect(syncStatus.summary).toEqual({ kind: 'offline', waiting: 1 });
	});
});

describe('summarizeSync', () => {
	const doc = (
		status: 'offline' | 'connecting' | 'syncing' | 'synced' | 'stopped',
		waiting = 0
	) => ({
		room: 'community:anxiety:2026-11',
		state: {
			status,
			problem: status === 'stopped' ? ({ kind: 'signed-out' } as const) : null,
			unsent: 0,
			confirmed: new Map<number, number>(),
			access: { write: true } as const
		},
		waiting
	});

	it.each([
		['nothing open', [], false, { kind: 'up-to-date' }],
		['all synced', [doc('synced'), doc('synced')], false, { kind: 'up-to-date' }],
		[
			'changes waiting',
			[doc('synced', 2), doc('synced', 1)],
			false,
			{ kind: 'waiting', waiting: 3 }
		],
		['offline', [doc('offline', 1)], false, { kind: 'offline', waiting: 1 }],
		['one syncing', [doc('synced'), doc('syncing', 1)], false, { kind: 'syncing', waiting: 1 }],
		[
			'one stopped',
			[doc('synced'), doc('stopped', 1)],
			false,
			{ kind: 'stopped', waiting: 1, problem: 'signed-out' }
		],
		[
			'storage full',
			[doc('synced')],
			true,
			{ kind: 'stopped', waiting: 0, problem: 'storage-full' }
		]
	])('%s', (_, documents, storageFull, summary) => {
		expect(summarizeSync({ documents, storageFull })).toEqual(summary);
	});

	it('says the server slowed sending down while a connection waits out a write limit', () => {
		const waitingOut = {
			...doc('offline', 40),
			state: {
				...doc('offline').state,
				problem: { kind: 'slow-down', retryAfterMs: 30_000 } as const
			}
		};
		expect(summarizeSync({ documents: [doc('synced'), waitingOut], storageFull: false })).toEqual({
			kind: 'slowed',
			waiting: 40
		});
	});

	it('says signed out while connections keep retrying for a session', () => {
		const retrying = {
			room: 'community:a:2026-11',
			state: {
				status: 'offline' as const,
				problem: { kind: 'signed-out' as const },
				unsent: 1,
				confirmed: new Map<number, number>(),
				access: { write: true } as const
			},
			waiting: 1
		};
		expect(summarizeSync({ documents: [retrying], storageFull: false })).toEqual({
			kind: 'stopped',
			waiting: 1,
			problem: 'signed-out'
		});
	});

	it('counts documents kept on the device only as offline', () => {
		expect(
			summarizeSync({
				documents: [{ room: 'community:a:2026-11', state: null, waiting: 2 }],
				storageFull: false
			})
		).toEqual({ kind: 'offline', waiting: 2 });
	});
});

describe('data saver', () => {
	const ONLINE: SyncEnvironment = { ...OFFLINE, online: () => true };

	/** The catalogue, and sync tokens whose rooms are noted: asking for one is the first step. */
	function server(tokensFor: string[]) {
		return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
			const url = String(input);
			if (url.endsWith('/api/sync-token')) {
				const body: unknown = JSON.parse(String(init?.body ?? '{}'));
				const room = typeof body === 'object' && body !== null ? Reflect.get(body, 'room') : '';
				tokensFor.push(String(room));
				return Response.json({ token: 'token', access: { write: true } });
			}
			return Response.json({ communities: [ANXIETY, SLEEP] });
		});
	}

	async function joinedBoth(): Promise<Device> {
		const phone = device();
		const setup = await start(phone);
		await setup.join('anxiety');
		await setup.join('sleep');
		for (const room of setup.rooms) await room.close();
		return phone;
	}

	/** Communities on `phone` with data saver in force while `inForce` says so. */
	async function attachSaving(
		phone: Device,
		tokensFor: string[],
		inForce: () => boolean,
		afterFirstScreen?: () => Promise<void>
	) {
		const state = new CommunitiesState();
		opened.push(state);
		await state.attach({
			...phone,
			identity: identity(ALICE),
			sync: { origin: 'http://hearth.test', fetch: server(tokensFor), environment: ONLINE },
			holdBackground: inForce,
			...(afterFirstScreen ? { afterFirstScreen } : {})
		});
		return state;
	}

	async function startHeld(phone: Device, tokensFor: string[], inForce = () => true) {
		const state = await attachSaving(phone, tokensFor, inForce);
		// The joined rooms open once the first screen is drawn (at once, here).
		await vi.waitFor(() => expect(state.rooms.length).toBe(state.joined.length));
		for (const room of state.rooms) await room.loaded;
		return state;
	}

	const roomOf = (state: CommunitiesState, id: string) => {
		const room = state.rooms.find((open) => open.info.id === id);
		if (room === undefined) throw new Error(`${id} is not open`);
		return room;
	};

	const communityOf = (room: string) => room.split(':')[1];

	it('keeps joined communities from syncing, not even asking for a token, until opened', async () => {
		const tokensFor: string[] = [];
		const state = await startHeld(await joinedBoth(), tokensFor);
		await new Promise((done) => setTimeout(done, 20));
		expect(tokensFor).toEqual([]);
		expect(state.held).toBe(2);
		// Waiting is not offline: the sync indicator does not count held rooms.
		expect(syncStatus.summary.kind).toBe('up-to-date');

		state.room('anxiety');
		await vi.waitFor(() => expect(tokensFor.length).toBeGreaterThan(0));
		expect(new Set(tokensFor.map(communityOf))).toEqual(new Set(['anxiety']));
		expect(state.held).toBe(1);
	});

	it('syncs every held community on "Sync now", and when data saver goes out of force', async () => {
		const phone = await joinedBoth();
		const tokensFor: string[] = [];
		const state = await startHeld(phone, tokensFor);
		state.syncNow();
		await vi.waitFor(() =>
			expect(new Set(tokensFor.map(communityOf))).toEqual(new Set(['anxiety', 'sleep']))
		);
		expect(state.held).toBe(0);

		const again: string[] = [];
		const other = await startHeld(phone, again);
		other.startHeld();
		await vi.waitFor(() => expect(new Set(again.map(communityOf)).size).toBe(2));
	});

	it('holds background communities once data saver comes into force, not one a page shows', async () => {
		const tokensFor: string[] = [];
		const state = await startHeld(await joinedBoth(), tokensFor, () => false);
		await vi.waitFor(() =>
			expect(new Set(tokensFor.map(communityOf))).toEqual(new Set(['anxiety', 'sleep']))
		);
		state.room('anxiety');
		state.holdBackground();
		expect(roomOf(state, 'sleep').held).toBe(true);
		expect(roomOf(state, 'anxiety').held).toBe(false);
		expect(state.held).toBe(1);

		// Opening it lets it sync again: it connects, asking for a token first.
		tokensFor.length = 0;
		state.room('sleep');
		await vi.waitFor(() => expect(tokensFor.map(communityOf)).toContain('sleep'));
		expect(state.held).toBe(0);
	});

	it('lets a background community finish sending what was written before it is held', async () => {
		const tokensFor: string[] = [];
		const state = await startHeld(await joinedBoth(), tokensFor, () => false);
		const sleep = state.room('sleep');
		await sleep.loaded;
		// No server takes it (the sockets fail here), so the thread stays on its way.
		await sleep.startThread({ title: 'Up late', body: 'Again', contentWarning: null, tags: [] });
		state.release('sleep');
		state.holdBackground();
		expect(roomOf(state, 'sleep').held).toBe(false);
		expect(roomOf(state, 'anxiety').held).toBe(true);
	});

	it('holds again once a page that showed a community is gone, and on "Sync now" lets all go', async () => {
		const state = await startHeld(await joinedBoth(), [], () => false);
		// Two pages show it (a thread and its moderation page, say); one closes, one still shows it.
		state.room('anxiety');
		state.room('anxiety');
		state.release('anxiety');
		state.holdBackground();
		expect(roomOf(state, 'anxiety').held).toBe(false);
		state.release('anxiety');
		state.holdBackground();
		expect(roomOf(state, 'anxiety').held).toBe(true);
		state.syncNow();
		expect(state.held).toBe(0);
	});

	it('opens a community for tidying without counting it as shown, held while data saver is on', async () => {
		const tokensFor: string[] = [];
		let inForce = true;
		// The first screen never comes here, so no joined room opens by itself.
		const state = await attachSaving(
			await joinedBoth(),
			tokensFor,
			() => inForce,
			() => new Promise(() => {})
		);
		expect(state.rooms).toEqual([]);

		const room = state.backgroundRoom('anxiety');
		expect(room?.held).toBe(true);
		expect(state.backgroundRoom('anxiety')).toBe(room);
		expect(state.backgroundRoom('not-joined')).toBeNull();
		await room?.loaded;
		expect(tokensFor).toEqual([]);

		// Not counted as shown: data saver coming into force again holds it, as no page has it.
		inForce = false;
		state.startHeld();
		expect(room?.held).toBe(false);
		inForce = true;
		state.holdBackground();
		expect(room?.held).toBe(true);
	});
});
