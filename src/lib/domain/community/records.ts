/**
 * The records a community document holds, as plain JSON.
 *
 * Every record names its `author` (a community pseudonym id) and carries the hybrid logical clock
 * time it was written (`at`), so the server can check who wrote what and clients can order
 * records whatever the device clocks said. Records are never nested shared types: a flat JSON
 * value is exactly what the server validates (see `parse-community-record.ts`).
 *
 * A reaction's id is `${target}:${kind}:${author}`, so one person holds at most one reaction of
 * each kind on a post: a second "me too" from the same person lands on the same key rather than
 * counting twice, whichever devices wrote it.
 */

import type { HlcTimestamp } from '../journal/entry';

export const REACTION_KINDS = ['hear-you', 'strength', 'me-too', 'thank-you'] as const;

export type ReactionKind = (typeof REACTION_KINDS)[number];

export interface ThreadHeader {
	id: string;
	author: string;
	at: HlcTimestamp;
	title: string;
	body: string;
	contentWarning: string | null;
	tags: string[];
	/** When the author last edited it; null if never. */
	editedAt: HlcTimestamp | null;
}

export interface Reply {
	id: string;
	/** The id of the thread it answers. */
	thread: string;
	author: string;
	at: HlcTimestamp;
	body: string;
	contentWarning: string | null;
	editedAt: HlcTimestamp | null;
}

export interface Reaction {
	/** Always `reactionId(target, kind, author)`. */
	id: string;
	/** A thread or reply id. */
	target: string;
	kind: ReactionKind;
	author: string;
	at: HlcTimestamp;
}

/** A moderator's reversible hide; its id is the id of the thread or reply it covers. */
export interface ModerationMark {
	id: string;
	hidden: boolean;
	/** The moderator's pseudonym id. */
	by: string;
	at: HlcTimestamp;
	reason: string | null;
}

/**
 * A person's name in this community, under their pseudonym. Each person writes only their own
 * entry (`author` is always `id`), so no one can rename anyone else.
 */
export interface Member {
	/** The pseudonym id, which is also the map key. */
	id: string;
	author: string;
	/** A display name (see `identity/display-name.ts`): 1 to 32 code points, normalised. */
	name: string;
	at: HlcTimestamp;
}

export type CommunityRecord = ThreadHeader | Reply | Reaction | ModerationMark | Member;

export function reactionId(target: string, kind: ReactionKind, author: string): string {
	return `${target}:${kind}:${author}`;
}
