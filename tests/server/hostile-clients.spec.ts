// Clients that break the rules on purpose, against the whole server: each speaks the protocol
// with an update made by hand, and must be closed with the documented code, leave nothing in the
// room (a device joining afterwards sees none of it), and leave the honest people in the same
// room syncing as before. Then the honest cases the rules must keep allowing.
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE, encodeSyncUpdate } from '../../server/sync/protocol';
import { newId } from '../../src/lib/domain/ids';
import {
	deleteThread,
	editThread,
	react,
	readCommunity,
	unreact,
	writeReply,
	writeThread
} from '../../src/lib/sync/community.codec';
import { createSyncConnection } from '../../src/lib/sync/sync-connection';
import { createSyncTokenFetcher } from '../../src/lib/sync/sync-token';
import { encodeStructRange, UpdateWriter } from '../../src/lib/sync/update-codec';
import type { Reply, ThreadHeader } from '../../src/lib/domain/community/records';
import {
	signInPerson,
	startAssembledServer,
	type AssembledTestServer,
	type TestPerson
} from '../support/assembled-server';
import { now, replyRecord, threadRecord } from '../support/community-records';
import { mulberry32 } from '../support/seeded-random';
import { onDocUpdate, RawClient, until, type Subscription } from '../support/sync-clients';

const DAY_MS = 24 * 60 * 60 * 1000;

let server: AssembledTestServer;
let ana: TestPerson;
let ben: TestPerson;
let mallory: TestPerson;
let cleo: TestPerson;
let rooms = 0;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
	server = await startAssembledServer();
	ana = await signInPerson(server.origin, 'Ana');
	ben = await signInPerson(server.origin, 'Ben');
	mallory = await signInPerson(server.origin, 'Mallory');
	cleo = await signInPerson(server.origin, 'Cleo');
});

afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

afterAll(async () => {
	await server.close();
});

interface Device {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Close codes this device's connection saw. */
	closes: number[];
}

