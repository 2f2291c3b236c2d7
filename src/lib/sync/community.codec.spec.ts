import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NotAuthorError } from '../domain/community/authorship';
import {
	MARKS_MAP,
	MEMBERS_MAP,
	REACTIONS_MAP,
	REPLIES_MAP,
	THREADS_MAP,
	type CommunityRootType
} from '../domain/community/community-document';
import { ChangeRefusedError } from '../domain/community/change-policy';
import { InvalidRecordError } from '../domain/community/parse-community-record';
import {
	reactionId,
	type ReactionKind,
	type Reply,
	type ThreadHeader
} from '../domain/community/records';
import { formatHlc } from '../domain/journal/hlc';
import {
	deleteReply,
	deleteThread,
	DuplicateRecordError,
	editReply,
	editThread,
	entryItemId,
	fieldOf,
	isEntryDelivered,
	MissingRecordError,
	react,
	readCommunity,
	setMember,
	undeliveredEntries,
	unreact,
	writeReply,
	writeThread
} from './community.codec';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const BOB = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
const T1 = 'threadaxxxxxxxxxxxxxxxxxxa';
const R1 = 'replyaxxxxxxxxxxxxxxxxxxxa';
const R2 = 'replybxxxxxxxxxxxxxxxxxxxa';
const at = (wall: number, node = 'n') => formatHlc({ wall, counter: 0, node });
const DAY_MS = 24 * 60 * 60 * 1000;

const thread: ThreadHeader = {
	id: T1,
	author: ALICE,
	at: at(1_000),
	title: 'Evenings',
	body: 'What helps you wind down?',
	contentWarning: null,
	tags: ['sleep'],
	editedAt: null
};

const reply = (id: string, author: string, wall: number): Reply => ({
	id,
	thread: T1,
	author,
	at: at(wall),
	body: `Reply ${id}`,
	contentWarning: null,
	editedAt: null
});

/** Brings two documents level, each sending only what the other lacks. */
function exchange(a: Y.Doc, b: Y.Doc): void {
	const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
	const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
	Y.applyUpdate(b, toB);
	Y.applyUpdate(a, toA);
}

function withThread(): Y.Doc {
	const doc = new Y.Doc();
	writeThread(doc, thread);
	return doc;
}

describe('readCommunity', () => {
	it('round-trips every record through a second document', () => {
		const a = withThread();
		writeReply(a, reply(R1, BOB, 2_000));
		react(a, { target: T1, kind: 'hear-you', author: BOB, at: at(3_000) });
		a.getMap(MARKS_MAP).set(R1, { id: R1, hidden: true, by: ALICE, at: at(4_000), reason: null });
		const b = new Y.Doc();
		exchange(a, b);
		const { state, problems } = readCommunity(b);
		expect(problems).toEqual([]);
		expect(state).toEqual(readCommunity(a).state);
		expect(state.threads.get(T1)).toEqual(thread);
		expect(state.replies.get(R1)).toEqual(reply(R1, BOB, 2_000));
		expect([...state.reactions.keys()]).toEqual([reactionId(T1, 'hear-you', BOB)]);
		expect(state.marks.get(R1)?.hidden).toBe(true);
	});

	it('keeps concurrent replies from two documents', () => {
		const a = withThread();
		const b = new Y.Doc();
		exchange(a, b);
		writeReply(a, reply(R1, ALICE, 2_000));
		writeReply(b, reply(R2, BOB, 2_000));
		exchange(a, b);
		for (const doc of [a, b]) {
			expect([...readCommunity(doc).state.replies.keys()].sort()).toEqual([R1, R2]);
		}
	});

	const malformed: [string, CommunityRootType, string, unknown][] = [
		['a record failing its schema', THREADS_MAP, T1, { ...thread, title: '' }],
		['a record with an unknown key', REPLIES_MAP, R1, { ...reply(R1, BOB, 2), extra: true }],
		['a record under another id', THREADS_MAP, 'x', thread],
		['a nested shared type', REACTIONS_MAP, 'y', new Y.Map()],
		['a plain string', MARKS_MAP, 'z', 'hidden']
	];

	it.each(malformed)('reports and skips %s', (_, map, key, value) => {
		const doc = new Y.Doc();
		doc.getMap(map).set(key, value);
		const { state, problems } = readCommunity(doc);
		expect(problems).toEqual([{ map, key, reason: expect.any(String) }]);
		expect(state[map].size).toBe(0);
	});
});

