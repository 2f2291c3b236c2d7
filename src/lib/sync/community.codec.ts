/**
 * A community's Y.Doc ↔ domain records (schema: `domain/community/community-document.ts`).
 *
 * Reading trusts nothing: any peer can put anything in a shared map, so each value is parsed
 * with the same rules the server applies, and a value that fails is reported in `problems` and
 * left out rather than thrown, so one bad record cannot take a community off the screen.
 *
 * Writing applies the server's rules before touching the document: the same change policy the
 * server runs on every update (`domain/community/change-policy.ts`), on exactly the entries the
 * operation is about to write or delete, because an update the server refuses closes the
 * connection (DESIGN.md). All checks run first; then each operation makes its changes in one
 * transaction, so peers see it whole or not at all.
 *
 * Deleting a thread deletes its replies and their reactions too, though others wrote them: a
 * reply without its thread has nowhere to be shown. The server must allow that cascade to the
 * thread's author. Moderation marks are left alone, since only moderators may write them.
 *
 * Delivery: the protocol has no acknowledgement, but the server's state vector says which items
 * it holds. Every map entry is a Yjs item `{ client, clock }`; it is delivered once a state
 * vector the server is known to hold has `vector.get(client) > clock`. Rewriting a record (an
 * edit) makes a new item, so an edit is undelivered again until the server has it.
 */

import * as Y from 'yjs';
import { assertAuthor } from '../domain/community/authorship';
import { assertChangesAllowed, type ChangeActor } from '../domain/community/change-policy';
import {
	emptyCommunityState,
	MARKS_MAP,
	MEMBERS_MAP,
	REACTIONS_MAP,
	REPLIES_MAP,
	THREADS_MAP,
	type CommunityRootType,
	type CommunityState
} from '../domain/community/community-document';
import {
	InvalidRecordError,
	parseMark,
	parseMember,
	parseReaction,
	parseReply,
	parseThread
} from '../domain/community/parse-community-record';
import {
	reactionId,
	type Member,
	type Reaction,
	type ReactionKind,
	type Reply,
	type ThreadHeader
} from '../domain/community/records';
import type { HlcTimestamp } from '../domain/journal/entry';

export interface CommunityProblem {
	map: CommunityRootType;
	key: string;
	reason: string;
}

export interface ThreadEdit {
	id: string;
	/** Who is editing; only the thread's author may. */
	author: string;
	at: HlcTimestamp;
	title?: string;
	body?: string;
	contentWarning?: string | null;
	tags?: string[];
}

export interface ReplyEdit {
	id: string;
	author: string;
	at: HlcTimestamp;
	body?: string;
	contentWarning?: string | null;
}

export interface ReactionInput {
	target: string;
	kind: ReactionKind;
	author: string;
	at: HlcTimestamp;
}

/** A new record would overwrite one already in the document. */
export class DuplicateRecordError extends Error {
	readonly code = 'duplicate-record';

	constructor(
		readonly map: CommunityRootType,
		readonly id: string
	) {
		super(`The ${map} map already holds ${id}`);
		this.name = 'DuplicateRecordError';
	}
}

/** The record to change, or the one a new record points at, is not in the document. */
export class MissingRecordError extends Error {
	readonly code = 'missing-record';

	constructor(
		readonly map: CommunityRootType,
		readonly id: string
	) {
		super(`The ${map} map holds no ${id}`);
		this.name = 'MissingRecordError';
	}
}

export function readCommunity(doc: Y.Doc): {
	state: CommunityState;
	problems: CommunityProblem[];
} {
	const state = emptyCommunityState();
	const problems: CommunityProblem[] = [];
	const read = <T extends { id: string }>(
		map: CommunityRootType,
		parse: (raw: unknown) => T,
		into: Map<string, T>
	) => {
		doc.getMap<unknown>(map).forEach((value, key) => {
			const reason = problemWith(value, key, parse, (record) => into.set(key, record));
			if (reason !== null) problems.push({ map, key, reason });
		});
	};
	read(THREADS_MAP, parseThread, state.threads);
	read(REPLIES_MAP, parseReply, state.replies);
	read(REACTIONS_MAP, parseReaction, state.reactions);
	read(MARKS_MAP, parseMark, state.marks);
	read(MEMBERS_MAP, parseMember, state.members);
	return { state, problems };
}