/** A stock y-websocket client, as the app would use it. */
async function stock(person: TestPerson, room: string, doc = new Y.Doc()): Promise<Device> {
	const closes: number[] = [];
	const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, room, doc, {
		// ws implements the DOM WebSocket interface the provider uses, not its exact type.
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params: { token: await person.syncToken(room) }
	});
	provider.on('connection-close', (event) => {
		if (event) closes.push(event.code);
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

const state = (doc: Y.Doc) => readCommunity(doc).state;

interface Scene {
	room: string;
	ana: Device;
	ben: Device;
	thread: ThreadHeader;
	reply: Reply;
}

/** A room where Ana started a thread, and Ben answered it and reacted to it. */
async function scene(): Promise<Scene> {
	const room = `community:anxiety:hostile-${++rooms}`;
	const anaSide = await synced(await stock(ana, room));
	const benSide = await synced(await stock(ben, room));
	const thread = threadRecord(ana.author, 'Hard night');
	writeThread(anaSide.doc, thread);
	await until(
		() => state(benSide.doc).threads.has(thread.id),
		[onDocUpdate(benSide.doc)],
		'Ben sees the thread'
	);
	const reply = replyRecord(ben.author, thread.id, 'I am here too.');
	writeReply(benSide.doc, reply);
	react(benSide.doc, { target: thread.id, kind: 'hear-you', author: ben.author, at: now() });
	await until(
		() => state(anaSide.doc).replies.has(reply.id) && state(anaSide.doc).reactions.size === 1,
		[onDocUpdate(anaSide.doc)],
		'Ana sees the reply and the reaction'
	);
	return { room, ana: anaSide, ben: benSide, thread, reply };
}

/** Mallory's own replica of the room, and what she changes in it, as the update she sends. */
function forged(from: Y.Doc, change: (doc: Y.Doc) => void, clientId?: number): Uint8Array {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
	// Set after the copy: Yjs gives a doc a new id when an update brings items under its own.
	if (clientId !== undefined) doc.clientID = clientId;
	const before = Y.encodeStateVector(doc);
	change(doc);
	return Y.encodeStateAsUpdate(doc, before);
}

/** Sends one message on a raw socket as Mallory and waits for the server to close it. */
async function attack(
	room: string,
	message: Uint8Array
): Promise<{ code: number; reason: string }> {
	const token = await mallory.syncToken(room);
	const client = new RawClient(
		new WebSocket(`ws://127.0.0.1:${server.port}/sync/${room}?token=${token}`)
	);
	cleanups.push(() => client.ws.terminate());
	await client.opened;
	client.send(message);
	return client.closed;
}

/** The room still relays between the honest devices, and a new device sees what they wrote. */
async function stillServes(s: Scene): Promise<Y.Doc> {
	const next = threadRecord(ana.author, 'Still here');
	writeThread(s.ana.doc, next);
	await until(
		() => state(s.ben.doc).threads.has(next.id),
		[onDocUpdate(s.ben.doc)],
		'Ben receives what Ana writes next'
	);
	expect(s.ana.closes).toEqual([]);
	expect(s.ben.closes).toEqual([]);
	const fresh = await synced(await stock(cleo, s.room));
	expect(state(fresh.doc).threads.get(next.id)).toEqual(next);
	return fresh.doc;
}

interface HostileCase {
	what: string;
	message: (s: Scene) => Uint8Array;
	code: number;
	reason?: string;
	/** What a device joining afterwards must (not) see. */
	untouched: (fresh: Y.Doc, s: Scene) => void;
}

const threadsOf = (doc: Y.Doc) => doc.getMap<unknown>('threads');
const unchanged = (fresh: Y.Doc, s: Scene) => {
	const { threads, replies } = state(fresh);
	expect(threads.get(s.thread.id)).toEqual(s.thread);
	expect(replies.get(s.reply.id)).toEqual(s.reply);
	expect(readCommunity(fresh).problems).toEqual([]);
};
const update = (s: Scene, change: (doc: Y.Doc) => void, clientId?: number) =>
	encodeSyncUpdate(forged(s.ana.doc, change, clientId));
const refused = (rule: string) => `refused change: ${rule}`;

const cases: HostileCase[] = [
	{
		what: 'a thread under a spoofed author',
		message: (s) =>
			update(s, (doc) => {
				const fake = threadRecord(ana.author, 'Ana did not write this');
				threadsOf(doc).set(fake.id, fake);
			}),
		code: CLOSE.REFUSED_CHANGE,
		reason: refused('not-author'),
		untouched: (fresh, s) => {
			unchanged(fresh, s);
			expect(state(fresh).threads.size).toBe(2);
		}
	},
	{
		what: "editing another person's thread",
		message: (s) =>
			update(s, (doc) =>
				threadsOf(doc).set(s.thread.id, { ...s.thread, author: mallory.author, title: 'Mine' })
			),
		code: CLOSE.REFUSED_CHANGE,
		reason: refused('not-yours'),
		untouched: unchanged
	},
	{
		what: "editing another person's thread, keeping their name on it",
		message: (s) =>
			update(s, (doc) => threadsOf(doc).set(s.thread.id, { ...s.thread, body: 'Rewritten' })),
		code: CLOSE.REFUSED_CHANGE,
		reason: refused('not-author'),
		untouched: unchanged
	},
	{
		what: "deleting another person's reply",
		message: (s) => update(s, (doc) => doc.getMap('replies').delete(s.reply.id)),
		code: CLOSE.REFUSED_CHANGE,
		reason: refused('not-yours'),
		untouched: unchanged
	},
	{
		what: "deleting another person's thread",
		message: (s) => update(s, (doc) => threadsOf(doc).delete(s.thread.id)),
		code: CLOSE.REFUSED_CHANGE,
		reason: refused('not-yours'),
		untouched: unchanged
	},
	{
		what: 'a moderation mark written by a member',
		message: (s) =>
			update(s, (doc) =>
				doc.getMap('marks').set(s.thread.id, {
					id: s.thread.id,
					hidden: true,
					by: mallory.author,
					at: now(),
					reason: null
				})
			),
		code: CLOSE.REFUSED_CHANGE,
		reason: refused('moderators-only'),
		untouched: (fresh, s) => {
			unchanged(fresh, s);
			expect(state(fresh).marks.size).toBe(0);
		}
	},
	{
		what: 'a member entry for someone else',
		message: (s) =>
			update(s, (doc) =>
				doc
					.getMap('members')
					.set(ben.author, { id: ben.author, author: ben.author, name: 'Not Ben', at: now() })
			),
		code: CLOSE.REFUSED_CHANGE,
		reason: refused('not-author'),
		untouched: (fresh, s) => {
			unchanged(fresh, s);
			expect(state(fresh).members.has(ben.author)).toBe(false);
		}
	},
	{
		what: "reusing another person's client id",
		message: (s) =>
			update(
				s,
				(doc) => {
					const own = threadRecord(mallory.author, 'Under a borrowed id');
					threadsOf(doc).set(own.id, own);
				},
				s.ana.doc.clientID
			),
		code: CLOSE.REFUSED_CHANGE,
		reason: refused('client-id-taken'),
		untouched: (fresh, s) => {
			unchanged(fresh, s);
			expect(state(fresh).threads.size).toBe(2);
		}
	},
	{
		what: 'a nested Y.Map where a record belongs',
		message: (s) =>
			update(s, (doc) => {
				const nested = new Y.Map<unknown>();
				threadsOf(doc).set(newId(), nested);
				nested.set('author', mallory.author);
			}),
		code: CLOSE.REFUSED_CHANGE,
		reason: refused('outside-schema'),
		untouched: (fresh, s) => {
			unchanged(fresh, s);
			expect(threadsOf(fresh).size).toBe(2);
		}
	},
	{
		what: 'an unknown root type',
		message: (s) => update(s, (doc) => doc.getMap('secrets').set('x', { author: mallory.author })),
		code: CLOSE.REFUSED_CHANGE,
		reason: refused('outside-schema'),
		untouched: (fresh, s) => {
			unchanged(fresh, s);
			expect(fresh.share.has('secrets')).toBe(false);
		}
	},
	{
		what: 'a text inserted at the root',
		message: (s) => update(s, (doc) => doc.getText('threads-notes').insert(0, 'hello')),
		code: CLOSE.REFUSED_CHANGE,
		reason: refused('outside-schema'),
		untouched: unchanged
	},
	{
		what: 'a body over the size limit',
		message: (s) =>
			update(s, (doc) => {
				const long = threadRecord(mallory.author, 'Long', { body: 'x'.repeat(10_001) });
				threadsOf(doc).set(long.id, long);
			}),
		code: CLOSE.REFUSED_CHANGE,
		reason: refused('invalid-record'),
		untouched: (fresh) => expect(threadsOf(fresh).size).toBe(2)
	},
	{
		what: 'a record with a key its schema does not know',
		message: (s) =>
			update(s, (doc) => {
				const extra = { ...threadRecord(mallory.author, 'Extra'), smuggled: 'x'.repeat(5000) };
				threadsOf(doc).set(extra.id, extra);
			}),
		code: CLOSE.REFUSED_CHANGE,
		reason: refused('invalid-record'),
		untouched: (fresh) => expect(threadsOf(fresh).size).toBe(2)
	},
	{
		what: 'a timestamp days ahead of the server',
		message: (s) =>
			update(s, (doc) => {
				const ahead = threadRecord(mallory.author, 'From the future', {
					at: now(Date.now() + 3 * DAY_MS)
				});
				threadsOf(doc).set(ahead.id, ahead);
			}),
		code: CLOSE.REFUSED_CHANGE,
		reason: refused('clock-ahead'),
		untouched: (fresh) => expect(threadsOf(fresh).size).toBe(2)
	},
	{
		what: 'an oversized message',
		message: (s) =>
			update(s, (doc) => doc.getMap('members').set(mallory.author, 'x'.repeat(300 * 1024))),
		code: CLOSE.TOO_LARGE,
		untouched: (fresh) => expect(state(fresh).members.has(mallory.author)).toBe(false)
	},
	{
		what: 'a truncated update',
		message: (s) => {
			const whole = forged(s.ana.doc, (doc) => {
				const own = threadRecord(mallory.author, 'Cut short');
				threadsOf(doc).set(own.id, own);
			});
			return encodeSyncUpdate(whole.slice(0, Math.floor(whole.length / 2)));
		},
		code: CLOSE.MALFORMED,
		untouched: (fresh) => expect(threadsOf(fresh).size).toBe(2)
	},
	{
		what: 'random bytes as an update',
		message: () => {
			const random = mulberry32(4422);
			const bytes = Uint8Array.from({ length: 200 }, () => Math.floor(random() * 256));
			return encodeSyncUpdate(Uint8Array.of(1, ...bytes));
		},
		code: CLOSE.MALFORMED,
		untouched: unchanged
	},
	{
		what: 'random bytes as a message',
		message: () => {
			const random = mulberry32(7);
			const encoder = encoding.createEncoder();
			for (let i = 0; i < 64; i++) encoding.writeUint8(encoder, Math.floor(random() * 256));
			return encoding.toUint8Array(encoder);
		},
		code: CLOSE.MALFORMED,
		untouched: unchanged
	}
];

describe('hostile clients', () => {
	it.each(cases)('refuses $what', async ({ message, code, reason, untouched }) => {
		const s = await scene();
		const closed = await attack(s.room, message(s));
		expect(closed.code).toBe(code);
		if (reason !== undefined) expect(closed.reason).toBe(reason);
		untouched(await stillServes(s), s);
	});
});

describe('an item planted to land with someone else’s next write', () => {
	it('is refused, and their next write still lands as theirs', async () => {
		const s = await scene();
		// Ana's next item, guessed (client ids and clocks are public), then Mallory's overwrite of
		// it, which Yjs would hold back until Ana's item arrives and then apply in Ana's name.
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(s.ana.doc));
		doc.clientID = s.ana.doc.clientID;
		const guessed = threadRecord(ana.author, 'What Ana might write');
		threadsOf(doc).set(guessed.id, guessed);
		doc.clientID = 987_654;
		const before = Y.encodeStateVector(doc);
		threadsOf(doc).set(guessed.id, { ...guessed, body: 'Planted in her name.' });
		const writer = new UpdateWriter();
		for (const struct of Y.decodeUpdate(Y.encodeStateAsUpdate(doc, before)).structs) {
			const bytes = encodeStructRange(struct, 0, struct.length);
			writer.addStruct(struct.id.client, struct.id.clock, struct.length, bytes);
		}
		expect(await attack(s.room, encodeSyncUpdate(writer.toUpdate()))).toMatchObject({
			code: CLOSE.REFUSED_CHANGE,
			reason: refused('client-id-taken')
		});
		unchanged(await stillServes(s), s);
	});
});

describe('a client id shown in presence', () => {
	it('belongs to the person who showed it, before they write anything', async () => {
		const s = await scene();
		const dana = await synced(await stock(ben, s.room));
		dana.provider.awareness.setLocalState({ name: 'Ben on a tablet' });
		await until(
			() => s.ana.provider.awareness.getStates().has(dana.doc.clientID),
			[
				(wake) => {
					s.ana.provider.awareness.on('change', wake);
					return () => s.ana.provider.awareness.off('change', wake);
				}
			],
			"Ana sees the new device's presence"
		);
		const squat = update(
			s,
			(doc) => {
				const own = threadRecord(mallory.author, 'Squatting');
				threadsOf(doc).set(own.id, own);
			},
			dana.doc.clientID
		);
		expect(await attack(s.room, squat)).toMatchObject({
			code: CLOSE.REFUSED_CHANGE,
			reason: refused('client-id-taken')
		});
		const own = threadRecord(ben.author, 'Written on the tablet');
		writeThread(dana.doc, own);
		await until(
			() => state(s.ana.doc).threads.has(own.id),
			[onDocUpdate(s.ana.doc)],
			'Ana receives what the new device writes'
		);
		expect(dana.closes).toEqual([]);
		const fresh = await stillServes(s);
		expect([...state(fresh).threads.values()].map((t) => t.title)).not.toContain('Squatting');
	});
});

describe('honest changes the rules allow', () => {
	it("lets a thread's author delete it with everyone's replies and reactions", async () => {
		const s = await scene();
		deleteThread(s.ana.doc, s.thread.id, ana.author);
		await until(
			() => state(s.ben.doc).replies.size === 0 && state(s.ben.doc).reactions.size === 0,
			[onDocUpdate(s.ben.doc)],
			"the cascade reaches Ben's device"
		);
		const fresh = await stillServes(s);
		expect(state(fresh).threads.has(s.thread.id)).toBe(false);
		expect(state(fresh).replies.size).toBe(0);
		expect(state(fresh).reactions.size).toBe(0);
	});

	it('lets an author edit their thread', async () => {
		const s = await scene();
		editThread(s.ana.doc, { id: s.thread.id, author: ana.author, at: now(), body: 'Better now.' });
		await until(
			() => state(s.ben.doc).threads.get(s.thread.id)?.body === 'Better now.',
			[onDocUpdate(s.ben.doc)],
			'Ben sees the edit'
		);
		const fresh = await stillServes(s);
		expect(state(fresh).threads.get(s.thread.id)?.body).toBe('Better now.');
	});

	it('lets a person take a reaction back and give it again', async () => {
		const s = await scene();
		const reaction = { target: s.thread.id, kind: 'hear-you', author: ben.author } as const;
		unreact(s.ben.doc, reaction);
		await until(
			() => state(s.ana.doc).reactions.size === 0,
			[onDocUpdate(s.ana.doc)],
			'Ana sees the reaction go'
		);
		react(s.ben.doc, { ...reaction, at: now() });
		await until(
			() => state(s.ana.doc).reactions.size === 1,
			[onDocUpdate(s.ana.doc)],
			'Ana sees it come back'
		);
		const fresh = await stillServes(s);
		expect(state(fresh).reactions.size).toBe(1);
	});

	it('accepts fifty posts written offline, sent at once by the stock client', async () => {
		const s = await scene();
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(s.ben.doc));
		const written = Array.from({ length: 50 }, (_, i) => {
			const reply = replyRecord(ben.author, s.thread.id, `Offline thought ${i}`);
			writeReply(doc, reply);
			return reply;
		});
		const device = await synced(await stock(ben, s.room, doc));
		await until(
			() => state(s.ana.doc).replies.size === 51,
			[onDocUpdate(s.ana.doc)],
			'Ana receives all fifty'
		);
		expect(device.closes).toEqual([]);
		const fresh = await stillServes(s);
		for (const reply of written) expect(state(fresh).replies.get(reply.id)).toEqual(reply);
	});

	it('accepts a large backlog written across an app restart, uploaded in pieces', async () => {
		const s = await scene();
		const doc = new Y.Doc();
		doc.clientID = 1_000;
		const written = Array.from({ length: 100 }, (_, i) => {
			const thread = threadRecord(ben.author, `Before the restart ${i}`, {
				body: `A long evening, written down slowly (${i}). `.repeat(25)
			});
			writeThread(doc, thread);
			return thread;
		});
		// The app restarts: Yjs picks a new client id (here a larger one, which Yjs encodes first),
		// and the first thing written after depends on what was written before it.
		doc.clientID = 2_000_000;
		const last = written.at(-1);
		if (!last) throw new Error('nothing written');
		editThread(doc, { id: last.id, author: ben.author, at: now(), body: 'Changed my mind.' });
		expect(Y.encodeStateAsUpdate(doc).byteLength).toBeGreaterThan(64 * 1024);
		const connection = createSyncConnection({
			doc,
			room: s.room,
			serverUrl: `ws://127.0.0.1:${server.port}/sync`,
			getToken: createSyncTokenFetcher({ origin: server.origin, session: () => ben.session }),
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket
		});
		cleanups.push(() => connection.destroy());
		await until(
			() => connection.state.status === 'synced' && connection.state.unsent === 0,
			[(wake) => connection.subscribe(wake)],
			'the server confirms the backlog'
		);
		expect(connection.state.problem).toBeNull();
		const fresh = await stillServes(s);
		expect(state(fresh).threads.get(last.id)?.body).toBe('Changed my mind.');
		expect(state(fresh).threads.size).toBe(102);
	});

	it("accepts fifty posts written offline, sent through Hearth's sync connection", async () => {
		const s = await scene();
		const doc = new Y.Doc();
		const written = Array.from({ length: 50 }, (_, i) => {
			const thread = threadRecord(ben.author, `Offline post ${i}`);
			writeThread(doc, thread);
			return thread;
		});
		const connection = createSyncConnection({
			doc,
			room: s.room,
			serverUrl: `ws://127.0.0.1:${server.port}/sync`,
			getToken: createSyncTokenFetcher({ origin: server.origin, session: () => ben.session }),
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket
		});
		cleanups.push(() => connection.destroy());
		await until(
			() => connection.state.status === 'synced' && connection.state.unsent === 0,
			[(wake) => connection.subscribe(wake)],
			'the server confirms the backlog'
		);
		expect(connection.state.problem).toBeNull();
		const fresh = await stillServes(s);
		for (const thread of written) expect(state(fresh).threads.get(thread.id)).toEqual(thread);
	});
});

