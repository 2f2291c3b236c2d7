import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pseudonymName } from '../domain/community/pseudonym-name';
import type { JoinedCommunityRecord } from '../storage/community.repository';
import { MemoryCommunityRepository } from '../storage/memory-community.repository';
import { MemoryDocumentRepository } from '../storage/memory-document.repository';
import { MemoryThreadIndexRepository } from '../storage/memory-thread-index.repository';
import { CommunityError, CommunityRoom, type CommunityIdentity } from './community-room.svelte';
import { NameTakenError } from './identity-errors';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const BOB = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
const INFO = { id: 'anxiety', name: 'Anxiety', description: 'Together', guidelines: ['Be kind.'] };
const NOV_2026 = Date.UTC(2026, 10, 15, 12);
const SEP_2026 = Date.UTC(2026, 8, 3, 12);

interface Device {
	communities: MemoryCommunityRepository;
	documents: MemoryDocumentRepository;
	threadIndex: MemoryThreadIndexRepository;
	/** From now on the device refuses writes as when it is full. */
	fill(): void;
}

function device(): Device {
	let full = false;
	const refuse = () => {
		if (full) throw new DOMException('Simulated: the device is full', 'QuotaExceededError');
	};
	return {
		communities: new MemoryCommunityRepository(),
		documents: new MemoryDocumentRepository({ beforeWrite: refuse }),
		threadIndex: new MemoryThreadIndexRepository({ beforeWrite: refuse }),
		fill: () => (full = true)
	};
}

function identity(
	id: string,
	taken: ReadonlySet<string> = new Set()
): CommunityIdentity & {
	registered: string[];
} {
	const registered: string[] = [];
	return {
		registered,
		pseudonymKeys: () => ({ id }),
		sessionToken: async () => 'session',
		async registerPseudonym(_, name) {
			if (taken.has(name)) throw new NameTakenError(name);
			registered.push(name);
		}
	};
}

const joinedRecord = (extra: Partial<JoinedCommunityRecord> = {}): JoinedCommunityRecord => ({
	id: INFO.id,
	info: INFO,
	joinedAt: 1,
	guidelinesAcceptedAt: 1,
	chosenName: null,
	authoredMonths: [],
	openedMonths: [],
	...extra
});

const rooms: CommunityRoom[] = [];
beforeEach(() => {
	// Rooms given a server try to connect; no socket ever opens in these tests.
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
	await Promise.all(rooms.splice(0).map((room) => room.close()));
	vi.unstubAllGlobals();
});

interface OpenOptions {
	as?: string;
	joined?: boolean;
	now?: () => number;
	who?: CommunityIdentity;
	fetch?: typeof fetch;
	online?: boolean;
}

async function open(on: Device, options: OpenOptions = {}): Promise<CommunityRoom> {
	const joined = options.joined ?? true;
	if (joined && (await on.communities.getJoined(INFO.id)) === null) {
		await on.communities.saveJoined(joinedRecord());
	}
	const online = options.online ?? true;
	const room = new CommunityRoom({
		info: INFO,
		identity: options.who ?? identity(options.as ?? ALICE),
		communities: on.communities,
		documents: on.documents,
		threadIndex: on.threadIndex,
		// A fetch for the months list only; no connection is made in these tests.
		sync: options.fetch
			? {
					origin: 'http://hearth.test',
					fetch: options.fetch,
					environment: { online: () => online, onOnline: () => () => {}, onVisible: () => () => {} }
				}
			: null,
		joined,
		now: options.now ?? (() => NOV_2026)
	});
	rooms.push(room);
	await room.loaded;
	return room;
}

async function reopen(room: CommunityRoom, on: Device, options: OpenOptions = {}) {
	await room.close();
	return open(on, options);
}

const thread = (title: string, body = 'Body text') => ({
	title,
	body,
	contentWarning: null,
	tags: []
});

async function refusal(action: Promise<unknown>): Promise<CommunityError> {
	const error: unknown = await action.then(
		() => null,
		(e: unknown) => e
	);
	if (error instanceof CommunityError) return error;
	throw new Error(`expected a CommunityError, got ${String(error)}`);
}

