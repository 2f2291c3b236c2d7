import { describe, expect, it } from 'vitest';
import { formatHlc } from '../journal/hlc';
import { emptyCommunityState, type CommunityState } from './community-document';
import {
	reactionId,
	type ModerationMark,
	type Reaction,
	type ReactionKind,
	type Reply,
	type ThreadHeader
} from './records';
import { listThreads, threadView } from './thread-list';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const BOB = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
const MOD = 'mmmmmmmmmmmmmmmmmmmmmmmmma';
const T1 = 'tatttttttttttttttttttttttq';
const T2 = 'tbtttttttttttttttttttttttq';
const T3 = 'tctttttttttttttttttttttttq';

const at = (wall: number, node = 'n') => formatHlc({ wall, counter: 0, node });

const thread = (id: string, wall: number, extra: Partial<ThreadHeader> = {}): ThreadHeader => ({
	id,
	author: ALICE,
	at: at(wall),
	title: `Thread ${id}`,
	body: 'Body',
	contentWarning: null,
	tags: [],
	editedAt: null,
	...extra
});

const reply = (id: string, to: string, wall: number, extra: Partial<Reply> = {}): Reply => ({
	id,
	thread: to,
	author: BOB,
	at: at(wall),
	body: 'Reply',
	contentWarning: null,
	editedAt: null,
	...extra
});

const reaction = (target: string, kind: ReactionKind, author: string): Reaction => ({
	id: reactionId(target, kind, author),
	target,
	kind,
	author,
	at: at(9_000)
});

const hide = (id: string, hidden = true): ModerationMark => ({
	id,
	hidden,
	by: MOD,
	at: at(9_500),
	reason: null
});

function state(
	records: {
		threads?: ThreadHeader[];
		replies?: Reply[];
		reactions?: Reaction[];
		marks?: ModerationMark[];
	} = {}
): CommunityState {
	const s = emptyCommunityState();
	for (const t of records.threads ?? []) s.threads.set(t.id, t);
	for (const r of records.replies ?? []) s.replies.set(r.id, r);
	for (const r of records.reactions ?? []) s.reactions.set(r.id, r);
	for (const m of records.marks ?? []) s.marks.set(m.id, m);
	return s;
}

describe('listThreads', () => {
	const base = {
		threads: [thread(T1, 1_000), thread(T2, 2_000), thread(T3, 3_000, { author: BOB })],
		replies: [reply('r1', T1, 4_000), reply('r2', T1, 1_500)]
	};

	it.each([
		['orders by latest activity, replies included', base, {}, [T1, T3, T2]],
		[
			'counts an edit as activity',
			{ ...base, threads: [...base.threads, thread(T2, 2_000, { editedAt: at(5_000) })] },
			{},
			[T2, T1, T3]
		],
		['leaves out blocked authors and their replies', base, { blocked: new Set([BOB]) }, [T2, T1]],
		['leaves out hidden threads', { ...base, marks: [hide(T1)] }, {}, [T3, T2]],
		[
			'keeps threads whose hide was lifted',
			{ ...base, marks: [hide(T1, false)] },
			{},
			[T1, T3, T2]
		],
		['orders by id on a tie', { threads: [thread(T2, 1), thread(T1, 1)] }, {}, [T1, T2]]
	])('%s', (_, records, options, expected) => {
		expect(listThreads(state(records), options).map((s) => s.thread.id)).toEqual(expected);
	});

	it('counts visible replies only, and takes activity from them', () => {
		const s = state({
			threads: [thread(T1, 1_000)],
			replies: [
				reply('r1', T1, 2_000),
				reply('r2', T1, 8_000, { author: ALICE }),
				reply('r3', T1, 9_000),
				reply('r4', T2, 9_999)
			],
			marks: [hide('r3')]
		});
		expect(listThreads(s)).toEqual([
			{ thread: thread(T1, 1_000), replyCount: 2, lastActivity: at(8_000), unread: true }
		]);
		const [blocked] = listThreads(s, { blocked: new Set([ALICE]) });
		expect(blocked).toBeUndefined();
	});

	it.each([
		['no marker', undefined, true],
		['a marker before the last reply', at(3_000), true],
		['a marker at the last reply', at(4_000), false],
		['a marker after it', at(5_000), false]
	])('with %s, unread is %s', (_, marker, unread) => {
		const readMarkers = new Map(marker === undefined ? [] : [[T1, marker]]);
		const s = state(base);
		const summary = listThreads(s, { readMarkers }).find((t) => t.thread.id === T1);
		expect(summary?.unread).toBe(unread);
	});
});

describe('threadView', () => {
	const s = state({
		threads: [thread(T1, 1_000)],
		replies: [
			reply('r2', T1, 3_000),
			reply('r1', T1, 2_000, { author: ALICE }),
			reply('r3', T1, 2_500),
			reply('rx', T2, 2_000)
		],
		reactions: [
			reaction(T1, 'me-too', ALICE),
			reaction(T1, 'me-too', BOB),
			reaction(T1, 'strength', BOB),
			reaction('r1', 'thank-you', BOB),
			reaction('rx', 'hear-you', BOB)
		],
		marks: [hide('r3')]
	});

	it('shows replies oldest first without hidden ones, and groups reactions', () => {
		const view = threadView(s, T1, { me: ALICE });
		expect(view?.replies.map((r) => r.reply.id)).toEqual(['r1', 'r2']);
		expect(view?.reactions).toEqual([
			{ kind: 'hear-you', count: 0, mine: false },
			{ kind: 'strength', count: 1, mine: false },
			{ kind: 'me-too', count: 2, mine: true },
			{ kind: 'thank-you', count: 0, mine: false }
		]);
		expect(view?.replies[0]?.reactions.find((r) => r.kind === 'thank-you')).toEqual({
			kind: 'thank-you',
			count: 1,
			mine: false
		});
	});

	it('drops blocked people from replies and reaction counts', () => {
		const view = threadView(s, T1, { me: ALICE, blocked: new Set([BOB]) });
		expect(view?.replies.map((r) => r.reply.id)).toEqual(['r1']);
		expect(view?.reactions.find((r) => r.kind === 'me-too')).toEqual({
			kind: 'me-too',
			count: 1,
			mine: true
		});
	});

	it.each([
		['a missing thread', s, T2],
		['a hidden thread', state({ threads: [thread(T1, 1)], marks: [hide(T1)] }), T1]
	])('returns null for %s', (_, community, id) => {
		expect(threadView(community, id, { me: ALICE })).toBeNull();
	});

	it('keeps hidden records the reader may see: a moderator all, an author their own', () => {
		const hiddenThread = state({
			threads: [thread(T1, 1_000)],
			replies: [reply('r1', T1, 2_000), reply('r2', T1, 3_000, { author: ALICE })],
			marks: [hide(T1), hide('r1'), hide('r2')]
		});
		const moderator = threadView(hiddenThread, T1, { me: MOD, reveal: () => true });
		expect(moderator?.replies.map((r) => r.reply.id)).toEqual(['r1', 'r2']);
		const author = threadView(hiddenThread, T1, {
			me: ALICE,
			reveal: (record) => record.author === ALICE
		});
		expect(author?.replies.map((r) => r.reply.id)).toEqual(['r2']);
		expect(threadView(hiddenThread, T1, { me: BOB })).toBeNull();
		const list = listThreads(hiddenThread, { reveal: () => true });
		expect(list.map((summary) => [summary.thread.id, summary.replyCount])).toEqual([[T1, 2]]);
	});
});
