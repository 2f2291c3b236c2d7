// Write limits on the sync endpoint, against the whole server with its default limits
// (server/sync/write-budget.ts) and a clock the test moves. An honest person's offline backlog
// goes through whole; a flood from one identity is cut off at its budget with 4429
// `too-many-changes` while the room keeps serving everyone else; limits follow the person across
// connections and documents, not the address; and once time has passed, the person may write
// again, which Hearth's client does by itself, losing nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeSyncUpdate } from '../../server/sync/protocol';
import { DEFAULT_COMMUNITY_LIMITS } from '../../server/sync/write-budget';
import { REACTION_KINDS } from '../../src/lib/domain/community/records';
import {
	editReply,
	react,
	readCommunity,
	writeReply,
	writeThread
} from '../../src/lib/sync/community.codec';
import {
	ANSWER_TIMEOUT_MS,
	createSyncConnection,
	type SyncConnection
} from '../../src/lib/sync/sync-connection';
import type { SyncTimers } from '../../src/lib/sync/sync-environment';
import type { SyncProblem } from '../../src/lib/sync/sync-problem';
import { createSyncTokenFetcher } from '../../src/lib/sync/sync-token';
import {
	signInPerson,
	startAssembledServer,
	type AssembledTestServer,
	type TestPerson
} from '../support/assembled-server';
import { now, replyRecord, threadRecord } from '../support/community-records';
import { mulberry32 } from '../support/seeded-random';
import { onDocUpdate, RawClient, until, type Subscription } from '../support/sync-clients';

const HOUR_MS = 60 * 60 * 1000;
const CHANGES = DEFAULT_COMMUNITY_LIMITS.changes ?? { capacity: 0, perHour: 1 };
/** Seconds until one more change fits in an empty budget. */
const ONE_CHANGE_S = Math.ceil(HOUR_MS / CHANGES.perHour / 1000);

/** The server's write budgets read this clock; tests move it forward, never back. */
const clock = { ms: Date.now() };
let server: AssembledTestServer;
let people = 0;
let rooms = 0;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
	server = await startAssembledServer({ writeBudget: { now: () => clock.ms } });
});

afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

afterAll(async () => {
	await server.close();
});

/** Someone new, so that every test starts from full budgets. */
const person = (name: string) => signInPerson(server.origin, `${name} ${++people}`);
const newRoom = () => `community:anxiety:rate-${++rooms}`;
const state = (doc: Y.Doc) => readCommunity(doc).state;

interface Device {
	doc: Y.Doc;
	provider: WebsocketProvider;
	closes: { code: number; reason: string }[];
}

/** A stock y-websocket client, as the app would use it. */
async function stock(who: TestPerson, room: string, doc = new Y.Doc()): Promise<Device> {
	const closes: Device['closes'] = [];
	const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, room, doc, {
		// ws implements the DOM WebSocket interface the provider uses, not its exact type.
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params: { token: await who.syncToken(room) }
	});
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	cleanups.push(() => provider.destroy());
	return { doc, provider, closes };
}

const onSync =
	(device: Device): Subscription =>
	(wake) => {
		device.provider.on('sync', wake);
		return () => device.provider.off('sync', wake);
	};

async function synced(device: Device): Promise<Device> {
	await until(() => device.provider.synced, [onSync(device)], 'the device is synced');
	return device;
}

/** What a device that joins now receives from the server. */
async function storedIn(room: string): Promise<Y.Doc> {
	const reader = await person('Reader');
	return (await synced(await stock(reader, room))).doc;
}

/** Words of a realistic length, 500–2,000 characters, the same for the same seed. */
function body(random: () => number): string {
	const words = 'tired slept little today walked river better talked sister hope kettle rain';
	const list = words.split(' ');
	const length = 500 + Math.floor(random() * 1500);
	let text = '';
	while (text.length < length) text += `${list[Math.floor(random() * list.length)]} `;
	return text.slice(0, length).trim();
}

interface Backlog {
	threads: number;
	replies: number;
	/** Reactions to others' threads (four kinds each). */
	reactions: number;
	/** Edits of one's own replies. */
	edits?: number;
}