describe('CommunityRoom on this device', () => {
	it('keeps what was written offline through a reload, nothing lost or doubled', async () => {
		const phone = device();
		let room = await open(phone);
		expect(room.status).toBe('ready');
		const t1 = await room.startThread(thread('Sleep', 'Awake again'));
		const r1 = await room.reply(t1, { body: 'Me too', contentWarning: null });
		await room.startThread(thread('Work'));
		room = await reopen(room, phone);
		expect(room.threads.map((t) => t.title).sort()).toEqual(['Sleep', 'Work']);
		const view = room.thread(t1);
		expect(view?.replies.map((r) => [r.id, r.body])).toEqual([[r1, 'Me too']]);
		expect(view?.author).toEqual({ id: ALICE, name: pseudonymName(ALICE), isMe: true });
		expect(view?.delivered).toBe(false);
	});

	it('writes a new thread into the current month and follows that month afterwards', async () => {
		const phone = device();
		let now = SEP_2026;
		let room = await open(phone, { now: () => now });
		await room.startThread(thread('September'));
		const rooms = (await phone.documents.list()).map((d) => d.docName);
		expect(rooms).toContain('community:anxiety:2026-09');
		expect((await phone.communities.getJoined(INFO.id))?.authoredMonths).toEqual(['2026-09']);
		now = Date.UTC(2027, 1, 1);
		room = await reopen(room, phone, { now: () => now });
		expect(room.threads.map((t) => t.title)).toEqual(['September']);
	});

	it('orders threads by latest activity and marks unread until read, across reloads', async () => {
		const phone = device();
		let room = await open(phone);
		const first = await room.startThread(thread('First'));
		await room.startThread(thread('Second'));
		room = await reopen(room, phone, { as: BOB });
		expect(room.threads.map((t) => [t.title, t.unread])).toEqual([
			['Second', true],
			['First', true]
		]);
		await room.reply(first, { body: 'Hello', contentWarning: null });
		await room.markRead(first);
		expect(room.threads.map((t) => [t.title, t.unread, t.replyCount])).toEqual([
			['First', false, 1],
			['Second', true, 0]
		]);
		room = await reopen(room, phone, { as: BOB });
		expect(room.threads.find((t) => t.id === first)?.unread).toBe(false);
		room = await reopen(room, phone);
		await room.reply(first, { body: 'Thanks', contentWarning: null });
		room = await reopen(room, phone, { as: BOB });
		expect(room.threads.find((t) => t.id === first)?.unread).toBe(true);
	});

	it('edits and deletes only its own posts; a deleted thread takes its replies with it', async () => {
		const phone = device();
		let room = await open(phone);
		const mine = await room.startThread(thread('Mine'));
		room = await reopen(room, phone, { as: BOB });
		const reply = await room.reply(mine, { body: 'Hi', contentWarning: null });
		expect((await refusal(room.editThread(mine, { title: 'Taken' }))).code).toBe('not-yours');
		expect((await refusal(room.deleteThread(mine))).code).toBe('not-yours');
		await room.editReply(reply, { body: 'Hi there' });
		expect(room.thread(mine)?.replies[0]?.body).toBe('Hi there');
		expect(room.thread(mine)?.replies[0]?.editedAt).not.toBeNull();
		room = await reopen(room, phone);
		await room.editThread(mine, { title: 'Mine, edited', contentWarning: '  ' });
		expect(room.thread(mine)?.title).toBe('Mine, edited');
		await room.deleteThread(mine);
		expect(room.thread(mine)).toBeNull();
		expect(room.threads).toEqual([]);
		expect((await refusal(room.reply(mine, { body: 'x', contentWarning: null }))).code).toBe(
			'missing'
		);
		room = await reopen(room, phone);
		expect(room.threads).toEqual([]);
	});

	it('deletes its own reply', async () => {
		const room = await open(device());
		const t = await room.startThread(thread('T'));
		const r = await room.reply(t, { body: 'R', contentWarning: null });
		await room.deleteReply(r);
		expect(room.thread(t)?.replies).toEqual([]);
		expect((await refusal(room.deleteReply(r))).code).toBe('missing');
	});

	it('holds one reaction per person and kind, toggled on and off', async () => {
		const phone = device();
		let room = await open(phone);
		const t = await room.startThread(thread('T'));
		await room.toggleReaction(t, 'me-too');
		await room.toggleReaction(t, 'strength');
		room = await reopen(room, phone, { as: BOB });
		await room.toggleReaction(t, 'me-too');
		const tally = () =>
			room
				.thread(t)
				?.reactions.filter((r) => r.count > 0)
				.map((r) => [r.kind, r.count, r.mine]);
		expect(tally()).toEqual([
			['strength', 1, false],
			['me-too', 2, true]
		]);
		await room.toggleReaction(t, 'me-too');
		expect(tally()).toEqual([
			['strength', 1, false],
			['me-too', 1, false]
		]);
		expect((await refusal(room.toggleReaction('nothing', 'hear-you'))).code).toBe('missing');
	});

	it('searches what is on the device, with the matched words marked', async () => {
		const room = await open(device());
		const t = await room.startThread(thread('Sleepless nights', 'Lying awake at 3am.'));
		const r = await room.reply(t, { body: 'Try writing your worries down.', contentWarning: null });
		expect(room.search('sleep')).toEqual([
			{
				threadId: t,
				replyId: null,
				title: 'Sleepless nights',
				excerpt: 'Sleepless nights Lying awake at 3am.',
				matches: [{ start: 0, end: 5 }]
			}
		]);
		const [hit] = room.search('worries');
		expect(hit).toMatchObject({ threadId: t, replyId: r });
		expect(hit?.excerpt.slice(hit.matches[0]?.start, hit.matches[0]?.end)).toBe('worries');
		expect(room.search('nothing-like-this')).toEqual([]);
	});

	it.each([
		['an empty title', thread(' '), 'title'],
		['a title too long', thread('x'.repeat(121)), 'title'],
		['an empty body', thread('Title', ''), 'body'],
		['too many tags', { ...thread('T'), tags: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'tags']
	])('refuses %s, naming the field', async (_, input, field) => {
		const room = await open(device());
		const error = await refusal(room.startThread(input));
		expect({ code: error.code, field: error.field }).toEqual({ code: 'invalid-input', field });
		expect(room.threads).toEqual([]);
	});

	it('refuses to write before joining, but shows what is there', async () => {
		const phone = device();
		let room = await open(phone);
		await room.startThread(thread('Open to all'));
		await phone.communities.removeJoined(INFO.id);
		room = await reopen(room, phone, { as: BOB, joined: false });
		expect(room.threads.map((t) => t.title)).toEqual(['Open to all']);
		expect((await refusal(room.startThread(thread('No')))).code).toBe('not-joined');
	});

	it('says so when the device is full', async () => {
		const phone = device();
		const room = await open(phone);
		phone.fill();
		expect((await refusal(room.startThread(thread('Too much')))).code).toBe('storage-full');
		expect(room.storageFull).toBe(true);
	});

	it('fails to open without a pseudonym, and says why on a write', async () => {
		const room = await open(device(), {
			who: {
				...identity(ALICE),
				pseudonymKeys() {
					throw new Error('no identity yet');
				}
			}
		});
		expect(room.status).toBe('failed');
		expect((await refusal(room.startThread(thread('T')))).code).toBe('not-ready');
	});
});

describe('CommunityRoom names', () => {
	it('shows a generated default, then the name chosen, to the person and to others', async () => {
		const phone = device();
		const who = identity(ALICE);
		let room = await open(phone, { who });
		expect(room.me).toEqual({ id: ALICE, name: pseudonymName(ALICE), isMe: true });
		const t = await room.startThread(thread('T'));
		await room.setMyName('  Night   Owl ');
		expect(room.me.name).toBe('Night Owl');
		expect(who.registered).toEqual(['Night Owl']);
		expect((await phone.communities.getJoined(INFO.id))?.chosenName).toBe('Night Owl');
		// Bob on the same documents, with his own device's record of joining.
		await room.close();
		await phone.communities.saveJoined(joinedRecord());
		room = await open(phone, { as: BOB });
		expect(room.thread(t)?.author).toEqual({ id: ALICE, name: 'Night Owl', isMe: false });
		expect(room.me.name).toBe(pseudonymName(BOB));
	});

	it.each([
		['an empty name', '   ', 'invalid-input'],
		['a name too long', 'x'.repeat(33), 'invalid-input'],
		['a name someone has', 'Taken', 'name-taken']
	])('refuses %s', async (_, name, code) => {
		const room = await open(device(), { who: identity(ALICE, new Set(['Taken'])) });
		const error = await refusal(room.setMyName(name));
		expect({ code: error.code, field: error.field }).toEqual({ code, field: 'name' });
		expect(room.me.name).toBe(pseudonymName(ALICE));
	});

	it('registers before syncing, moving to the next default name when one is taken', async () => {
		const phone = device();
		const who = identity(ALICE, new Set([pseudonymName(ALICE)]));
		// The sync token request fails, so no socket is tried; registering comes before it.
		const room = await open(phone, { who, fetch: async () => new Response('{}', { status: 503 }) });
		await expect.poll(() => who.registered).toEqual([pseudonymName(ALICE, 1)]);
		expect(room.me.name).toBe(pseudonymName(ALICE, 1));
		expect((await phone.communities.getJoined(INFO.id))?.chosenName).toBe(pseudonymName(ALICE, 1));
	});

	it('keeps a chosen name locally when the server cannot be reached', async () => {
		const phone = device();
		const room = await open(phone, {
			who: {
				...identity(ALICE),
				registerPseudonym: () => Promise.reject(new TypeError('fetch failed'))
			}
		});
		await room.setMyName('Quiet Harbour');
		expect(room.me.name).toBe('Quiet Harbour');
	});
});

describe('CommunityRoom show earlier', () => {
	const answer = (status: number, body: unknown) => async () =>
		new Response(JSON.stringify(body), {
			status,
			headers: { 'content-type': 'application/json' }
		});

	async function seedOldThread(phone: Device): Promise<string> {
		const room = await open(phone, { now: () => SEP_2026 });
		const id = await room.startThread(thread('From September'));
		await room.close();
		// Someone else's month: not followed by this person unless they open it.
		await phone.communities.saveJoined(joinedRecord());
		return id;
	}

	it('opens the latest earlier month the server lists, and keeps it', async () => {
		const phone = device();
		await seedOldThread(phone);
		// On another device's storage the September document is not there yet: forget it here.
		const copy = await phone.documents.load('community:anxiety:2026-09');
		await phone.documents.remove('community:anxiety:2026-09');
		const fetch = answer(200, { parts: [{ part: '2026-09' }, { part: '2026-11' }] });
		let room = await open(phone, { fetch });
		expect(room.threads).toEqual([]);
		for (const update of copy.updates) {
			await phone.documents.append('community:anxiety:2026-09', update);
		}
		await room.loadEarlier();
		expect(room.earlier.status).toBe('idle');
		expect(room.threads.map((t) => t.title)).toEqual(['From September']);
		expect((await phone.communities.getJoined(INFO.id))?.openedMonths).toEqual(['2026-09']);
		await room.loadEarlier();
		expect(room.earlier.status).toBe('none-left');
		room = await reopen(room, phone, { fetch: answer(500, {}), online: false });
		expect(room.threads.map((t) => t.title)).toEqual(['From September']);
	});

	it('steps back a month at a time when the server has no list', async () => {
		const phone = device();
		await seedOldThread(phone);
		await phone.communities.saveJoined(joinedRecord());
		const room = await open(phone, { fetch: answer(404, { error: { code: 'not-found' } }) });
		// Followed: November and October; the stored September document is on the device already.
		expect(room.threads.map((t) => t.title)).toEqual(['From September']);
		await room.loadEarlier();
		expect(room.earlier.status).toBe('idle');
		expect((await phone.communities.getJoined(INFO.id))?.openedMonths).toEqual(['2026-08']);
	});

	it('says offline when there is no way to ask', async () => {
		const room = await open(device(), { fetch: answer(200, { parts: [] }), online: false });
		await room.loadEarlier();
		expect(room.earlier.status).toBe('offline');
	});
});

describe('CommunityRoom delivery', () => {
	it('counts what it wrote as waiting until the server is known to hold it', async () => {
		const room = await open(device());
		const t = await room.startThread(thread('T'));
		await room.reply(t, { body: 'R', contentWarning: null });
		expect(room.threads[0]?.delivered).toBe(false);
		expect(room.thread(t)?.replies[0]?.delivered).toBe(false);
		// Thread and reply (the name entry goes with them), none on a server yet.
		expect(room.documents.reduce((n, d) => n + d.waiting, 0)).toBe(2);
	});

	it('counts a rename alone as one change waiting', async () => {
		const room = await open(device());
		await room.setMyName('Night Owl');
		expect(room.documents.reduce((n, d) => n + d.waiting, 0)).toBe(1);
	});
});
