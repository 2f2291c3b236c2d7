import { describe, expect, it } from 'vitest';
import { formatHlc } from '../journal/hlc';
import {
	InvalidRecordError,
	type InvalidRecordCode,
	MAX_BODY_LENGTH,
	MAX_TITLE_LENGTH,
	parseMark,
	parseMember,
	parseReaction,
	parseReply,
	parseThread
} from './parse-community-record';
import { reactionId, type Reaction, type Reply, type ThreadHeader } from './records';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const THREAD = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
const REPLY = 'cccccccccccccccccccccccccq';
const AT = formatHlc({ wall: 1_700_000_000_000, counter: 0, node: 'phone' });
const LATER = formatHlc({ wall: 1_700_000_000_001, counter: 0, node: 'phone' });

const thread = (extra: Record<string, unknown> = {}): Record<string, unknown> =>
	({
		id: THREAD,
		author: ALICE,
		at: AT,
		title: 'Sleep',
		body: 'Anyone else awake?',
		contentWarning: null,
		tags: ['sleep'],
		editedAt: null,
		...extra
	}) satisfies Record<string, unknown>;

const reply = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
	id: REPLY,
	thread: THREAD,
	author: ALICE,
	at: AT,
	body: 'Me too.',
	contentWarning: null,
	editedAt: null,
	...extra
});

const reaction = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
	id: reactionId(THREAD, 'me-too', ALICE),
	target: THREAD,
	kind: 'me-too',
	author: ALICE,
	at: AT,
	...extra
});

const mark = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
	id: REPLY,
	hidden: true,
	by: ALICE,
	at: AT,
	reason: null,
	...extra
});