describe('writes', () => {
	it('deletes a thread with its replies and all their reactions, on every copy', () => {
		const a = withThread();
		writeReply(a, reply(R1, BOB, 2_000));
		react(a, { target: T1, kind: 'strength', author: BOB, at: at(3_000) });
		react(a, { target: R1, kind: 'me-too', author: ALICE, at: at(3_000) });
		const b = new Y.Doc();
		exchange(a, b);
		deleteThread(a, T1, ALICE);
		exchange(a, b);
		const { state } = readCommunity(b);
		expect([state.threads.size, state.replies.size, state.reactions.size]).toEqual([0, 0, 0]);
	});

	it('deletes a reply with its reactions, leaving the thread', () => {
		const doc = withThread();
		writeReply(doc, reply(R1, BOB, 2_000));
		react(doc, { target: R1, kind: 'me-too', author: ALICE, at: at(3_000) });
		react(doc, { target: T1, kind: 'me-too', author: ALICE, at: at(3_000) });
		deleteReply(doc, R1, BOB);
		const { state } = readCommunity(doc);
		expect([...state.threads.keys(), ...state.reactions.keys()]).toEqual([
			T1,
			reactionId(T1, 'me-too', ALICE)
		]);
	});

	it('keeps one reaction per person and kind, even when two devices react at once', () => {
		const a = withThread();
		const b = new Y.Doc();
		exchange(a, b);
		react(a, { target: T1, kind: 'me-too', author: BOB, at: at(2_000, 'phone') });
		react(a, { target: T1, kind: 'me-too', author: BOB, at: at(2_001, 'phone') });
		react(b, { target: T1, kind: 'me-too', author: BOB, at: at(2_000, 'laptop') });
		react(b, { target: T1, kind: 'strength', author: BOB, at: at(2_000, 'laptop') });
		exchange(a, b);
		expect([...readCommunity(a).state.reactions.keys()].sort()).toEqual([
			reactionId(T1, 'me-too', BOB),
			reactionId(T1, 'strength', BOB)
		]);
		expect(unreact(a, { target: T1, kind: 'me-too', author: BOB })).toBe(true);
		expect(unreact(a, { target: T1, kind: 'me-too', author: BOB })).toBe(false);
		expect(readCommunity(a).state.reactions.size).toBe(1);
	});

	it('edits keep the original time and record the edit', () => {
		const doc = withThread();
		writeReply(doc, reply(R1, BOB, 2_000));
		editThread(doc, { id: T1, author: ALICE, at: at(5_000), title: 'Late evenings' });
		editReply(doc, { id: R1, author: BOB, at: at(6_000), contentWarning: 'grief' });
		const { state } = readCommunity(doc);
		expect(state.threads.get(T1)).toEqual({
			...thread,
			title: 'Late evenings',
			editedAt: at(5_000)
		});
		expect(state.replies.get(R1)).toEqual({
			...reply(R1, BOB, 2_000),
			contentWarning: 'grief',
			editedAt: at(6_000)
		});
	});

	it.each([
		[
			'editing another’s thread',
			(d: Y.Doc) => editThread(d, { id: T1, author: BOB, at: at(9_000) }),
			NotAuthorError
		],
		['deleting another’s thread', (d: Y.Doc) => deleteThread(d, T1, BOB), NotAuthorError],
		[
			'editing another’s reply',
			(d: Y.Doc) => editReply(d, { id: R1, author: ALICE, at: at(9_000) }),
			NotAuthorError
		],
		['deleting another’s reply', (d: Y.Doc) => deleteReply(d, R1, ALICE), NotAuthorError],
		['writing a thread twice', (d: Y.Doc) => writeThread(d, thread), DuplicateRecordError],
		[
			'writing a reply twice',
			(d: Y.Doc) => writeReply(d, reply(R1, BOB, 2_000)),
			DuplicateRecordError
		],
		[
			'replying to no thread',
			(d: Y.Doc) => writeReply(d, { ...reply(R2, BOB, 2), thread: R1 }),
			MissingRecordError
		],
		[
			'reacting to nothing',
			(d: Y.Doc) => react(d, { target: R2, kind: 'me-too', author: BOB, at: at(2) }),
			MissingRecordError
		],
		[
			'editing a missing reply',
			(d: Y.Doc) => editReply(d, { id: R2, author: BOB, at: at(9_000) }),
			MissingRecordError
		],
		[
			'an invalid thread',
			(d: Y.Doc) => writeThread(d, { ...thread, id: R2, tags: ['a', 'a'] }),
			InvalidRecordError
		],
		[
			'an edit dated before the post',
			(d: Y.Doc) => editThread(d, { id: T1, author: ALICE, at: at(1) }),
			InvalidRecordError
		],
		[
			'a thread dated days ahead (the server would refuse it)',
			(d: Y.Doc) => writeThread(d, { ...thread, id: R2, at: at(Date.now() + 3 * DAY_MS) }),
			ChangeRefusedError
		],
		[
			'a reply dated days ahead',
			(d: Y.Doc) => writeReply(d, { ...reply(R2, BOB, 2), at: at(Date.now() + 3 * DAY_MS) }),
			ChangeRefusedError
		]
	])('refuses %s and leaves the document alone', (_, action, error) => {
		const doc = withThread();
		writeReply(doc, reply(R1, BOB, 2_000));
		const before = Y.encodeStateAsUpdate(doc);
		let changes = 0;
		doc.on('update', () => changes++);
		expect(() => action(doc)).toThrow(error);
		expect(changes).toBe(0);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
	});
});

