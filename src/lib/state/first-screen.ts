/**
 * A community page's first screen from the thread index, before its documents (or even its room)
 * are there. Two readers share it: the room, which reads the index while its documents load, and
 * the page itself, which reads it as soon as storage and settings are open, without waiting for
 * the journal, the person's identity and the communities state that a room needs first (on a
 * cheap phone that wait is most of a second). Whatever reads it, the same rows show the same way.
 *
 * The index holds only what anyone in the community may see (never a hidden thread); a blocked
 * author's threads are left out here, from the block list in settings, so a first screen never
 * shows someone the person blocked.
 */
import { compareHlc, hlcWallTime } from '../domain/journal/hlc';
import type { CommunityRepository } from '../storage/community.repository';
import type { IndexedThread, ThreadIndexRepository } from '../storage/thread-index.repository';
import type { ThreadListItem } from './community-views';

/** Threads the first screen reads from the thread index: the list's first page. */
export const FIRST_SCREEN_THREADS = 30;

/** What a first screen needs to know about the reader. */
export interface FirstScreenReader {
	/** Pseudonym ids blocked in this community. */
	blocked: ReadonlySet<string>;
	/** Thread id → the clock time the person last read it. */
	readMarks: ReadonlyMap<string, string>;
	/** The person's pseudonym id here, when known ('' before their keys are loaded). */
	me: string;
}

/** Index rows as list items: a blocked author's threads left out, unread from read marks. */
export function firstScreenItems(
	rows: readonly IndexedThread[],
	reader: FirstScreenReader
): ThreadListItem[] {
	return rows
		.filter((row) => !reader.blocked.has(row.author))
		.map((row) => {
			const seen = reader.readMarks.get(row.id);
			return {
				id: row.id,
				title: row.title,
				excerpt: row.excerpt,
				author: {
					id: row.author,
					name: row.authorName,
					isMe: row.mine || (reader.me !== '' && row.author === reader.me)
				},
				writtenAt: row.writtenAt,
				lastActivityAt: hlcWallTime(row.lastActivity),
				replyCount: row.replyCount,
				unread: seen === undefined || compareHlc(row.lastActivity, seen) > 0,
				contentWarning: row.contentWarning,
				tags: row.tags,
				delivered: row.delivered
			};
		});
}

/** A joined community's first screen, read by its page before the room exists. */
export interface PagePreview {
	/** The community's name, as the person joined it. */
	name: string;
	/** The latest threads, as the index holds them (blocks are applied when shown). */
	rows: IndexedThread[];
	readMarks: Map<string, string>;
}

/**
 * Reads the page's first screen: null when the community is not joined here, its index is
 * empty, or anything could not be read (the page then waits for the room, as it would anyway).
 */
export async function readPagePreview(
	storage: () => Promise<{ communities: CommunityRepository; threadIndex: ThreadIndexRepository }>,
	communityId: string
): Promise<PagePreview | null> {
	try {
		const { communities, threadIndex } = await storage();
		const [joined, rows, readMarks] = await Promise.all([
			communities.getJoined(communityId),
			threadIndex.latest(communityId, FIRST_SCREEN_THREADS),
			communities.readMarks(communityId)
		]);
		if (joined === null || rows.length === 0) return null;
		return { name: joined.info.name, rows, readMarks };
	} catch {
		return null;
	}
}
