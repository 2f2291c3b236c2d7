/**
 * What community pages read and call: the contract between the community state
 * (`communities.svelte.ts`, `community-room.svelte.ts`, `sync-status.svelte.ts`) and the pages.
 *
 * Everything here is plain data. Records a person wrote carry `delivered`: whether the server is
 * known to hold them (compared with the server's state vector; the protocol has no
 * acknowledgement), so each item can say "on this phone only" until it has reached the server.
 */
import type { CommunityInfo } from '../domain/community/community-info';
import type { ReactionKind } from '../domain/community/records';

export type { CommunityInfo };

export interface JoinedCommunity {
	info: CommunityInfo;
	joinedAt: number;
	/** This person's name in this community (a pseudonym, unlinkable to their other ones). */
	myName: string;
	/** Threads with activity this person has not seen. */
	unreadThreads: number;
}

/** Whether the list of communities on offer came fresh from the server. */
export type CatalogueStatus = 'loading' | 'fresh' | 'cached' | 'unavailable';

export interface Author {
	/** Pseudonym id. */
	id: string;
	/** Their name in this community; a neutral stand-in while it is not known yet. */
	name: string;
	isMe: boolean;
}

export interface ReactionTally {
	kind: ReactionKind;
	count: number;
	mine: boolean;
}

export interface ThreadListItem {
	id: string;
	title: string;
	/** The first words of the body. */
	excerpt: string;
	author: Author;
	/** Epoch ms, from the hybrid logical clock: when it was written. */
	writtenAt: number;
	lastActivityAt: number;
	replyCount: number;
	unread: boolean;
	contentWarning: string | null;
	tags: string[];
	/** Only meaningful for the person's own threads; true for everyone else's. */
	delivered: boolean;
}

export interface PostView {
	id: string;
	author: Author;
	body: string;
	writtenAt: number;
	editedAt: number | null;
	contentWarning: string | null;
	reactions: ReactionTally[];
	delivered: boolean;
}

export interface ThreadPageView extends PostView {
	title: string;
	tags: string[];
	/** Oldest first, ordered by hybrid logical clock. */
	replies: PostView[];
}

export interface ThreadInput {
	title: string;
	body: string;
	contentWarning: string | null;
	tags: string[];
}

export interface ReplyInput {
	body: string;
	contentWarning: string | null;
}

export interface SearchHit {
	threadId: string;
	/** The reply that matched, or null when the thread itself did. */
	replyId: string | null;
	title: string;
	/** Text around the match, and where the match is in it, for highlighting. */
	excerpt: string;
	matches: { start: number; end: number }[];
}

/** A reply or reaction to something this person wrote (the in-app list; there is no push). */
export interface ActivityItem {
	id: string;
	communityId: string;
	communityName: string;
	threadId: string;
	threadTitle: string;
	kind: 'reply' | 'reaction';
	reaction: ReactionKind | null;
	by: string;
	at: number;
	unread: boolean;
}

/**
 * The one sync indicator. `waiting` counts changes written on this device that the server is not
 * yet known to hold; `problem` says why syncing stopped when it did.
 */
export type SyncSummary =
	| { kind: 'offline'; waiting: number }
	| { kind: 'syncing'; waiting: number }
	| { kind: 'up-to-date' }
	| { kind: 'waiting'; waiting: number }
	/** The server asked this person to slow down (a write limit): the rest goes on its own. */
	| { kind: 'slowed'; waiting: number }
	| { kind: 'stopped'; waiting: number; problem: SyncStopReason };

export type SyncStopReason = 'signed-out' | 'refused' | 'server-error' | 'storage-full';
