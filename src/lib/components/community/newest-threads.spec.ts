import { describe, expect, it } from 'vitest';
import type { ThreadListItem } from '$lib/state/community-views';
import { newestThreads, THREAD_PAGE } from './newest-threads';

function thread(n: number): ThreadListItem {
	return {
		id: `t${n}`,
		title: `Thread ${n}`,
		excerpt: '',
		author: { id: 'a', name: 'A', isMe: false },
		writtenAt: n,
		// Older threads with newer activity move up: the order is by activity.
		lastActivityAt: n % 7 === 0 ? 1_000_000 + n : n,
		replyCount: 0,
		unread: false,
		contentWarning: null,
		tags: [],
		delivered: true
	};
}

const many = Array.from({ length: 100 }, (_, i) => thread(i));

describe('newestThreads', () => {
	it('shows a page of 30, then 60 after "Show more", of all 100', () => {
		expect(THREAD_PAGE).toBe(30);
		const first = newestThreads(many, THREAD_PAGE);
		expect(first.threads).toHaveLength(30);
		expect(first.total).toBe(100);
		const second = newestThreads(many, 2 * THREAD_PAGE);
		expect(second.threads).toHaveLength(60);
		// The second page continues the first: nothing already shown moves.
		expect(second.threads.slice(0, 30)).toEqual(first.threads);
	});

	it('puts the most recent activity first', () => {
		const { threads } = newestThreads(many, 100);
		const times = threads.map((t) => t.lastActivityAt);
		expect(times).toEqual([...times].sort((a, b) => b - a));
		expect(threads[0]?.id).toBe('t98');
	});

	it('shows every thread of a short list, and none of an empty one', () => {
		expect(newestThreads(many.slice(0, 3), THREAD_PAGE).threads).toHaveLength(3);
		expect(newestThreads([], THREAD_PAGE)).toEqual({ threads: [], total: 0 });
	});
});
