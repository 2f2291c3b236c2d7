import { describe, expect, it } from 'vitest';
import { formatHlc } from '../journal/hlc';
import {
	assertChangesAllowed,
	ChangeRefusedError,
	checkChanges,
	MAX_AHEAD_MS,
	type ChangeActor,
	type ChangeRefusalCode,
	type RecordChange
} from './change-policy';
import { reactionId } from './records';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const BOB = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
const THREAD = 'cccccccccccccccccccccccccq';
const REPLY = 'dddddddddddddddddddddddddq';
const NOW = 1_700_000_000_000;
const at = (wall = NOW - 1000) => formatHlc({ wall, counter: 0, node: 'phone' });

const alice: ChangeActor = { author: ALICE, moderator: false };
const bob: ChangeActor = { author: BOB, moderator: false };
const moderatorBob: ChangeActor = { author: BOB, moderator: true };

const thread = (extra: Record<string, unknown> = {}) => ({
	id: THREAD,
	author: ALICE,
	at: at(),
	title: 'Sleep',
	body: 'Anyone else awake?',
	contentWarning: null,
	tags: [],
	editedAt: null,
	...extra
});
const reply = (extra: Record<string, unknown> = {}) => ({
	id: REPLY,
	thread: THREAD,
	author: BOB,
	at: at(),
	body: 'Me too.',
	contentWarning: null,
	editedAt: null,
	...extra
});
const reaction = (target: string, author: string) => ({
	id: reactionId(target, 'hear-you', author),
	target,
	kind: 'hear-you',
	author,
	at: at()
});
const mark = (by: string) => ({ id: THREAD, hidden: true, by, at: at(), reason: null });
const member = (id: string) => ({ id, author: id, name: 'Sam', at: at() });

const create = (map: string, key: string, after: unknown): RecordChange => ({
	map,
	key,
	before: undefined,
	after
});
const edit = (map: string, key: string, before: unknown, after: unknown): RecordChange => ({
	map,
	key,
	before,
	after
});
const remove = (map: string, key: string, before: unknown): RecordChange => ({
	map,
	key,
	before,
	after: undefined
});