/**
 * Writes a backlog into `doc` as the app would offline: threads, replies to them and to
 * `others` (someone else's threads), reactions to `others`, and a few edits.
 */
function writeBacklog(
	doc: Y.Doc,
	author: string,
	others: readonly string[],
	backlog: Backlog,
	seed: number
): void {
	const random = mulberry32(seed);
	const own: string[] = [];
	for (let i = 0; i < backlog.threads; i++) {
		const thread = threadRecord(author, `A long week, part ${i}`, { body: body(random) });
		writeThread(doc, thread);
		own.push(thread.id);
	}
	const targets = [...own, ...others];
	const replies: string[] = [];
	for (let i = 0; i < backlog.replies; i++) {
		const thread = targets[Math.floor(random() * targets.length)] ?? '';
		const reply = replyRecord(author, thread, body(random));
		writeReply(doc, reply);
		replies.push(reply.id);
	}
	let given = 0;
	for (const target of others) {
		for (const kind of REACTION_KINDS) {
			if (given++ >= backlog.reactions) break;
			react(doc, { target, kind, author, at: now() });
		}
	}
	for (const id of replies.slice(0, backlog.edits ?? 0)) {
		editReply(doc, { id, author, at: now(), body: `${body(random)} (edited)` });
	}
}

/** A room where someone else already started `count` threads. */
async function roomWithThreads(count: number): Promise<{ room: string; threads: string[] }> {
	const room = newRoom();
	const ana = await person('Ana');
	const device = await synced(await stock(ana, room));
	const threads = Array.from({ length: count }, (_, i) => {
		const thread = threadRecord(ana.author, `Hard night ${i}`);
		writeThread(device.doc, thread);
		return thread.id;
	});
	const reader = await storedIn(room);
	await until(
		() => state(reader).threads.size === count,
		[onDocUpdate(reader)],
		'the room holds the threads'
	);
	return { room, threads };
}

/** Hearth's own sync connection, on timers that let long waits pass at once (see below). */
function hearthClient(who: TestPerson, room: string, doc: Y.Doc): SyncConnection {
	const connection = createSyncConnection({
		doc,
		room,
		serverUrl: `ws://127.0.0.1:${server.port}/sync`,
		getToken: createSyncTokenFetcher({ origin: server.origin, session: () => who.session }),
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		now: () => clock.ms,
		timers: timePassing
	});
	cleanups.push(() => connection.destroy());
	return connection;
}

/**
 * Timers on which a wait longer than the connection's liveness limit passes at once, moving the
 * server's clock by as much: a client told to come back in twenty minutes comes back, twenty
 * minutes later for both. Shorter timers run in real time, the liveness limit among them: passed
 * at once, it would find every socket silent and drop it before the server could answer.
 */
