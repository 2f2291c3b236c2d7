/**
 * The part of a community's thread list on screen: the most recently active first, a page at a
 * time. Rendering every card of a 10,000-thread community takes a cheap phone most of a minute;
 * a page of them takes a moment, and "Show more" adds the next page.
 */
import type { ThreadListItem } from '$lib/state/community-views';

/** Threads shown at first, and added by each "Show more". */
export const THREAD_PAGE = 30;

export interface ThreadPage {
	threads: ThreadListItem[];
	total: number;
}

export function newestThreads(threads: readonly ThreadListItem[], shown: number): ThreadPage {
	// Latest activity first, whatever order the state hands them in.
	const ordered = [...threads].sort((a, b) => b.lastActivityAt - a.lastActivityAt);
	return { threads: ordered.slice(0, Math.max(0, shown)), total: threads.length };
}