describe('convergence', () => {
	/** mulberry32: a small seeded PRNG, so a failing run can be replayed from its seed. */
	function random(seed: number): () => number {
		let state = seed;
		return () => {
			state = (state + 0x6d2b79f5) | 0;
			let t = Math.imul(state ^ (state >>> 15), 1 | state);
			t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		};
	}

	const KINDS: readonly ReactionKind[] = ['me-too', 'strength'];
	const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
	/** A distinct, valid record id per step. */
	const replyId = (step: number) =>
		[...step.toString(32).padStart(4, '0')]
			.map((digit) => BASE32.charAt(parseInt(digit, 32)))
			.join('')
			.padStart(25, 'r') + 'a';

	it.each([1, 2, 3, 42, 1234])(
		'converges with seed %i despite dropped and reordered updates',
		(seed) => {
			const next = random(seed);
			const pick = <T>(items: readonly T[]): T => {
				const item = items[Math.floor(next() * items.length)];
				if (item === undefined) throw new Error('pick from an empty list');
				return item;
			};
			const people = [ALICE, BOB];
			const first = withThread();
			const docs = [first, new Y.Doc(), new Y.Doc()];
			for (const doc of docs) exchange(first, doc);
			const inFlight: { to: Y.Doc; update: Uint8Array }[] = [];
			docs.forEach((doc) =>
				doc.on('update', (update: Uint8Array, origin: unknown) => {
					if (origin === 'network') return;
					for (const to of docs) if (to !== doc) inFlight.push({ to, update });
				})
			);
			for (let step = 0; step < 200; step++) {
				const doc = pick(docs);
				const author = pick(people);
				const replies = [...readCommunity(doc).state.replies.values()];
				const roll = next();
				if (roll < 0.3) {
					writeReply(doc, reply(replyId(step), author, 2_000 + step));
				} else if (roll < 0.6) {
					const targets = [T1, ...replies.map((r) => r.id)];
					react(doc, {
						target: pick(targets),
						kind: pick(KINDS),
						author,
						at: at(5_000 + step)
					});
				} else if (roll < 0.7) {
					unreact(doc, { target: T1, kind: 'me-too', author });
				} else if (roll < 0.8) {
					const own = replies.filter((r) => r.author === author);
					if (own.length > 0) deleteReply(doc, pick(own).id, author);
				}
				// The network delivers some updates now, out of order, and loses a few for good.
				while (inFlight.length > 0 && next() < 0.5) {
					const [message] = inFlight.splice(Math.floor(next() * inFlight.length), 1);
					if (message !== undefined && next() > 0.1)
						Y.applyUpdate(message.to, message.update, 'network');
				}
			}
			// Reconnecting: each pair runs the sync protocol's state-vector exchange.
			for (const a of docs) for (const b of docs) if (a !== b) exchange(a, b);
			const [expected, ...rest] = docs.map((doc) => readCommunity(doc));
			expect(expected?.problems, `seed ${seed}`).toEqual([]);
			expect(expected?.state.replies.size, 'the run wrote replies').toBeGreaterThan(0);
			expect(expected?.state.reactions.size, 'the run kept reactions').toBeGreaterThan(0);
			for (const other of rest) expect(other, `seed ${seed}`).toEqual(expected);
		}
	);
});