const timePassing: SyncTimers = {
	setTimeout(callback, ms) {
		if (ms <= ANSWER_TIMEOUT_MS) return setTimeout(callback, ms);
		return setTimeout(() => {
			clock.ms += ms;
			callback();
		}, 10);
	},
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

const onState =
	(connection: SyncConnection): Subscription =>
	(wake) =>
		connection.subscribe(wake);

/** Waits until the server is known to hold everything in `doc` (written before or after). */
async function confirmed(connection: SyncConnection, doc: Y.Doc, what: string): Promise<void> {
	const held = () =>
		[...Y.decodeStateVector(Y.encodeStateVector(doc))].every(
			([client, clock]) => (connection.state.confirmed.get(client) ?? 0) >= clock
		);
	await until(
		() => connection.state.status === 'synced' && connection.state.unsent === 0 && held(),
		[onState(connection)],
		what,
		30_000
	);
}

/** Records in each update of a flood: many updates, none of them large. */
const PER_UPDATE = 10;
/** The wait the server names when a flood's next update finds the budget empty. */
const EMPTY_WAIT_S = PER_UPDATE * ONE_CHANGE_S;

/**
 * `count` small threads of `who`'s, PER_UPDATE to an update, in order; or, with `replyTo`, small
 * replies to a thread in that copy of the room.
 */
function smallWrites(
	who: TestPerson,
	count: number,
	replyTo?: { room: Y.Doc; thread: string }
): Uint8Array[] {
	const doc = new Y.Doc();
	if (replyTo) Y.applyUpdate(doc, Y.encodeStateAsUpdate(replyTo.room));
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	for (let first = 0; first < count; first += PER_UPDATE) {
		doc.transact(() => {
			for (let i = first; i < Math.min(first + PER_UPDATE, count); i++) {
				if (replyTo) writeReply(doc, replyRecord(who.author, replyTo.thread, `spam ${i}`));
				else writeThread(doc, threadRecord(who.author, `spam ${i}`));
			}
		});
	}
	return updates;
}

/** Sends every update as fast as the socket takes them; resolves with how the server closed. */
async function send(
	who: TestPerson,
	room: string,
	updates: readonly Uint8Array[]
): Promise<RawClient> {
	const token = await who.syncToken(room);
	const client = new RawClient(
		new WebSocket(`ws://127.0.0.1:${server.port}/sync/${room}?token=${token}`)
	);
	cleanups.push(() => client.ws.terminate());
	await client.opened;
	for (const update of updates) client.send(encodeSyncUpdate(update));
	return client;
}

const written = (doc: Y.Doc, who: TestPerson) =>
	[...state(doc).threads.values(), ...state(doc).replies.values()].filter(
		(record) => record.author === who.author
	).length;

/** Waits until a device in `room` holds `count` records of `who`'s. */
async function holds(device: Device, who: TestPerson, count: number): Promise<void> {
	await until(
		() => written(device.doc, who) >= count,
		[onDocUpdate(device.doc)],
		`the room holds ${count} records of theirs`,
		20_000
	);
	expect(written(device.doc, who)).toBe(count);
}

const slowDown = (seconds: number) => ({
	code: 4429,
	reason: `too-many-changes retry-after=${seconds}`
});

describe('an honest offline backlog', { timeout: 30_000 }, () => {
	it('of fifty posts with reactions goes through whole, from the stock client', async () => {
		const { room, threads } = await roomWithThreads(5);
		const ben = await person('Ben');
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(await storedIn(room)));
		writeBacklog(doc, ben.author, threads, { threads: 15, replies: 35, reactions: 20 }, 50);
		const device = await stock(ben, room, doc);
		const fresh = await storedIn(room);
		await until(
			() => written(fresh, ben) === 50 && state(fresh).reactions.size === 20,
			[onDocUpdate(fresh)],
			'a new device receives all fifty posts and twenty reactions'
		);
		expect(device.closes).toEqual([]);
		expect(state(fresh).threads.size + state(fresh).replies.size).toBe(55);
	});

	it("of a heavy poster's week goes through whole, in Hearth's pieces", async () => {
		const { room, threads } = await roomWithThreads(20);
		const ben = await person('Ben');
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(await storedIn(room)));
		// 200 posts of 500–2,000 characters, 80 reactions and 20 edits: over 300 changes, 300 KB.
		writeBacklog(
			doc,
			ben.author,
			threads,
			{ threads: 60, replies: 140, reactions: 80, edits: 20 },
			7
		);
		expect(Y.encodeStateAsUpdate(doc).byteLength).toBeGreaterThan(256 * 1024);
		const problems: (SyncProblem | null)[] = [];
		const connection = hearthClient(ben, room, doc);
		connection.subscribe((s) => problems.push(s.problem));
		await confirmed(connection, doc, 'the server confirms the whole week');
		expect(problems.filter((problem) => problem !== null)).toEqual([]);
		const fresh = await storedIn(room);
		expect(written(fresh, ben)).toBe(200);
		expect(state(fresh).reactions.size).toBe(80);
		for (const [id, reply] of state(doc).replies)
			expect(state(fresh).replies.get(id)).toEqual(reply);
	});

	it('larger than the budget is asked to wait, and Hearth’s client finishes it after', async () => {
		const room = newRoom();
		const ben = await person('Ben');
		const doc = new Y.Doc();
		const count = CHANGES.capacity + 50;
		for (let i = 0; i < count; i++) writeThread(doc, threadRecord(ben.author, `Note ${i}`));
		const problems: SyncProblem[] = [];
		const connection = hearthClient(ben, room, doc);
		connection.subscribe((s) => {
			if (s.problem) problems.push(s.problem);
		});
		await confirmed(connection, doc, 'the server confirms everything, after waiting');
		expect(problems.map((problem) => problem.kind)).toContain('slow-down');
		expect(problems.every((problem) => problem.kind === 'slow-down')).toBe(true);
		expect(written(await storedIn(room), ben)).toBe(count);
	});
});

