import { describe, expect, it } from 'vitest';
import { formatHlc } from '../journal/hlc';
import { emptyCommunityState } from './community-document';
import type { Reply, ThreadHeader } from './records';
import { searchCommunity } from './search-community';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const BOB = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
const at = (wall: number) => formatHlc({ wall, counter: 0, node: 'n' });

const threads: ThreadHeader[] = [
	{
		id: 't1',
		author: ALICE,
		at: at(1),
		title: 'Café mornings',
		body: 'Small steps help with Anxiety.',
		contentWarning: null,
		tags: ['routines'],
		editedAt: null
	},
	{
		id: 't2',
		author: BOB,
		at: at(2),
		title: 'Night shifts',
		body: '眠れない夜',
		contentWarning: null,
		tags: ['sleep'],
		editedAt: null
	}
];

const replies: Reply[] = [
	{
		id: 'r1',
		thread: 't1',
		author: BOB,
		at: at(3),
		body: 'Morning walks help me.',
		contentWarning: null,
		editedAt: null
	}
];

function community() {
	const state = emptyCommunityState();
	for (const t of threads) state.threads.set(t.id, t);
	for (const r of replies) state.replies.set(r.id, r);
	return state;
}

const ids = (hits: ReturnType<typeof searchCommunity>) =>
	hits.map((hit) => (hit.kind === 'thread' ? hit.thread.id : hit.reply.id));

describe('searchCommunity', () => {
	it.each([
		['a title word, ignoring accents and case', 'CAFE', ['t1']],
		['word starts only', 'nxiety', []],
		['a body word prefix', 'anx', ['t1']],
		['a tag', 'sleep', ['t2']],
		['every word, within one record', 'morning help', ['r1', 't1']],
		['nothing when one word is missing', 'morning night', []],
		['punctuation around words', '"walks,"', ['r1']],
		['scripts without spaces anywhere', '夜', ['t2']],
		['nothing for an empty query', '   ', []]
	])('finds %s', (_, query, expected) => {
		expect(ids(searchCommunity(community(), query))).toEqual(expected);
	});

	it('leaves out hidden records, replies in hidden threads and blocked people', () => {
		const hiddenThread = community();
		hiddenThread.marks.set('t1', { id: 't1', hidden: true, by: BOB, at: at(9), reason: null });
		expect(ids(searchCommunity(hiddenThread, 'morning'))).toEqual([]);
		expect(ids(searchCommunity(community(), 'morning', { blocked: new Set([BOB]) }))).toEqual([
			't1'
		]);
	});

	it('returns the thread with a reply hit', () => {
		const [hit] = searchCommunity(community(), 'walks');
		expect(hit).toEqual({ kind: 'reply', thread: threads[0], reply: replies[0] });
	});
});
