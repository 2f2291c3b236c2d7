/**
 * The thread index: each joined community's threads as its list shows them, kept in an indexed
 * table beside the community's documents, so the community page's first screen reads a few rows
 * instead of loading Yjs and a document that may weigh tens of megabytes (DESIGN: "keep what
 * pages list and search in indexed Dexie tables kept in step with the documents").
 *
 * The documents stay the truth. The index is a copy the room rewrites from them (only the rows
 * that changed) a moment after each change; a missing, stale or damaged row costs a moment of an
 * older list, never a post. Hidden threads are never indexed: who may see one is decided when the
 * document is read, so the first screen shows none of them.
 *
 * Implementations: `DexieThreadIndexRepository` (the browser) and `MemoryThreadIndexRepository`
 * (tests); both pass `thread-index-repository.contract.ts`.
 */
import type { HlcTimestamp } from '../domain/journal/entry';
import { isHlc } from '../domain/journal/hlc';

/** A thread as the list shows it: what its card needs, and when it last saw activity. */
export interface IndexedThread {
	id: string;
	title: string;
	/** The first words of the body. */
	excerpt: string;
	/** The author's pseudonym id, and their name here when the row was written. */
	author: string;
	authorName: string;
	/** Epoch ms. */
	writtenAt: number;
	/** Hybrid logical clock time of the latest visible activity: the list's order, and unread. */
	lastActivity: HlcTimestamp;
	replyCount: number;
	contentWarning: string | null;
	tags: string[];
	/** Whether the server was known to hold it (meaningful for the person's own threads). */
	delivered: boolean;
	/**
	 * Whether the person wrote it, so a first screen read before their keys are loaded still says
	 * "you". Rows written before this was kept read as not theirs until the room rewrites them.
	 */
	mine: boolean;
}

export interface ThreadIndexChanges {
	put: readonly IndexedThread[];
	/** Ids of threads no longer in the list (deleted, hidden, or in a month no longer kept). */
	remove: readonly string[];
}

export interface ThreadIndexRepository {
	/** The `limit` threads with the latest activity, latest first. Unreadable rows are skipped. */
	latest(community: string, limit: number): Promise<IndexedThread[]>;
	/** Every readable row of the community, in no particular order: to tell what changed. */
	all(community: string): Promise<IndexedThread[]>;
	/** Puts and removes in one transaction. Throws `StorageFullError` when the device refuses. */
	update(community: string, changes: ThreadIndexChanges): Promise<void>;
	/** Removes every row of the community (leaving it). */
	removeCommunity(community: string): Promise<void>;
}

/** A stored thread, checked on the way out: null when anything about it is off. */
export function readIndexedThread(value: unknown): IndexedThread | null {
	if (typeof value !== 'object' || value === null) return null;
	const row = value as Record<string, unknown>;
	const { id, title, excerpt, author, authorName, lastActivity, writtenAt, replyCount } = row;
	const { contentWarning, tags, delivered, mine } = row;
	if (
		typeof id !== 'string' ||
		typeof title !== 'string' ||
		typeof excerpt !== 'string' ||
		typeof author !== 'string' ||
		typeof authorName !== 'string' ||
		typeof lastActivity !== 'string' ||
		!isHlc(lastActivity) ||
		!isCount(writtenAt) ||
		!isCount(replyCount) ||
		(contentWarning !== null && typeof contentWarning !== 'string') ||
		!isTextList(tags) ||
		typeof delivered !== 'boolean' ||
		(mine !== undefined && typeof mine !== 'boolean')
	) {
		return null;
	}
	return {
		id,
		title,
		excerpt,
		author,
		authorName,
		writtenAt,
		lastActivity,
		replyCount,
		contentWarning,
		tags: [...tags],
		delivered,
		mine: mine === true
	};
}

function isTextList(value: unknown): value is string[] {
	return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isCount(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Latest activity first; ties by id, as the live list orders them. */
export function byLatestActivity(a: IndexedThread, b: IndexedThread): number {
	if (a.lastActivity !== b.lastActivity) return a.lastActivity < b.lastActivity ? 1 : -1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