/**
 * `state` with only the entries under `changed` read again from the document (a missing key is
 * dropped), as `readCommunity` would read them; the maps with no change are the same objects.
 * A big community's update touches a few keys of 60,000: reading those alone keeps it quick.
 */
export function readCommunityEntries(
	doc: Y.Doc,
	state: CommunityState,
	changed: ReadonlyMap<CommunityRootType, ReadonlySet<string>>
): CommunityState {
	const next: CommunityState = { ...state };
	for (const [map, keys] of changed) {
		const shared = doc.getMap<unknown>(map);
		if (map === THREADS_MAP) next.threads = rereadMap(shared, state.threads, keys, parseThread);
		else if (map === REPLIES_MAP) next.replies = rereadMap(shared, state.replies, keys, parseReply);
		else if (map === REACTIONS_MAP) {
			next.reactions = rereadMap(shared, state.reactions, keys, parseReaction);
		} else if (map === MARKS_MAP) next.marks = rereadMap(shared, state.marks, keys, parseMark);
		else next.members = rereadMap(shared, state.members, keys, parseMember);
	}
	return next;
}

function rereadMap<T extends { id: string }>(
	shared: Y.Map<unknown>,
	from: ReadonlyMap<string, T>,
	keys: ReadonlySet<string>,
	parse: (raw: unknown) => T
): Map<string, T> {
	const into = new Map(from);
	for (const key of keys) {
		into.delete(key);
		const value = shared.get(key);
		if (value !== undefined) problemWith(value, key, parse, (record) => into.set(key, record));
	}
	return into;
}

/**
 * Writes this person's name entry. Writing the same name again is no change, so calling this
 * before every write into a document costs nothing once the entry is there.
 */
export function setMember(doc: Y.Doc, member: Member): Member {
	const record = parseMember(member);
	const members = doc.getMap<unknown>(MEMBERS_MAP);
	const current = members.get(record.id);
	if (current !== undefined && !(current instanceof Y.AbstractType)) {
		try {
			if (parseMember(current).name === record.name) return parseMember(current);
		} catch (e: unknown) {
			// A damaged entry under our own key is ours to replace.
			if (!(e instanceof InvalidRecordError)) throw e;
		}
	}
	allowChanges(doc, record.author, [{ map: MEMBERS_MAP, key: record.id, after: record }]);
	doc.transact(() => members.set(record.id, record));
	return record;
}

/** The Yjs item id `{ client, clock }` of a map entry, or null when the key holds nothing. */
export function entryItemId(
	doc: Y.Doc,
	map: CommunityRootType,
	key: string
): { client: number; clock: number } | null {
	// Y.Map keeps its entries' items in `_map`; the item under a key is its current value.
	const item = doc.getMap<unknown>(map)._map.get(key);
	if (item === undefined || item.deleted) return null;
	return { client: item.id.client, clock: item.id.clock };
}

/** Whether the server, holding `vector`, holds the entry now under `key` (or it is gone). */
export function isEntryDelivered(
	doc: Y.Doc,
	map: CommunityRootType,
	key: string,
	vector: ReadonlyMap<number, number>
): boolean {
	const id = entryItemId(doc, map, key);
	return id === null || (vector.get(id.client) ?? 0) > id.clock;
}

/** Keys of entries in `map` that `vector` does not cover and that `mine` says are ours. */
export function undeliveredEntries(
	doc: Y.Doc,
	vector: ReadonlyMap<number, number>,
	mine: (map: CommunityRootType, key: string, value: unknown) => boolean
): { map: CommunityRootType; key: string }[] {
	const found: { map: CommunityRootType; key: string }[] = [];
	for (const map of [THREADS_MAP, REPLIES_MAP, REACTIONS_MAP, MEMBERS_MAP] as const) {
		doc.getMap<unknown>(map).forEach((value, key) => {
			if (mine(map, key, value) && !isEntryDelivered(doc, map, key, vector)) {
				found.push({ map, key });
			}
		});
	}
	return found;
}

