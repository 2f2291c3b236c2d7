/**
 * Who may make which change to a community document: one pure decision, run by the server on
 * every incoming update and by the client codec before it writes, so the two never disagree (an
 * update the server refuses costs the client its connection).
 *
 * A change is one map entry going from `before` (what the room holds now; undefined when the key
 * is empty) to `after` (undefined when the update deletes it). Values are raw: anything a peer
 * could have put there. `written` lists every value the update writes under the key on the way,
 * the last one included, so a value written and overwritten in one update is checked too (it
 * would still be stored).
 *
 * The rules:
 * - Every written value parses with its strict schema, is stored under its own id, carries the
 *   actor as `author` (a member entry: as `id` and `author`; a mark: as `by`, moderators only),
 *   and has no timestamp more than MAX_AHEAD_MS ahead of `now`.
 * - An edit replaces only the actor's own record and keeps what identifies it: `id`, `author`,
 *   `at`, and a reply's `thread` (a reaction's `target` and `kind` are in its key already).
 * - A delete is allowed to the record's author and to a moderator, and to a thread's author for
 *   the replies of that thread, and the reactions to it and to those replies, when the same
 *   change set deletes the thread; likewise to a reply's author for the reactions to it (the
 *   cascades in `community.codec.ts`: nothing is left pointing at what is gone).
 * - A reaction's key names its author, so only that author may add or remove it; a member entry's
 *   key is the person's own pseudonym id.
 */

import { HLC_MAX_DRIFT_MS, hlcWallTime, isHlc } from '../journal/hlc';
import {
	isCommunityRootType,
	MARKS_MAP,
	MEMBERS_MAP,
	REACTIONS_MAP,
	REPLIES_MAP,
	THREADS_MAP,
	type CommunityRootType
} from './community-document';
import {
	InvalidRecordError,
	parseMark,
	parseMember,
	parseReaction,
	parseReply,
	parseThread,
	type RecordPath
} from './parse-community-record';

/**
 * How far ahead of the server's clock a timestamp may be. The same bound the hybrid logical
 * clock puts on remote timestamps (HLC_MAX_DRIFT_MS), so anything the server accepts every
 * client accepts too. A day is wide enough for an honest phone with a wrong time zone or date
 * setting (off by up to 14 hours) and narrow enough that no one can pin a post to the top of a
 * list for years, or drag everyone's clocks into the future.
 */
export const MAX_AHEAD_MS = HLC_MAX_DRIFT_MS;

export interface RecordChange {
	map: string;
	key: string;
	before: unknown;
	after: unknown;
	/** Values written under the key by this change set, in order; defaults to `[after]`. */
	written?: readonly unknown[];
}

export interface ChangeActor {
	/** The pseudonym id records written in this room must carry. */
	author: string;
	moderator: boolean;
}

export type ChangeRefusalCode =
	| 'outside-schema'
	| 'invalid-record'
	| 'not-author'
	| 'not-yours'
	| 'moderators-only'
	| 'changed-identity'
	| 'clock-ahead';

export interface ChangeRefusal {
	code: ChangeRefusalCode;
	map: string;
	key: string;
	/** Where in the record, for `invalid-record` and `changed-identity`; else empty. */
	path: RecordPath;
	detail: string;
}

/** Thrown by `assertChangesAllowed`, where a writer would rather fail than branch. */
export class ChangeRefusedError extends Error {
	readonly code: ChangeRefusalCode;

	constructor(readonly refusal: ChangeRefusal) {
		super(`Refused change to ${refusal.map} ${refusal.key}: ${refusal.code}: ${refusal.detail}`);
		this.name = 'ChangeRefusedError';
		this.code = refusal.code;
	}
}

const PARSERS: Record<CommunityRootType, (raw: unknown) => { id: string }> = {
	threads: parseThread,
	replies: parseReply,
	reactions: parseReaction,
	marks: parseMark,
	members: parseMember
};

/** The fields an edit may not change, per map; members and marks are rewritten whole. */
const IDENTITY_FIELDS: Record<CommunityRootType, readonly string[]> = {
	threads: ['id', 'author', 'at'],
	replies: ['id', 'author', 'at', 'thread'],
	reactions: ['id', 'author', 'at', 'target', 'kind'],
	marks: [],
	members: []
};

/** The first refusal among `changes`, or null when the actor may make all of them. */
export function checkChanges(
	changes: readonly RecordChange[],
	actor: ChangeActor,
	now: number
): ChangeRefusal | null {
	const cascade = cascadeOf(changes, actor);
	for (const change of changes) {
		const refusal = checkChange(change, actor, now, cascade);
		if (refusal !== null) return refusal;
	}
	return null;
}

export function assertChangesAllowed(
	changes: readonly RecordChange[],
	actor: ChangeActor,
	now: number
): void {
	const refusal = checkChanges(changes, actor, now);
	if (refusal !== null) throw new ChangeRefusedError(refusal);
}

