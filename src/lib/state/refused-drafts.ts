/**
 * What the community page shows of the person's held records (room-recovery.ts): each draft
 * with its words, what kind of post it was, and why it is kept, in one of a few plain reasons.
 */
import { parseReaction, parseReply, parseThread } from '../domain/community/parse-community-record';
import type { ReactionKind } from '../domain/community/records';
import type { HeldMap, HeldRecord } from '../storage/community.repository';

export type DraftReason =
	/** The person they answered blocked them. */
	| 'blocked'
	/** A moderator paused their posting here. */
	| 'muted'
	/** The guidelines are to be accepted (again) first. */
	| 'guidelines'
	/** Their name here is not set up on the server yet. */
	| 'no-pseudonym'
	/** What it answered is gone. */
	| 'missing'
	/** An earlier change was refused, so this one was never looked at. */
	| 'not-sent'
	/** Any other rule of the server's. */
	| 'refused';

export interface DraftView {
	map: HeldMap;
	key: string;
	/** `other`: a kept value this version cannot read; it can only be discarded. */
	kind: 'thread' | 'reply' | 'reaction' | 'moderation' | 'other';
	title: string | null;
	body: string | null;
	reaction: ReactionKind | null;
	/** The thread it belongs to (a reply's or a reaction's), to link to. */
	threadId: string | null;
	reason: DraftReason;
	/** Being sent again right now (a recovery under way), not waiting for the person. */
	sending: boolean;
}

const REASONS: readonly DraftReason[] = [
	'blocked',
	'muted',
	'guidelines',
	'no-pseudonym',
	'missing',
	'not-sent'
];

export function draftViews(held: readonly HeldRecord[]): DraftView[] {
	return held.flatMap((record): DraftView[] => {
		const view = viewOf(record);
		return view === null ? [] : [view];
	});
}

function viewOf(record: HeldRecord): DraftView | null {
	const base = {
		map: record.map,
		key: record.key,
		title: null,
		body: null,
		reaction: null,
		threadId: null,
		reason: reasonOf(record.reason),
		sending: record.state === 'replaying'
	};
	try {
		switch (record.map) {
			case 'threads': {
				const thread = parseThread(record.value);
				return {
					...base,
					kind: 'thread',
					title: thread.title,
					body: thread.body,
					threadId: thread.id
				};
			}
			case 'replies': {
				const reply = parseReply(record.value);
				return { ...base, kind: 'reply', body: reply.body, threadId: reply.thread };
			}
			case 'reactions': {
				const reaction = parseReaction(record.value);
				return { ...base, kind: 'reaction', reaction: reaction.kind };
			}
			case 'marks':
				return { ...base, kind: 'moderation' };
			case 'members':
				// A name entry goes out with the next post; alone it is nothing to show.
				return null;
		}
	} catch {
		// A held value that no longer parses cannot be shown or sent; Discard still removes it.
		return { ...base, kind: 'other' };
	}
}

function reasonOf(reason: string): DraftReason {
	return isDraftReason(reason) ? reason : 'refused';
}

function isDraftReason(reason: string): reason is DraftReason {
	return (REASONS as readonly string[]).includes(reason);
}