const bobsReaction = reaction(THREAD, BOB);
const cases: [string, readonly RecordChange[], ChangeActor, ChangeRefusalCode | null][] = [
	['a new thread of my own', [create('threads', THREAD, thread())], alice, null],
	['a thread under a spoofed author', [create('threads', THREAD, thread())], bob, 'not-author'],
	['a map outside the schema', [create('secrets', 'x', { a: 1 })], alice, 'outside-schema'],
	[
		'a record with an unknown key',
		[create('threads', THREAD, thread({ extra: 1 }))],
		alice,
		'invalid-record'
	],
	[
		'a body that is too long',
		[create('threads', THREAD, thread({ body: 'x'.repeat(10_001) }))],
		alice,
		'invalid-record'
	],
	['a record under another key', [create('threads', REPLY, thread())], alice, 'invalid-record'],
	[
		'a timestamp days ahead',
		[create('threads', THREAD, thread({ at: at(NOW + 3 * MAX_AHEAD_MS) }))],
		alice,
		'clock-ahead'
	],
	[
		'a timestamp an hour ahead',
		[create('threads', THREAD, thread({ at: at(NOW + 3_600_000) }))],
		alice,
		null
	],
	[
		'an edit far ahead',
		[edit('threads', THREAD, thread(), thread({ editedAt: at(NOW + 2 * MAX_AHEAD_MS) }))],
		alice,
		'clock-ahead'
	],
	[
		'my own edit',
		[edit('threads', THREAD, thread(), thread({ body: 'Still awake.', editedAt: at(NOW) }))],
		alice,
		null
	],
	[
		"an edit of another's thread",
		[edit('threads', THREAD, thread(), thread({ author: BOB, body: 'Mine now' }))],
		bob,
		'not-yours'
	],
	[
		'an edit that moves a reply to another thread',
		[edit('replies', REPLY, reply(), reply({ thread: BOB }))],
		bob,
		'changed-identity'
	],
	[
		'an edit that changes when it was written',
		[edit('threads', THREAD, thread(), thread({ at: at(NOW - 5000) }))],
		alice,
		'changed-identity'
	],
	[
		'replacing my own damaged record',
		[edit('threads', THREAD, { author: ALICE }, thread())],
		alice,
		null
	],
	['deleting my own reply', [remove('replies', REPLY, reply())], bob, null],
	["deleting another's reply", [remove('replies', REPLY, reply())], alice, 'not-yours'],
	["deleting another's thread", [remove('threads', THREAD, thread())], bob, 'not-yours'],
	['a moderator deleting a thread', [remove('threads', THREAD, thread())], moderatorBob, null],
	[
		"the thread author's cascade",
		[
			remove('threads', THREAD, thread()),
			remove('replies', REPLY, reply()),
			remove('reactions', bobsReaction.id, bobsReaction),
			remove('reactions', reaction(REPLY, BOB).id, reaction(REPLY, BOB))
		],
		alice,
		null
	],
	[
		"a reply's author deleting it with others' reactions to it",
		[
			remove('replies', REPLY, reply()),
			remove('reactions', reaction(REPLY, ALICE).id, reaction(REPLY, ALICE))
		],
		bob,
		null
	],
	[
		"others' reactions to a reply that stays",
		[remove('reactions', reaction(REPLY, ALICE).id, reaction(REPLY, ALICE))],
		bob,
		'not-yours'
	],
	[
		'deleting replies without their thread',
		[remove('replies', REPLY, reply())],
		alice,
		'not-yours'
	],
	[
		"a cascade through someone else's thread",
		[remove('threads', THREAD, thread()), remove('replies', REPLY, reply({ author: ALICE }))],
		bob,
		'not-yours'
	],
	['my own reaction', [create('reactions', bobsReaction.id, bobsReaction)], bob, null],
	[
		'a reaction in my name by someone else',
		[create('reactions', bobsReaction.id, bobsReaction)],
		alice,
		'not-author'
	],
	['taking back my reaction', [remove('reactions', bobsReaction.id, bobsReaction)], bob, null],
	[
		"taking back another's reaction",
		[remove('reactions', bobsReaction.id, bobsReaction)],
		alice,
		'not-yours'
	],
	['a mark by a member', [create('marks', THREAD, mark(BOB))], bob, 'moderators-only'],
	['a mark by a moderator', [create('marks', THREAD, mark(BOB))], moderatorBob, null],
	[
		"a mark in another moderator's name",
		[create('marks', THREAD, mark(ALICE))],
		moderatorBob,
		'not-author'
	],
	['removing a mark as a member', [remove('marks', THREAD, mark(BOB))], bob, 'moderators-only'],
	['my own member entry', [create('members', ALICE, member(ALICE))], alice, null],
	['a member entry for someone else', [create('members', BOB, member(BOB))], alice, 'not-author'],
	[
		'renaming myself',
		[edit('members', ALICE, member(ALICE), { ...member(ALICE), name: 'Kim', at: at(NOW) })],
		alice,
		null
	],
	[
		'a bad value written and overwritten in one update',
		[{ ...create('threads', THREAD, thread()), written: [{ junk: true }, thread()] }],
		alice,
		'invalid-record'
	],
	[
		'rewriting the same value as someone else',
		[edit('threads', THREAD, thread(), thread())],
		bob,
		'not-author'
	]
];

describe('checkChanges', () => {
	it.each(cases)('%s', (_, changes, actor, expected) => {
		expect(checkChanges(changes, actor, NOW)?.code ?? null).toBe(expected);
	});

	it('names where an invalid record is wrong', () => {
		const refusal = checkChanges([create('threads', THREAD, thread({ title: '' }))], alice, NOW);
		expect(refusal).toMatchObject({ code: 'invalid-record', map: 'threads', path: ['title'] });
	});

	it('throws a typed error from assertChangesAllowed', () => {
		expect(() => assertChangesAllowed([remove('threads', THREAD, thread())], bob, NOW)).toThrow(
			ChangeRefusedError
		);
		expect(() =>
			assertChangesAllowed([create('threads', THREAD, thread())], alice, NOW)
		).not.toThrow();
	});
});