export function writeThread(doc: Y.Doc, thread: ThreadHeader): void {
	const record = parseThread(thread);
	const threads = doc.getMap<unknown>(THREADS_MAP);
	if (threads.has(record.id)) throw new DuplicateRecordError(THREADS_MAP, record.id);
	allowChanges(doc, record.author, [{ map: THREADS_MAP, key: record.id, after: record }]);
	doc.transact(() => threads.set(record.id, record));
}

export function writeReply(doc: Y.Doc, reply: Reply): void {
	const record = parseReply(reply);
	const replies = doc.getMap<unknown>(REPLIES_MAP);
	if (replies.has(record.id)) throw new DuplicateRecordError(REPLIES_MAP, record.id);
	if (!doc.getMap<unknown>(THREADS_MAP).has(record.thread)) {
		throw new MissingRecordError(THREADS_MAP, record.thread);
	}
	allowChanges(doc, record.author, [{ map: REPLIES_MAP, key: record.id, after: record }]);
	doc.transact(() => replies.set(record.id, record));
}

export function editThread(doc: Y.Doc, edit: ThreadEdit): ThreadHeader {
	const threads = doc.getMap<unknown>(THREADS_MAP);
	const current = existing(threads, THREADS_MAP, edit.id, parseThread);
	assertAuthor(current, edit.author);
	const record = parseThread({
		...current,
		title: edit.title ?? current.title,
		body: edit.body ?? current.body,
		contentWarning:
			edit.contentWarning === undefined ? current.contentWarning : edit.contentWarning,
		tags: edit.tags ?? current.tags,
		editedAt: edit.at
	} satisfies ThreadHeader);
	allowChanges(doc, edit.author, [{ map: THREADS_MAP, key: record.id, after: record }]);
	doc.transact(() => threads.set(record.id, record));
	return record;
}

export function editReply(doc: Y.Doc, edit: ReplyEdit): Reply {
	const replies = doc.getMap<unknown>(REPLIES_MAP);
	const current = existing(replies, REPLIES_MAP, edit.id, parseReply);
	assertAuthor(current, edit.author);
	const record = parseReply({
		...current,
		body: edit.body ?? current.body,
		contentWarning:
			edit.contentWarning === undefined ? current.contentWarning : edit.contentWarning,
		editedAt: edit.at
	} satisfies Reply);
	allowChanges(doc, edit.author, [{ map: REPLIES_MAP, key: record.id, after: record }]);
	doc.transact(() => replies.set(record.id, record));
	return record;
}

/** Deletes a thread with its replies and every reaction to any of them. */
export function deleteThread(doc: Y.Doc, id: string, author: string): void {
	const threads = doc.getMap<unknown>(THREADS_MAP);
	assertAuthor(existing(threads, THREADS_MAP, id, parseThread), author);
	const replies = doc.getMap<unknown>(REPLIES_MAP);
	// Damaged replies go too, if they name this thread: nothing else would ever remove them.
	const replyIds = [...replies.entries()]
		.filter(([, value]) => fieldOf(value, 'thread') === id)
		.map(([key]) => key);
	const targets = new Set([id, ...replyIds]);
	allowChanges(doc, author, [
		{ map: THREADS_MAP, key: id, after: undefined },
		...replyIds.map((key) => ({ map: REPLIES_MAP, key, after: undefined })),
		...reactionKeysTo(doc, targets).map((key) => ({ map: REACTIONS_MAP, key, after: undefined }))
	]);
	doc.transact(() => {
		threads.delete(id);
		for (const replyId of replyIds) replies.delete(replyId);
		deleteReactionsTo(doc, targets);
	});
}

/** Deletes a reply and every reaction to it. */
export function deleteReply(doc: Y.Doc, id: string, author: string): void {
	const replies = doc.getMap<unknown>(REPLIES_MAP);
	assertAuthor(existing(replies, REPLIES_MAP, id, parseReply), author);
	allowChanges(doc, author, [
		{ map: REPLIES_MAP, key: id, after: undefined },
		...reactionKeysTo(doc, new Set([id])).map((key) => ({
			map: REACTIONS_MAP,
			key,
			after: undefined
		}))
	]);
	doc.transact(() => {
		replies.delete(id);
		deleteReactionsTo(doc, new Set([id]));
	});
}