describe('a reply to someone who blocked the sender', () => {
	const blocks = (person: TestPerson, blocked: string[]) =>
		fetch(`${server.origin}/api/communities/anxiety/blocks`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${person.session}` },
			body: JSON.stringify({ blocked })
		});

	afterEach(async () => {
		expect((await blocks(ana, [])).status).toBe(204);
	});

	it.each([
		{
			what: 'a reply to their thread',
			write: (doc: Y.Doc, s: Scene) =>
				writeReply(doc, replyRecord(mallory.author, s.thread.id, 'You cannot ignore me.'))
		},
		{
			what: 'a reaction to their thread',
			write: (doc: Y.Doc, s: Scene) =>
				react(doc, { target: s.thread.id, kind: 'me-too', author: mallory.author, at: now() })
		}
	])('refuses $what: blocked, nothing stored', async ({ write }) => {
		const s = await scene();
		expect((await blocks(ana, [mallory.author])).status).toBe(204);
		const closed = await attack(
			s.room,
			update(s, (doc) => write(doc, s))
		);
		expect(closed).toEqual({ code: CLOSE.REFUSED_CHANGE, reason: refused('blocked') });
		const fresh = await stillServes(s);
		unchanged(fresh, s);
		expect(state(fresh).replies.size).toBe(1);
		expect(state(fresh).reactions.size).toBe(1);
	});

	it('refuses the same reply put in another document, where it would still show', async () => {
		const s = await scene();
		expect((await blocks(ana, [mallory.author])).status).toBe(204);
		const elsewhere = `${s.room}-elsewhere`;
		const reply = replyRecord(mallory.author, s.thread.id, 'From next door.');
		const closed = await attack(
			elsewhere,
			encodeSyncUpdate(forged(new Y.Doc(), (doc) => doc.getMap('replies').set(reply.id, reply)))
		);
		expect(closed).toEqual({ code: CLOSE.REFUSED_CHANGE, reason: refused('missing-post') });
		const reader = await synced(await stock(cleo, elsewhere));
		expect(state(reader.doc).replies.size).toBe(0);
		unchanged(await stillServes(s), s);
	});

	it('lets others reply, and the blocked person answer someone who did not block them', async () => {
		const s = await scene();
		expect((await blocks(ana, [mallory.author])).status).toBe(204);
		const cleoSide = await synced(await stock(cleo, s.room));
		const kind = replyRecord(cleo.author, s.thread.id, 'Thinking of you.');
		writeReply(cleoSide.doc, kind);
		const malSide = await synced(await stock(mallory, s.room));
		react(malSide.doc, { target: s.reply.id, kind: 'strength', author: mallory.author, at: now() });
		await until(
			() => state(s.ana.doc).replies.has(kind.id) && state(s.ana.doc).reactions.size === 2,
			[onDocUpdate(s.ana.doc)],
			"Ana sees Cleo's reply and the reaction to Ben's"
		);
		expect(cleoSide.closes).toEqual([]);
		expect(malSide.closes).toEqual([]);
		await stillServes(s);
	});
});