describe('a flood from one identity', { timeout: 60_000 }, () => {
	/** Updates of a flood that fit in a full budget. */
	const FIT = CHANGES.capacity / PER_UPDATE;

	it('is refused with 4429 past its budget, keeping only what fit, and the room serves on', async () => {
		const { room, threads } = await roomWithThreads(1);
		const ana = await person('Ana');
		const honest = await synced(await stock(ana, room));
		const mallory = await person('Mallory');
		const replyTo = { room: honest.doc, thread: threads[0] ?? '' };
		const flood = await send(mallory, room, smallWrites(mallory, 2_000, replyTo));
		expect(await flood.closed).toEqual(slowDown(EMPTY_WAIT_S));

		const fresh = await synced(await stock(await person('Cleo'), room));
		await holds(fresh, mallory, CHANGES.capacity);
		// The honest person in the same room was not disturbed, and still writes and receives.
		const next = threadRecord(ana.author, 'Still here');
		writeThread(honest.doc, next);
		await until(
			() => state(fresh.doc).threads.has(next.id),
			[onDocUpdate(fresh.doc)],
			'the next thread reaches the room'
		);
		expect(honest.closes).toEqual([]);
		expect(fresh.closes).toEqual([]);
	});

	it('shares one budget across that person’s connections and documents', async () => {
		const mallory = await person('Mallory');
		const [first, second] = [newRoom(), newRoom()];
		const watchFirst = await synced(await stock(await person('Cleo'), first));
		const watchSecond = await synced(await stock(await person('Cleo'), second));
		// Two devices (two client ids) in two months' documents, each writing over half the budget.
		const half = CHANGES.capacity / 2 + 100;
		const one = await send(mallory, first, smallWrites(mallory, half));
		await holds(watchFirst, mallory, half);
		const other = await send(mallory, second, smallWrites(mallory, half));
		expect(await other.closed).toEqual(slowDown(EMPTY_WAIT_S));
		await holds(watchSecond, mallory, CHANGES.capacity - half);
		// The first connection sent nothing over budget, so it stays open.
		expect(one.ws.readyState).toBe(WebSocket.OPEN);
	});

	it('does not limit someone else behind the same address', async () => {
		const room = newRoom();
		const watch = await synced(await stock(await person('Cleo'), room));
		const mallory = await person('Mallory');
		const ben = await person('Ben');
		const flood = await send(mallory, room, smallWrites(mallory, CHANGES.capacity + PER_UPDATE));
		expect(await flood.closed).toEqual(slowDown(EMPTY_WAIT_S));
		// Ben's connection comes from 127.0.0.1 too; his budget is his own, and full.
		const honest = await send(ben, room, smallWrites(ben, CHANGES.capacity));
		await holds(watch, ben, CHANGES.capacity);
		expect(honest.ws.readyState).toBe(WebSocket.OPEN);
		expect(written(watch.doc, mallory)).toBe(CHANGES.capacity);
	});

	it('may write again once time has passed, at the refill rate', async () => {
		const room = newRoom();
		const watch = await synced(await stock(await person('Cleo'), room));
		const mallory = await person('Mallory');
		const writes = smallWrites(mallory, CHANGES.capacity + 500);
		const flood = await send(mallory, room, writes.slice(0, FIT + 1));
		expect(await flood.closed).toEqual(slowDown(EMPTY_WAIT_S));
		await holds(watch, mallory, CHANGES.capacity);

		clock.ms += HOUR_MS;
		// The refused update was never stored; she sends it again, and more.
		const again = await send(mallory, room, writes.slice(FIT));
		expect(await again.closed).toEqual(slowDown(EMPTY_WAIT_S));
		await holds(watch, mallory, CHANGES.capacity + CHANGES.perHour);
	});
});
