/**
 * The document side of a room's recovery (state/room-recovery.ts): which of a person's own
 * records the server is not known to hold, and writing one of them again into a fresh copy of the
 * document, rebuilt from the server's.
 *
 * A record is replayed as it was written (same id, same times), so it keeps its place in the
 * conversation, and only if the change policy the server runs allows it against the server's copy
 * (`domain/community/change-policy.ts`), and only if what it answers is still there. Each record
 * goes in its own transaction, so each travels as its own update: the server handles them in
 * order and stores each before the next, so a refusal leaves the records before it stored.
 */
import * as Y from 'yjs';
import { checkChanges } from '../domain/community/change-policy';
import {
	MARKS_MAP,
	MEMBERS_MAP,
	REACTIONS_MAP,
	REPLIES_MAP,
	THREADS_MAP
} from '../domain/community/community-document';
import type { SeenDeletion } from '../storage/community.repository';
import { entryItemId, fieldOf, isEntryDelivered } from './community.codec';

export type OwnMap =
	| typeof THREADS_MAP
	| typeof REPLIES_MAP
	| typeof REACTIONS_MAP
	| typeof MARKS_MAP
	| typeof MEMBERS_MAP;

export interface OwnRecord {
	map: OwnMap;
	key: string;
	value: unknown;
}

export type ReplayOutcome =
	/** Written into the document; it goes out with the next update. */
	| { kind: 'written' }
	/** The document holds this very record already (sent before, or arrived from the server). */
	| { kind: 'present' }
	/** What it answers (a thread, a post) is no longer there. */
	| { kind: 'missing' }
	/** The change policy refuses it now; `rule` as the server would name it. */
	| { kind: 'refused'; rule: string };

const OWN_MAPS: readonly OwnMap[] = [
	THREADS_MAP,
	REPLIES_MAP,
	REACTIONS_MAP,
	MARKS_MAP,
	MEMBERS_MAP
];

/** Replays go threads first, so replies to a thread written offline find it. */
const REPLAY_ORDER: Record<OwnMap, number> = {
	members: 0,
	threads: 1,
	replies: 2,
	reactions: 3,
	marks: 4
};

/**
 * The person's own entries that `confirmed` does not cover: threads, replies, reactions and
 * their name entry by `author`, moderation marks by `by`. Oldest first (by their `at`).
 */
export function unsentOwnRecords(
	doc: Y.Doc,
	confirmed: ReadonlyMap<number, number>,
	me: string
): OwnRecord[] {
	const found: (OwnRecord & { at: string })[] = [];
	for (const map of OWN_MAPS) {
		doc.getMap<unknown>(map).forEach((value, key) => {
			const owner = map === MARKS_MAP ? field(value, 'by') : fieldOf(value, 'author');
			if (owner !== me || value instanceof Y.AbstractType) return;
			if (isEntryDelivered(doc, map, key, confirmed)) return;
			const at = field(value, 'at');
			found.push({ map, key, value: structuredClone(value), at: typeof at === 'string' ? at : '' });
		});
	}
	return found
		.sort((a, b) => REPLAY_ORDER[a.map] - REPLAY_ORDER[b.map] || (a.at < b.at ? -1 : 1))
		.map(({ map, key, value }) => ({ map, key, value }));
}

/**
 * Writes `record` into `doc` if the policy allows it there now. `moderator`: whether to write
 * marks as a moderator; the server still judges (a demoted moderator's mark is refused there).
 */
export function replayRecord(
	doc: Y.Doc,
	record: OwnRecord,
	actor: { author: string; moderator: boolean },
	now: number
): ReplayOutcome {
	const target = doc.getMap<unknown>(record.map);
	const before = target.get(record.key);
	if (before !== undefined && sameJson(before, record.value)) return { kind: 'present' };
	if (!answersSomethingHere(doc, record)) return { kind: 'missing' };
	const refusal = checkChanges(
		[{ map: record.map, key: record.key, before, after: record.value }],
		actor,
		now
	);
	if (refusal !== null) return { kind: 'refused', rule: refusal.code };
	doc.transact(() => target.set(record.key, record.value));
	return { kind: 'written' };
}

