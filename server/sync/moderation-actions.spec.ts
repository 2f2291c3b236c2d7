import { describe, expect, it } from 'vitest';
import type { RecordChange } from '../../src/lib/domain/community/change-policy';
import { answeredPosts } from './blocked-replies';
import { EXCERPT_CHARS, excerptOf, moderationActions } from './moderation-actions';

const MOD = 'mod';
const thread = { id: 't1', author: 'ana', title: 'Hard night', body: 'Long words' };
const reply = { id: 'r1', thread: 't1', author: 'ben', body: 'I am here' };
const ownReply = { id: 'r2', thread: 't1', author: MOD, body: 'Mine' };
const posts: Record<string, Record<string, unknown>> = {
	threads: { t1: thread },
	replies: { r1: reply, r2: ownReply }
};
const lookup = (map: string, key: string) => posts[map]?.[key];
const mark = (id: string, hidden: boolean, reason: string | null = null) => ({
	id,
	hidden,
	by: MOD,
	at: 'x',
	reason
});
const change = (map: string, key: string, before: unknown, after: unknown): RecordChange => ({
	map,
	key,
	before,
	after
});

describe('moderationActions', () => {
	it.each([
		[
			'a hide of a reply',
			[change('marks', 'r1', undefined, mark('r1', true, 'unkind'))],
			[
				{
					kind: 'hidden',
					author: 'ben',
					target: { kind: 'reply', id: 'r1', thread: 't1' },
					reason: 'unkind',
					excerpt: 'I am here'
				}
			]
		],
		[
			'an unhide by a new mark',
			[change('marks', 't1', mark('t1', true, 'x'), mark('t1', false))],
			[
				{
					kind: 'unhidden',
					author: 'ana',
					target: { kind: 'thread', id: 't1' },
					reason: null,
					excerpt: 'Hard night'
				}
			]
		],
		[
			'an unhide by deleting the mark',
			[change('marks', 't1', mark('t1', true, 'x'), undefined)],
			[expect.objectContaining({ kind: 'unhidden', author: 'ana', reason: null })]
		],
		[
			'a mark that stays hidden',
			[change('marks', 't1', mark('t1', true), mark('t1', true, 'y'))],
			[]
		],
		[
			'a hide of the moderator’s own reply',
			[change('marks', 'r2', undefined, mark('r2', true))],
			[]
		],
		['a mark on nothing known', [change('marks', 'zz', undefined, mark('zz', true))], []],
		[
			'a thread removed with its replies: one notice, for the thread',
			[
				change('threads', 't1', thread, undefined),
				change('replies', 'r1', reply, undefined),
				change('reactions', 'r1:hear-you:ana', { id: 'r1:hear-you:ana' }, undefined)
			],
			[
				{
					kind: 'removed',
					author: 'ana',
					target: { kind: 'thread', id: 't1' },
					reason: null,
					excerpt: 'Hard night'
				}
			]
		],
		[
			'a reply removed alone',
			[change('replies', 'r1', reply, undefined)],
			[
				expect.objectContaining({
					kind: 'removed',
					author: 'ben',
					target: { kind: 'reply', id: 'r1', thread: 't1' }
				})
			]
		],
		['a new post', [change('threads', 't2', undefined, { ...thread, id: 't2' })], []]
	])('%s', (_what, changes, expected) => {
		expect(moderationActions(changes, lookup, MOD)).toEqual(expected);
	});

	it('quotes a body without a title up to a limit, in whole characters', () => {
		const body = '🌱'.repeat(EXCERPT_CHARS + 5);
		expect(excerptOf({ body })).toBe('🌱'.repeat(EXCERPT_CHARS));
		expect(excerptOf({ title: 'T', body })).toBe('T');
	});
});

describe('answeredPosts', () => {
	it('names whom new replies and reactions answer, not the sender, not edits', () => {
		const changes = [
			change('replies', 'r9', undefined, { id: 'r9', thread: 't1', author: 'cleo' }),
			change('reactions', 'r1:me-too:cleo', undefined, { target: 'r1', author: 'cleo' }),
			change('replies', 'r1', reply, { ...reply, body: 'edited' }),
			change('threads', 't2', undefined, { ...thread, id: 't2', author: 'cleo' })
		];
		const found = answeredPosts(changes, lookup, 'cleo');
		expect(found.authors.sort()).toEqual(['ana', 'ben']);
		expect(found.missing).toBeNull();
		expect(answeredPosts(changes, lookup, 'ana').authors).toEqual(['ben']);
	});

	it('names a new reply or reaction whose post the document does not hold', () => {
		const orphan = [
			change('reactions', 'zz:me-too:cleo', undefined, { target: 'zz', author: 'cleo' })
		];
		expect(answeredPosts(orphan, lookup, 'cleo')).toEqual({
			authors: [],
			missing: 'zz:me-too:cleo'
		});
		const elsewhere = [change('replies', 'r9', undefined, { thread: 'zz', author: 'cleo' })];
		expect(answeredPosts(elsewhere, lookup, 'cleo').missing).toBe('r9');
	});
});
