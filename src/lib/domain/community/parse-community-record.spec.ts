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
		['a long reason', () => parseMark(mark({ reason: 'x'.repeat(501) })), 'bad-size', ['reason']]
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
		['a bad id', member({ id: 'Alice', author: 'Alice' }), 'bad-format', ['id']]
	])('refuses %s', (_, raw, code, path) => {
		const error = refusal(() => parseMember(raw));
		expect({ code: error.code, path: error.path }).toEqual({ code, path });
	});
});