describe('members and delivery', () => {
	const member = (id: string, name: string, wall = 1_000) => ({
		id,
		author: id,
		name,
		at: at(wall)
	});

	it('writes a member entry once, replaces it on rename, and reads it back', () => {
		const doc = new Y.Doc();
		setMember(doc, member(ALICE, 'Quiet Fern'));
		const before = Y.encodeStateVector(doc);
		setMember(doc, member(ALICE, 'Quiet Fern', 2_000));
		expect(Y.encodeStateVector(doc)).toEqual(before);
		setMember(doc, member(ALICE, 'Night Owl', 3_000));
		expect(readCommunity(doc).state.members.get(ALICE)).toEqual(member(ALICE, 'Night Owl', 3_000));
	});

	it.each([
		['someone else’s entry', { ...member(ALICE, 'Sam'), author: BOB }, 'inconsistent'],
		['an empty name', member(ALICE, ''), 'bad-size'],
		['a name not in normal form', member(ALICE, ' Sam '), 'bad-format'],
		['a name with control characters', member(ALICE, 'Sa\u202Em'), 'bad-format'],
		['a name too long', member(ALICE, 'x'.repeat(33)), 'bad-size']
	])('refuses %s', (_, record, code) => {
		const doc = new Y.Doc();
		let error: unknown = null;
		try {
			setMember(doc, record);
		} catch (e: unknown) {
			error = e;
		}
		expect(error).toBeInstanceOf(InvalidRecordError);
		expect(error instanceof InvalidRecordError ? error.code : null).toBe(code);
		expect(doc.getMap(MEMBERS_MAP).size).toBe(0);
	});

	it('reports a forged member entry instead of showing it', () => {
		const doc = new Y.Doc();
		doc.getMap(MEMBERS_MAP).set(ALICE, { ...member(ALICE, 'Sam'), author: BOB });
		const { state, problems } = readCommunity(doc);
		expect(state.members.size).toBe(0);
		expect(problems).toEqual([{ map: MEMBERS_MAP, key: ALICE, reason: expect.any(String) }]);
	});

	it('knows an entry is delivered once a state vector covers its item', () => {
		const doc = new Y.Doc();
		writeThread(doc, thread);
		const id = entryItemId(doc, THREADS_MAP, T1);
		expect(id).toEqual({ client: doc.clientID, clock: expect.any(Number) });
		expect(isEntryDelivered(doc, THREADS_MAP, T1, new Map())).toBe(false);
		const server = Y.decodeStateVector(Y.encodeStateVector(doc));
		expect(isEntryDelivered(doc, THREADS_MAP, T1, server)).toBe(true);
		// An edit is a new item: undelivered again until the server has it.
		editThread(doc, { id: T1, author: ALICE, at: at(2_000), title: 'Nights' });
		expect(isEntryDelivered(doc, THREADS_MAP, T1, server)).toBe(false);
		expect(entryItemId(doc, THREADS_MAP, 'nothing')).toBeNull();
	});

	it('lists only our own entries that a state vector does not cover', () => {
		const doc = new Y.Doc();
		writeThread(doc, thread);
		const server = Y.decodeStateVector(Y.encodeStateVector(doc));
		writeReply(doc, reply(R1, ALICE, 2_000));
		writeReply(doc, reply(R2, BOB, 3_000));
		react(doc, { target: T1, kind: 'me-too', author: ALICE, at: at(4_000) });
		const mine = (_: CommunityRootType, __: string, value: unknown) =>
			fieldOf(value, 'author') === ALICE;
		expect(undeliveredEntries(doc, server, mine)).toEqual([
			{ map: REPLIES_MAP, key: R1 },
			{ map: REACTIONS_MAP, key: reactionId(T1, 'me-too', ALICE) }
		]);
		expect(undeliveredEntries(doc, Y.decodeStateVector(Y.encodeStateVector(doc)), mine)).toEqual(
			[]
		);
	});
});
