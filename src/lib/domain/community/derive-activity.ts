/**
 * What others did with this person's posts: replies to their threads, and reactions to their
 * threads and replies. Hearth sends no push notifications; this list is read in the app.
 * Their own replies and reactions are not activity, nor is anything hidden or from a blocked
 * person, nor anything in a hidden thread.
 */

import { compareHlc } from '../journal/hlc';
import type { HlcTimestamp } from '../journal/entry';
import type { CommunityState } from './community-document';
import type { ReactionKind } from './records';

export interface ActivityRecord {
	/** The reply's id, or the reaction's. */
	id: string;
	threadId: string;
	threadTitle: string;
	kind: 'reply' | 'reaction';
	reaction: ReactionKind | null;
	/** Who did it (pseudonym id). */
	by: string;
	at: HlcTimestamp;
}

export interface ActivityOptions {
	/** This person's pseudonym id. */
	me: string;
	blocked?: ReadonlySet<string>;
}

/** Newest first. */
export function deriveActivity(
	state: CommunityState,
	{ me, blocked = new Set() }: ActivityOptions
): ActivityRecord[] {
	const hidden = (id: string) => state.marks.get(id)?.hidden === true;
	const shown = (id: string, author: string) =>
		author !== me && !hidden(id) && !blocked.has(author);
	const items: ActivityRecord[] = [];
	for (const reply of state.replies.values()) {
		const thread = state.threads.get(reply.thread);
		if (thread === undefined || thread.author !== me || hidden(thread.id)) continue;
		if (!shown(reply.id, reply.author)) continue;
		items.push({
			id: reply.id,
			threadId: thread.id,
			threadTitle: thread.title,
			kind: 'reply',
			reaction: null,
			by: reply.author,
			at: reply.at
		});
	}
	for (const reaction of state.reactions.values()) {
		if (reaction.author === me || blocked.has(reaction.author)) continue;
		const reply = state.replies.get(reaction.target);
		const thread = state.threads.get(reply?.thread ?? reaction.target);
		const post = reply ?? thread;
		if (thread === undefined || post === undefined || post.author !== me) continue;
		if (hidden(thread.id) || hidden(post.id)) continue;
		items.push({
			id: reaction.id,
			threadId: thread.id,
			threadTitle: thread.title,
			kind: 'reaction',
			reaction: reaction.kind,
			by: reaction.author,
			at: reaction.at
		});
	}
	return items.sort((a, b) => compareHlc(b.at, a.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
