/**
 * What community pages show, derived from the document's records by pure functions.
 *
 * Moderators' hides and a person's own block list are applied here, on every read, rather than by
 * deleting anything: a mark can be lifted and a block undone, and the records must still be there.
 * A hidden or blocked reply counts for nothing: not in a thread's reply count, not as activity
 * that would mark the thread unread.
 */

import type { HlcTimestamp } from '../journal/entry';
import { compareHlc } from '../journal/hlc';
import type { CommunityState } from './community-document';
import { REACTION_KINDS, type ReactionKind, type Reply, type ThreadHeader } from './records';

/**
 * Which hidden records a reader still sees: a moderator sees every one (to review it), an author
 * their own (with the moderators' reason). Everyone else sees none.
 */
export type Reveal = (record: { id: string; author: string }) => boolean;

export interface ListOptions {
	/** Pseudonym ids whose posts this person does not want to see. */
	blocked?: ReadonlySet<string>;
	reveal?: Reveal;
	/** Per thread, the latest activity this person has seen; a thread without one is unread. */
	readMarkers?: ReadonlyMap<string, HlcTimestamp>;
}

export interface ThreadSummary {
	thread: ThreadHeader;
	replyCount: number;
	/** The latest of the thread's writing, its edit, and its visible replies and their edits. */
	lastActivity: HlcTimestamp;
	unread: boolean;
}

export interface ReactionCount {
	kind: ReactionKind;
	count: number;
	/** Whether `me` reacted with this kind. */
	mine: boolean;
}

export interface ReplyView {
	reply: Reply;
	/** Every kind, in `REACTION_KINDS` order, so the UI can draw its buttons from this. */
	reactions: ReactionCount[];
}

export interface ThreadView {
	thread: ThreadHeader;
	reactions: ReactionCount[];
	/** Oldest first, by hybrid logical clock. */
	replies: ReplyView[];
}

export interface ViewOptions {
	/** The reader's pseudonym id in this community. */
	me: string;
	blocked?: ReadonlySet<string>;
	reveal?: Reveal;
}

/** Visible threads, latest activity first. */
export function listThreads(
	state: CommunityState,
	{ blocked = new Set(), readMarkers = new Map(), reveal = revealNone }: ListOptions = {}
): ThreadSummary[] {
	const summaries = new Map<string, ThreadSummary>();
	for (const thread of state.threads.values()) {
		if (!isShown(state, thread, blocked, reveal)) continue;
		summaries.set(thread.id, {
			thread,
			replyCount: 0,
			lastActivity: latest(thread.at, thread.editedAt),
			unread: false
		});
	}
	for (const reply of state.replies.values()) {
		const summary = summaries.get(reply.thread);
		if (summary === undefined || !isShown(state, reply, blocked, reveal)) continue;
		summary.replyCount++;
		summary.lastActivity = latest(summary.lastActivity, latest(reply.at, reply.editedAt));
	}
	return [...summaries.values()]
		.map((summary) => {
			const seen = readMarkers.get(summary.thread.id);
			return {
				...summary,
				unread: seen === undefined || compareHlc(summary.lastActivity, seen) > 0
			};
		})
		.sort(
			(a, b) => compareHlc(b.lastActivity, a.lastActivity) || compareIds(a.thread.id, b.thread.id)
		);
}

/** One thread with its visible replies and reaction counts; null if missing, hidden or blocked. */
export function threadView(
	state: CommunityState,
	threadId: string,
	{ me, blocked = new Set(), reveal = revealNone }: ViewOptions
): ThreadView | null {
	const thread = state.threads.get(threadId);
	if (thread === undefined || !isShown(state, thread, blocked, reveal)) return null;
	const replies = [...state.replies.values()]
		.filter((reply) => reply.thread === threadId && isShown(state, reply, blocked, reveal))
		.sort((a, b) => compareHlc(a.at, b.at) || compareIds(a.id, b.id));
	const targets = new Set([threadId, ...replies.map((reply) => reply.id)]);
	const counts = new Map<string, Map<ReactionKind, ReactionCount>>();
	for (const reaction of state.reactions.values()) {
		if (!targets.has(reaction.target) || blocked.has(reaction.author)) continue;
		const byKind = counts.get(reaction.target) ?? new Map<ReactionKind, ReactionCount>();
		counts.set(reaction.target, byKind);
		const count = byKind.get(reaction.kind) ?? { kind: reaction.kind, count: 0, mine: false };
		byKind.set(reaction.kind, {
			...count,
			count: count.count + 1,
			mine: count.mine || reaction.author === me
		});
	}
	const reactionsOf = (target: string): ReactionCount[] =>
		REACTION_KINDS.map((kind) => counts.get(target)?.get(kind) ?? { kind, count: 0, mine: false });
	return {
		thread,
		reactions: reactionsOf(threadId),
		replies: replies.map((reply) => ({ reply, reactions: reactionsOf(reply.id) }))
	};
}

function isHidden(state: CommunityState, id: string): boolean {
	return state.marks.get(id)?.hidden === true;
}

const revealNone: Reveal = () => false;

function isShown(
	state: CommunityState,
	record: ThreadHeader | Reply,
	blocked: ReadonlySet<string>,
	reveal: Reveal
): boolean {
	if (blocked.has(record.author)) return false;
	return !isHidden(state, record.id) || reveal(record);
}

function latest(a: HlcTimestamp, b: HlcTimestamp | null): HlcTimestamp {
	return b !== null && compareHlc(b, a) > 0 ? b : a;
}

function compareIds(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
