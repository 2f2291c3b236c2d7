/**
 * The schema of a community's shared document.
 *
 * The document has exactly five root types, each a Y.Map keyed by record id:
 *
 *   threads    id → ThreadHeader      written and edited by its author
 *   replies    id → Reply             written and edited by its author
 *   reactions  `${target}:${kind}:${author}` → Reaction    one per person, kind and post
 *   marks      target id → ModerationMark                 written by moderators only
 *   members    pseudonym id → Member                      each person's own name here
 *
 * Values are plain JSON records (see `records.ts`), never nested shared types, so the server can
 * validate each change exactly with `parse-community-record.ts`. A record's map key always equals
 * its `id`. Anything outside these five maps is outside the schema, and the server refuses it.
 *
 * Concurrent writes to one key keep one value, chosen by Yjs client id, not by time. That is
 * acceptable here: only the author edits a post (their own devices racing), and a reaction key
 * holds the same meaning whichever copy wins.
 *
 * A community is split into several documents (rooms `community:<id>:<yyyy>-<mm>`, one per UTC
 * month of thread creation; see `community-months.ts`), so none grows without bound. A thread
 * and everything that refers to it (replies, reactions, marks) live in the thread's document;
 * each document carries the `members` entries of the people who wrote in it, so it can be read
 * alone.
 */

import type { Member, ModerationMark, Reaction, Reply, ThreadHeader } from './records';

export const THREADS_MAP = 'threads';
export const REPLIES_MAP = 'replies';
export const REACTIONS_MAP = 'reactions';
export const MARKS_MAP = 'marks';
export const MEMBERS_MAP = 'members';

export const COMMUNITY_ROOT_TYPES = [
	THREADS_MAP,
	REPLIES_MAP,
	REACTIONS_MAP,
	MARKS_MAP,
	MEMBERS_MAP
] as const;

export type CommunityRootType = (typeof COMMUNITY_ROOT_TYPES)[number];

/** The document read into plain maps, each keyed by record id. */
export interface CommunityState {
	threads: Map<string, ThreadHeader>;
	replies: Map<string, Reply>;
	reactions: Map<string, Reaction>;
	marks: Map<string, ModerationMark>;
	members: Map<string, Member>;
}

export function emptyCommunityState(): CommunityState {
	return {
		threads: new Map(),
		replies: new Map(),
		reactions: new Map(),
		marks: new Map(),
		members: new Map()
	};
}

export function isCommunityRootType(name: string): name is CommunityRootType {
	return COMMUNITY_ROOT_TYPES.some((root) => root === name);
}