/** Whether the document holds this record as it is, and `confirmed` covers it. */
export function isRecordDelivered(
	doc: Y.Doc,
	record: OwnRecord,
	confirmed: ReadonlyMap<number, number>
): boolean {
	const current = doc.getMap<unknown>(record.map).get(record.key);
	if (current === undefined || !sameJson(current, record.value)) return false;
	return (
		entryItemId(doc, record.map, record.key) !== null &&
		isEntryDelivered(doc, record.map, record.key, confirmed)
	);
}

/** Whether the document holds this record as it is (delivered or not). */
export function holdsRecord(doc: Y.Doc, record: OwnRecord): boolean {
	const current = doc.getMap<unknown>(record.map).get(record.key);
	return current !== undefined && sameJson(current, record.value);
}

function answersSomethingHere(doc: Y.Doc, record: OwnRecord): boolean {
	const has = (map: string, id: unknown) =>
		typeof id === 'string' && doc.getMap<unknown>(map).has(id);
	if (record.map === REPLIES_MAP) return has(THREADS_MAP, fieldOf(record.value, 'thread'));
	if (record.map === REACTIONS_MAP || record.map === MARKS_MAP) {
		const target = record.map === MARKS_MAP ? record.key : fieldOf(record.value, 'target');
		return has(THREADS_MAP, target) || has(REPLIES_MAP, target);
	}
	return true;
}

function field(value: unknown, name: string): unknown {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? Reflect.get(value, name)
		: undefined;
}

/** Plain JSON values compared by content (object keys in any order). */
export function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) || Array.isArray(b)) {
		return (
			Array.isArray(a) &&
			Array.isArray(b) &&
			a.length === b.length &&
			a.every((item, i) => sameJson(item, b[i]))
		);
	}
	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	return (
		keysA.length === keysB.length &&
		keysA.every(
			(key) => Object.hasOwn(b, key) && sameJson(Reflect.get(a, key), Reflect.get(b, key))
		)
	);
}

/** An entry this copy of the document saw deleted: its key and the item that held it. */
export type { SeenDeletion };

/**
 * Every entry this copy holds as deleted. Deletes carry no clock, so the state vector cannot say
 * which of them the server has; after a rebuild, `deleteAgain` finds out by looking at the
 * server's copy. Yjs keeps the last item of each key, deleted or not (only its content is
 * collected), so this costs one pass over the keys.
 */
export function seenDeletions(doc: Y.Doc): SeenDeletion[] {
	const found: SeenDeletion[] = [];
	for (const map of [THREADS_MAP, REPLIES_MAP, REACTIONS_MAP, MARKS_MAP] as const) {
		for (const [key, item] of doc.getMap<unknown>(map)._map) {
			if (item.deleted) found.push({ map, key, client: item.id.client, clock: item.id.clock });
		}
	}
	return found;
}

/**
 * Deletes again, in `doc` (rebuilt from the server's copy), what an earlier copy had deleted and
 * the server still holds: the very same item, not deleted there. All in one transaction when the
 * change policy allows them together (a thread with its replies), else each one it allows alone.
 * Resolves how many entries it deleted.
 */
export function deleteAgain(
	doc: Y.Doc,
	deletions: readonly SeenDeletion[],
	actor: { author: string; moderator: boolean },
	now: number
): number {
	const changes = deletions.flatMap((deletion) => {
		const item = doc.getMap<unknown>(deletion.map)._map.get(deletion.key);
		const same =
			item !== undefined &&
			!item.deleted &&
			item.id.client === deletion.client &&
			item.id.clock === deletion.clock;
		if (!same) return [];
		const before = doc.getMap<unknown>(deletion.map).get(deletion.key);
		return [{ map: deletion.map, key: deletion.key, before, after: undefined }];
	});
	if (changes.length === 0) return 0;
	const allowed =
		checkChanges(changes, actor, now) === null
			? changes
			: changes.filter((change) => checkChanges([change], actor, now) === null);
	doc.transact(() => {
		for (const change of allowed) doc.getMap<unknown>(change.map).delete(change.key);
	});
	return allowed.length;
}