/**
 * Adds a reaction, keyed so that one person holds one of each kind per post. Reacting again is
 * no change; the reaction already there is returned.
 */
export function react(doc: Y.Doc, { target, kind, author, at }: ReactionInput): Reaction {
	const record = parseReaction({ id: reactionId(target, kind, author), target, kind, author, at });
	const hasTarget =
		doc.getMap<unknown>(THREADS_MAP).has(target) || doc.getMap<unknown>(REPLIES_MAP).has(target);
	if (!hasTarget) throw new MissingRecordError(THREADS_MAP, target);
	const reactions = doc.getMap<unknown>(REACTIONS_MAP);
	const current = reactions.get(record.id);
	if (current !== undefined) {
		try {
			return parseReaction(current);
		} catch (e: unknown) {
			// A damaged record under our own key is ours to replace.
			if (!(e instanceof InvalidRecordError)) throw e;
		}
	}
	allowChanges(doc, author, [{ map: REACTIONS_MAP, key: record.id, after: record }]);
	doc.transact(() => reactions.set(record.id, record));
	return record;
}

/** Takes back a reaction; returns whether there was one to take back. */
export function unreact(doc: Y.Doc, { target, kind, author }: Omit<ReactionInput, 'at'>): boolean {
	const reactions = doc.getMap<unknown>(REACTIONS_MAP);
	const id = reactionId(target, kind, author);
	if (!reactions.has(id)) return false;
	// The key names the author, so a person can only ever reach their own reaction.
	allowChanges(doc, author, [{ map: REACTIONS_MAP, key: id, after: undefined }]);
	doc.transact(() => reactions.delete(id));
	return true;
}

function deleteReactionsTo(doc: Y.Doc, targets: ReadonlySet<string>): void {
	const reactions = doc.getMap<unknown>(REACTIONS_MAP);
	for (const key of reactionKeysTo(doc, targets)) reactions.delete(key);
}

function reactionKeysTo(doc: Y.Doc, targets: ReadonlySet<string>): string[] {
	return [...doc.getMap<unknown>(REACTIONS_MAP).entries()]
		.filter(([, value]) => {
			const target = fieldOf(value, 'target');
			return typeof target === 'string' && targets.has(target);
		})
		.map(([key]) => key);
}

/**
 * Throws ChangeRefusedError unless `actor` may make these changes (`before` is read from the
 * document), so the client never sends an update the server would refuse. Records here are
 * written as a member (an author id alone); moderation.codec.ts passes a moderator.
 */
export function allowChanges(
	doc: Y.Doc,
	actor: string | ChangeActor,
	changes: readonly { map: string; key: string; after: unknown }[]
): void {
	assertChangesAllowed(
		changes.map((change) => ({
			...change,
			before: doc.getMap<unknown>(change.map).get(change.key)
		})),
		typeof actor === 'string' ? { author: actor, moderator: false } : actor,
		Date.now()
	);
}

function existing<T>(
	map: Y.Map<unknown>,
	name: CommunityRootType,
	id: string,
	parse: (raw: unknown) => T
): T {
	const value = map.get(id);
	if (value === undefined) throw new MissingRecordError(name, id);
	return parse(value);
}

function problemWith<T extends { id: string }>(
	value: unknown,
	key: string,
	parse: (raw: unknown) => T,
	keep: (record: T) => void
): string | null {
	if (value instanceof Y.AbstractType) return 'a shared type where a plain record belongs';
	let record: T;
	try {
		record = parse(value);
	} catch (e: unknown) {
		if (e instanceof InvalidRecordError) return e.message;
		throw e;
	}
	if (record.id !== key) return `stored under ${key} but its id is ${record.id}`;
	keep(record);
	return null;
}

/** A field of a value that may not be a valid record, or undefined. */
export function fieldOf(value: unknown, name: 'thread' | 'target' | 'author'): unknown {
	if (typeof value !== 'object' || value === null) return undefined;
	const descriptor = Object.getOwnPropertyDescriptor(value, name);
	return descriptor?.value;
}
