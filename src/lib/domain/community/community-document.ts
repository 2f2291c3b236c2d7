/**
 * The schema of a community's shared document.
 *
 * The document has exactly four root types, each a Y.Map keyed by record id:
 *
 *   threads    id → ThreadHeader      written and edited by its author
 *   replies    id → Reply             written and edited by its author
 *   reactions  `${target}:${kind}:${author}` → Reaction    one per person, kind and post
 *   marks      target id → ModerationMark                 written by moderators only
 *
 * Values are plain JSON records (see `records.ts`), never nested shared types, so the server can
 * validate each change exactly with `parse-community-record.ts`. A record's map key always equals
 * its `id`. Anything outside these four maps is outside the schema, and the server refuses it.
 *
 * Concurrent writes to one key keep one value, chosen by Yjs client id, not by time. That is
 * acceptable here: only the author edits a post (their own devices racing), and a reaction key
 * holds the same meaning whichever copy wins.
 */

import type { ModerationMark, Reaction, Reply, ThreadHeader } from './records';

export const THREADS_MAP = 'threads';
export const REPLIES_MAP = 'replies';
export const REACTIONS_MAP = 'reactions';
export const MARKS_MAP = 'marks';

export const COMMUNITY_ROOT_TYPES = [THREADS_MAP, REPLIES_MAP, REACTIONS_MAP, MARKS_MAP] as const;

export type CommunityRootType = (typeof COMMUNITY_ROOT_TYPES)[number];

/** The document read into plain maps, each keyed by record id. */
export interface CommunityState {
	threads: Map<string, ThreadHeader>;
	replies: Map<string, Reply>;
	reactions: Map<string, Reaction>;
	marks: Map<string, ModerationMark>;
}

export function emptyCommunityState(): CommunityState {
	return { threads: new Map(), replies: new Map(), reactions: new Map(), marks: new Map() };
}

export function isCommunityRootType(name: string): name is CommunityRootType {
	return COMMUNITY_ROOT_TYPES.some((root) => root === name);
}
