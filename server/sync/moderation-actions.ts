/**
 * What a moderator's admitted update did to other people's posts, so each author can be told
 * (server/moderation/record-notices.ts):
 * - `hidden`: a mark with `hidden: true` now covers a thread or reply (it did not before);
 * - `unhidden`: a mark that hid one now says `hidden: false`, or is gone;
 * - `removed`: a thread or reply deleted, except replies deleted with their thread (the thread's
 *   author is told about the thread; the replies went with it, as in the author's own cascade).
 *
 * Posts the moderator wrote themselves are left out. The update is already judged: values here
 * passed their schemas, so plain field reads are enough.
 */
import type { RecordChange } from '../../src/lib/domain/community/change-policy';
import {
	MARKS_MAP,
	REPLIES_MAP,
	THREADS_MAP
} from '../../src/lib/domain/community/community-document';
import { fieldOf, type RecordLookup } from './blocked-replies';

/** How much of a post's body a notice quotes, in characters, when the post has no title. */
export const EXCERPT_CHARS = 120;

export interface ModerationAction {
	kind: 'hidden' | 'unhidden' | 'removed';
	/** The pseudonym id of the post's author. */
	author: string;
	target: { kind: 'thread' | 'reply'; id: string; thread?: string };
	/** The mark's reason for hidden and unhidden; null for removals (the audit log may add one). */
	reason: string | null;
	/** The thread's title, else the start of the post's body. */
	excerpt: string;
}

export function moderationActions(
	changes: readonly RecordChange[],
	lookup: RecordLookup,
	moderator: string
): ModerationAction[] {
	const actions: ModerationAction[] = [];
	const deletedThreads = new Set(
		changes.filter((c) => c.map === THREADS_MAP && isDeletion(c)).map((c) => c.key)
	);
	for (const change of changes) {
		const action =
			change.map === MARKS_MAP ? markAction(change, lookup) : removal(change, deletedThreads);
		if (action !== null && action.author !== moderator) actions.push(action);
	}
	return actions;
}

function markAction(change: RecordChange, lookup: RecordLookup): ModerationAction | null {
	const wasHidden = fieldOf(change.before, 'hidden') === true;
	const isHidden = fieldOf(change.after, 'hidden') === true;
	if (wasHidden === isHidden) return null;
	const post = postAt(change.key, lookup);
	if (post === null) return null;
	// What the new mark says; a deleted mark says nothing.
	const reason = fieldOf(change.after, 'reason');
	return {
		kind: isHidden ? 'hidden' : 'unhidden',
		...post,
		reason: typeof reason === 'string' ? reason : null
	};
}

function removal(
	change: RecordChange,
	deletedThreads: ReadonlySet<string>
): ModerationAction | null {
	if (!isDeletion(change)) return null;
	if (change.map === THREADS_MAP)
		return { kind: 'removed', ...describe('thread', change.key, change.before), reason: null };
	if (change.map !== REPLIES_MAP) return null;
	if (deletedThreads.has(String(fieldOf(change.before, 'thread')))) return null;
	return { kind: 'removed', ...describe('reply', change.key, change.before), reason: null };
}

function postAt(
	id: string,
	lookup: RecordLookup
): Omit<ModerationAction, 'kind' | 'reason'> | null {
	const thread = lookup(THREADS_MAP, id);
	if (thread !== undefined) return describe('thread', id, thread);
	const reply = lookup(REPLIES_MAP, id);
	return reply === undefined ? null : describe('reply', id, reply);
}

function describe(
	kind: 'thread' | 'reply',
	id: string,
	record: unknown
): Omit<ModerationAction, 'kind' | 'reason'> {
	const thread = fieldOf(record, 'thread');
	return {
		author: String(fieldOf(record, 'author')),
		target: kind === 'reply' && typeof thread === 'string' ? { kind, id, thread } : { kind, id },
		excerpt: excerptOf(record)
	};
}

/** A thread's title, else the first EXCERPT_CHARS characters of the body (whole code points). */
export function excerptOf(record: unknown): string {
	const title = fieldOf(record, 'title');
	if (typeof title === 'string') return title;
	const body = fieldOf(record, 'body');
	return typeof body === 'string' ? Array.from(body).slice(0, EXCERPT_CHARS).join('') : '';
}

function isDeletion(change: RecordChange): boolean {
	return change.before !== undefined && change.after === undefined;
}