function without(record: Record<string, unknown>, key: string): Record<string, unknown> {
	return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

/** `[first, <hole>, last]`: a list a modified client might send. */
function withHole(first: unknown, last: unknown): unknown[] {
	const list: unknown[] = [first];
	list[2] = last;
	return list;
}

function refusal(action: () => unknown): InvalidRecordError {
	try {
		action();
	} catch (e: unknown) {
		if (e instanceof InvalidRecordError) return e;
		throw e;
	}
	throw new Error('expected InvalidRecordError');
}

describe('parse community records', () => {
	it('accepts valid records as they are', () => {
		expect(parseThread(thread()) satisfies ThreadHeader).toEqual(thread());
		expect(parseThread(thread({ editedAt: LATER, contentWarning: 'loss' }))).toEqual(
			thread({ editedAt: LATER, contentWarning: 'loss' })
		);
		expect(parseReply(reply()) satisfies Reply).toEqual(reply());
		expect(parseReaction(reaction()) satisfies Reaction).toEqual(reaction());
		expect(parseMark(mark({ reason: 'spam' }))).toEqual(mark({ reason: 'spam' }));
	});

	const cases: [string, () => unknown, InvalidRecordCode, readonly (string | number)[]][] = [
		['an array', () => parseThread([]), 'not-an-object', []],
		['null', () => parseReply(null), 'not-an-object', []],
		['a class instance', () => parseMark(new Map()), 'not-an-object', []],
		['an unknown key', () => parseThread(thread({ extra: 1 })), 'unknown-key', ['extra']],
		['a missing key', () => parseReply(without(reply(), 'body')), 'missing-key', ['body']],
		['an empty title', () => parseThread(thread({ title: '' })), 'bad-size', ['title']],
		['a blank title', () => parseThread(thread({ title: '  ' })), 'bad-size', ['title']],
		[
			'a long title',
			() => parseThread(thread({ title: 'x'.repeat(MAX_TITLE_LENGTH + 1) })),
			'bad-size',
			['title']
		],
		[
			'a long body',
			() => parseReply(reply({ body: 'x'.repeat(MAX_BODY_LENGTH + 1) })),
			'bad-size',
			['body']
		],
		[
			'a long content warning',
			() => parseThread(thread({ contentWarning: 'x'.repeat(81) })),
			'bad-size',
			['contentWarning']
		],
		[
			'six tags',
			() => parseThread(thread({ tags: ['a', 'b', 'c', 'd', 'e', 'f'] })),
			'bad-size',
			['tags']
		],
		['a long tag', () => parseThread(thread({ tags: ['x'.repeat(25)] })), 'bad-size', ['tags', 0]],
		['a repeated tag', () => parseThread(thread({ tags: ['a', 'a'] })), 'bad-format', ['tags']],
		['a non-string tag', () => parseThread(thread({ tags: [1] })), 'wrong-type', ['tags', 0]],
		['a bad author', () => parseThread(thread({ author: 'Alice' })), 'bad-format', ['author']],
		['a bad id', () => parseReply(reply({ id: 'r1' })), 'bad-format', ['id']],
		['a bad time', () => parseReply(reply({ at: '2024-01-01' })), 'bad-format', ['at']],
		[
			'an edit before writing',
			() => parseReply(reply({ at: LATER, editedAt: AT })),
			'inconsistent',
			['editedAt']
		],
		['an unknown kind', () => parseReaction(reaction({ kind: 'like' })), 'wrong-type', ['kind']],
		[
			'a reaction id not made from its fields',
			() => parseReaction(reaction({ id: reactionId(THREAD, 'strength', ALICE) })),
			'inconsistent',
			['id']
		],
		['a non-boolean hidden', () => parseMark(mark({ hidden: 'yes' })), 'wrong-type', ['hidden']],
		['a long reason', () => parseMark(mark({ reason: 'x'.repeat(501) })), 'bad-size', ['reason']],
		['a reason that is not text', () => parseMark(mark({ reason: 5 })), 'wrong-type', ['reason']],
		['a title that is not text', () => parseThread(thread({ title: 5 })), 'wrong-type', ['title']],
		// A key that is there but undefined is a wrong value, not a missing key.
		['an undefined body', () => parseReply(reply({ body: undefined })), 'wrong-type', ['body']],
		['an empty body', () => parseReply(reply({ body: '' })), 'bad-size', ['body']],
		['a blank body', () => parseThread(thread({ body: ' \n ' })), 'bad-size', ['body']],
		[
			'an empty content warning',
			() => parseReply(reply({ contentWarning: '' })),
			'bad-size',
			['contentWarning']
		],
		[
			'a blank content warning',
			() => parseThread(thread({ contentWarning: '   ' })),
			'bad-size',
			['contentWarning']
		],
		[
			'a content warning that is not text',
			() => parseThread(thread({ contentWarning: false })),
			'wrong-type',
			['contentWarning']
		],
		[
			'tags that are not a list',
			() => parseThread(thread({ tags: 'sleep' })),
			'wrong-type',
			['tags']
		],
		['an empty tag', () => parseThread(thread({ tags: ['a', ''] })), 'bad-size', ['tags', 1]],
		['a blank tag', () => parseThread(thread({ tags: [' '] })), 'bad-size', ['tags', 0]],
		[
			'a hole in the tags',
			() => parseThread(thread({ tags: withHole('a', 'b') })),
			'wrong-type',
			['tags', 1]
		],
		[
			'a bad edit time',
			() => parseThread(thread({ editedAt: 'later' })),
			'bad-format',
			['editedAt']
		],
		['a bad thread id', () => parseReply(reply({ thread: 'Sleep' })), 'bad-format', ['thread']],
		[
			'a missing thread id',
			() => parseReply(without(reply(), 'thread')),
			'missing-key',
			['thread']
		],
		[
			'a reaction id that is not text',
			() => parseReaction(reaction({ id: 1 })),
			'wrong-type',
			['id']
		],
		[
			'a bad reaction target',
			() => parseReaction(reaction({ target: 'x' })),
			'bad-format',
			['target']
		],
		[
			'a reaction with an unknown key',
			() => parseReaction(reaction({ emoji: '*' })),
			'unknown-key',
			['emoji']
		],
		['a mark by someone unnamed', () => parseMark(mark({ by: '' })), 'bad-format', ['by']],
		['a mark without a time', () => parseMark(without(mark(), 'at')), 'missing-key', ['at']],
		[
			'several problems (the first field with one is named)',
			() => parseThread(thread({ extra: 1, tags: [1], title: '', author: 'Alice' })),
			'bad-format',
			['author']
		],
		[
			'an unknown key beside a bad field (the field is named)',
			() => parseReply(reply({ extra: 1, editedAt: 'later' })),
			'bad-format',
			['editedAt']
		]
	];

	it.each(cases)('refuses %s', (_, action, code, path) => {
		const error = refusal(action);
		expect(error.name).toBe('InvalidRecordError');
		expect({ code: error.code, path: error.path }).toEqual({ code, path });
	});
});

describe('parseMember', () => {
	const member = (extra: Record<string, unknown> = {}) => ({
		id: ALICE,
		author: ALICE,
		name: 'Quiet Fern',
		at: AT,
		...extra
	});

	it('accepts a person’s own entry', () => {
		expect(parseMember(member())).toEqual(member());
	});

	it.each([
		['another author', member({ author: THREAD }), 'inconsistent', ['author']],
		['an empty name', member({ name: '' }), 'bad-size', ['name']],
		['a blank name', member({ name: '   ' }), 'bad-size', ['name']],
		['a name too long', member({ name: 'x'.repeat(33) }), 'bad-size', ['name']],
		['untrimmed', member({ name: ' Sam' }), 'bad-format', ['name']],
		['a bidi override', member({ name: 'Sa\u202Em' }), 'bad-format', ['name']],
		['an unknown key', member({ extra: 1 }), 'unknown-key', ['extra']],
		['a bad id', member({ id: 'Alice', author: 'Alice' }), 'bad-format', ['id']],
		['a name that is not text', member({ name: 7 }), 'wrong-type', ['name']],
		['no name', { id: ALICE, author: ALICE, at: AT }, 'missing-key', ['name']],
		['a bad time', member({ at: 'now' }), 'bad-format', ['at']]
	])('refuses %s', (_, raw, code, path) => {
		const error = refusal(() => parseMember(raw));
		expect({ code: error.code, path: error.path }).toEqual({ code, path });
	});
});