function checkChange(
	change: RecordChange,
	actor: ChangeActor,
	now: number,
	cascade: ReadonlySet<string>
): ChangeRefusal | null {
	const { map, key, before, after } = change;
	const refuse = (code: ChangeRefusalCode, detail: string, path: RecordPath = []) => ({
		code,
		map,
		key,
		path,
		detail
	});
	if (!isCommunityRootType(map)) return refuse('outside-schema', 'not a map of the document');
	for (const value of change.written ?? (after === undefined ? [] : [after])) {
		const refusal = checkWritten(map, key, value, actor, now);
		if (refusal !== null) return refuse(refusal.code, refusal.detail, refusal.path);
	}
	if (before === undefined || isSame(before, after)) return null;
	if (after === undefined) {
		if (actor.moderator) return null;
		if (map === MARKS_MAP) return refuse('moderators-only', 'only moderators remove marks');
		if (ownerOf(map, key, before) === actor.author || cascade.has(`${map}:${key}`)) return null;
		return refuse('not-yours', 'only its author or a moderator may delete it');
	}
	if (map === MARKS_MAP) return null;
	if (ownerOf(map, key, before) !== actor.author) {
		return refuse('not-yours', 'only its author may edit it');
	}
	if (!isValid(map, before)) return null; // a damaged record of one's own is theirs to replace
	for (const field of IDENTITY_FIELDS[map]) {
		if (!isSame(fieldOf(before, field), fieldOf(after, field))) {
			return refuse('changed-identity', 'an edit keeps what identifies the record', [field]);
		}
	}
	return null;
}

/** A value written under `key`: a valid record, the actor's own, not from the future. */
function checkWritten(
	map: CommunityRootType,
	key: string,
	value: unknown,
	actor: ChangeActor,
	now: number
): Pick<ChangeRefusal, 'code' | 'detail' | 'path'> | null {
	let record: { id: string };
	try {
		record = PARSERS[map](value);
	} catch (e: unknown) {
		if (!(e instanceof InvalidRecordError)) throw e;
		return { code: 'invalid-record', detail: e.message, path: e.path };
	}
	if (record.id !== key) {
		return { code: 'invalid-record', detail: 'stored under another key', path: ['id'] };
	}
	if (map === MARKS_MAP) {
		if (!actor.moderator) {
			return { code: 'moderators-only', detail: 'only moderators write marks', path: [] };
		}
		if (fieldOf(value, 'by') !== actor.author) {
			return { code: 'not-author', detail: 'a mark names its moderator', path: ['by'] };
		}
	} else if (fieldOf(value, 'author') !== actor.author) {
		return { code: 'not-author', detail: 'a record names its writer', path: ['author'] };
	}
	for (const field of ['at', 'editedAt']) {
		const time = fieldOf(value, field);
		if (typeof time === 'string' && isHlc(time) && hlcWallTime(time) > now + MAX_AHEAD_MS) {
			return { code: 'clock-ahead', detail: 'a timestamp far ahead of now', path: [field] };
		}
	}
	return null;
}

/**
 * Replies and reactions the cascade may remove: the replies of a thread of the actor's that this
 * change set deletes, and the reactions to that thread, to those replies, and to any reply of the
 * actor's it deletes. Keys are `${map}:${key}`.
 */
function cascadeOf(changes: readonly RecordChange[], actor: ChangeActor): Set<string> {
	const deleted = (map: string) =>
		changes.filter((c) => c.map === map && c.before !== undefined && c.after === undefined);
	const threads = new Set(
		deleted(THREADS_MAP)
			.filter((c) => fieldOf(c.before, 'author') === actor.author)
			.map((c) => c.key)
	);
	const allowed = new Set<string>();
	const targets = new Set(threads);
	for (const change of deleted(REPLIES_MAP)) {
		const thread = fieldOf(change.before, 'thread');
		if (typeof thread === 'string' && threads.has(thread)) {
			allowed.add(`${REPLIES_MAP}:${change.key}`);
			targets.add(change.key);
		} else if (fieldOf(change.before, 'author') === actor.author) {
			targets.add(change.key);
		}
	}
	for (const change of deleted(REACTIONS_MAP)) {
		const target = fieldOf(change.before, 'target');
		if (typeof target === 'string' && targets.has(target)) {
			allowed.add(`${REACTIONS_MAP}:${change.key}`);
		}
	}
	return allowed;
}

/** Whose a stored value is, read from what cannot be forged by its content alone where possible. */
function ownerOf(map: CommunityRootType, key: string, value: unknown): unknown {
	// A member entry's key is its pseudonym; a reaction's key ends with its author's.
	if (map === MEMBERS_MAP) return key;
	if (map === REACTIONS_MAP) return key.slice(key.lastIndexOf(':') + 1);
	return fieldOf(value, 'author');
}

function isValid(map: CommunityRootType, value: unknown): boolean {
	try {
		PARSERS[map](value);
		return true;
	} catch (e: unknown) {
		if (e instanceof InvalidRecordError) return false;
		throw e;
	}
}

function fieldOf(value: unknown, name: string): unknown {
	if (typeof value !== 'object' || value === null) return undefined;
	return Object.getOwnPropertyDescriptor(value, name)?.value;
}

/** Deep equality of plain JSON values. */
function isSame(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	if (keysA.length !== keysB.length) return false;
	return keysA.every((k) => keysB.includes(k) && isSame(fieldOf(a, k), fieldOf(b, k)));
}
