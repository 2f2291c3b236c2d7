/**
 * Validation of community records, shared by the client codec and the server.
 *
 * The network is not trusted: a record arriving in a shared document may come from an old or
 * a modified client. Each parser is strict (a key it does not know is refused, so no one can
 * smuggle data past the size limits) and checks every size and cross-field rule the rest of the
 * code relies on. `parse*` functions throw `InvalidRecordError` naming where the first problem is,
 * checking fields in the order the types list them, then unknown keys.
 *
 * Checked by hand rather than with a schema library: the community pages read records, and the
 * library would otherwise be part of the code every installed app downloads.
 */

import { compareHlc, isHlc } from '../journal/hlc';
import { isId } from '../ids';
import { DisplayNameError, normalizeDisplayName } from '../identity/display-name';
import {
	REACTION_KINDS,
	reactionId,
	type ReactionKind,
	type Member,
	type ModerationMark,
	type Reaction,
	type Reply,
	type ThreadHeader
} from './records';

export const MAX_TITLE_LENGTH = 120;
export const MAX_BODY_LENGTH = 10_000;
export const MAX_CONTENT_WARNING_LENGTH = 80;
export const MAX_TAGS = 5;
export const MAX_TAG_LENGTH = 24;
export const MAX_REASON_LENGTH = 500;

export type RecordPath = readonly (string | number)[];

export type InvalidRecordCode =
	| 'not-an-object'
	| 'missing-key'
	| 'unknown-key'
	| 'wrong-type'
	| 'bad-size'
	| 'bad-format'
	| 'inconsistent';

export class InvalidRecordError extends Error {
	constructor(
		readonly code: InvalidRecordCode,
		/** Where in the record the problem is; empty for the record as a whole. */
		readonly path: RecordPath,
		detail: string
	) {
		super(`Invalid community record at ${formatPath(path)}: ${detail}`);
		this.name = 'InvalidRecordError';
	}
}

type Check<T> = (path: RecordPath, value: unknown) => T;

function wrongType(path: RecordPath, expected: string, value: unknown): InvalidRecordError {
	const received = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
	return new InvalidRecordError('wrong-type', path, `expected ${expected}, got ${received}`);
}

const string: Check<string> = (path, value) => {
	if (typeof value !== 'string') throw wrongType(path, 'a string', value);
	return value;
};

/** A string of `min` to `max` characters; `notBlank` refuses one of spaces only. */
function text(min: number, max: number, notBlank: boolean): Check<string> {
	return (path, value) => {
		const checked = string(path, value);
		if (checked.length < min) throw new InvalidRecordError('bad-size', path, 'empty');
		if (checked.length > max) {
			throw new InvalidRecordError('bad-size', path, `longer than ${max} characters`);
		}
		if (notBlank && checked.trim() === '') throw new InvalidRecordError('bad-size', path, 'blank');
		return checked;
	};
}

function format(test: (value: string) => boolean, detail: string): Check<string> {
	return (path, value) => {
		const checked = string(path, value);
		if (!test(checked)) throw new InvalidRecordError('bad-format', path, detail);
		return checked;
	};
}

function nullable<T>(check: Check<T>): Check<T | null> {
	return (path, value) => (value === null ? null : check(path, value));
}

const boolean: Check<boolean> = (path, value) => {
	if (typeof value !== 'boolean') throw wrongType(path, 'true or false', value);
	return value;
};

const recordId = format(isId, 'not a record id');
const pseudonymId = format(isId, 'not a pseudonym id');
const hlc = format(isHlc, 'not a hybrid logical clock timestamp');
const body = text(1, MAX_BODY_LENGTH, true);
const contentWarning = nullable(text(1, MAX_CONTENT_WARNING_LENGTH, true));
const title = text(1, MAX_TITLE_LENGTH, true);
const tag = text(1, MAX_TAG_LENGTH, true);
const reason = nullable(text(0, MAX_REASON_LENGTH, false));

const reactionKind: Check<ReactionKind> = (path, value) => {
	const kind = REACTION_KINDS.find((known) => known === value);
	if (kind === undefined) throw wrongType(path, `one of ${REACTION_KINDS.join(', ')}`, value);
	return kind;
};

const tags: Check<string[]> = (path, value) => {
	if (!Array.isArray(value)) throw wrongType(path, 'a list', value);
	// Spread, so a hole in the list reads as undefined and is refused.
	const list = [...(value as unknown[])].map((item, index) => tag([...path, index], item));
	if (list.length > MAX_TAGS) {
		throw new InvalidRecordError('bad-size', path, `more than ${MAX_TAGS} tags`);
	}
	if (new Set(list).size !== list.length) {
		throw new InvalidRecordError('bad-format', path, 'repeated tag');
	}
	return list;
};

/** The record as plain fields; a record is never an array, null or a class instance. */
function fieldsOf(raw: unknown): Record<string, unknown> {
	if (!isPlainObject(raw)) throw new InvalidRecordError('not-an-object', [], 'not an object');
	return raw as Record<string, unknown>;
}

/** The field checked, or `missing-key` when the record does not have it. */
function field<T>(fields: Record<string, unknown>, key: string, check: Check<T>): T {
	if (!Object.hasOwn(fields, key)) throw new InvalidRecordError('missing-key', [key], 'missing');
	return check([key], fields[key]);
}

/** Refuses a key the parsed record does not have: no one smuggles data past the checks. */
function onlyKnownKeys(fields: Record<string, unknown>, parsed: object): void {
	for (const key of Object.keys(fields)) {
		if (!Object.hasOwn(parsed, key)) {
			throw new InvalidRecordError('unknown-key', [key], 'not a field of this record');
		}
	}
}

export function parseThread(raw: unknown): ThreadHeader {
	const fields = fieldsOf(raw);
	const thread: ThreadHeader = {
		id: field(fields, 'id', recordId),
		author: field(fields, 'author', pseudonymId),
		at: field(fields, 'at', hlc),
		title: field(fields, 'title', title),
		body: field(fields, 'body', body),
		contentWarning: field(fields, 'contentWarning', contentWarning),
		tags: field(fields, 'tags', tags),
		editedAt: field(fields, 'editedAt', nullable(hlc))
	};
	onlyKnownKeys(fields, thread);
	checkEditedAfter(thread);
	return thread;
}

export function parseReply(raw: unknown): Reply {
	const fields = fieldsOf(raw);
	const reply: Reply = {
		id: field(fields, 'id', recordId),
		thread: field(fields, 'thread', recordId),
		author: field(fields, 'author', pseudonymId),
		at: field(fields, 'at', hlc),
		body: field(fields, 'body', body),
		contentWarning: field(fields, 'contentWarning', contentWarning),
		editedAt: field(fields, 'editedAt', nullable(hlc))
	};
	onlyKnownKeys(fields, reply);
	checkEditedAfter(reply);
	return reply;
}

export function parseReaction(raw: unknown): Reaction {
	const fields = fieldsOf(raw);
	const reaction: Reaction = {
		id: field(fields, 'id', string),
		target: field(fields, 'target', recordId),
		kind: field(fields, 'kind', reactionKind),
		author: field(fields, 'author', pseudonymId),
		at: field(fields, 'at', hlc)
	};
	onlyKnownKeys(fields, reaction);
	const expected = reactionId(reaction.target, reaction.kind, reaction.author);
	if (reaction.id !== expected) {
		throw new InvalidRecordError('inconsistent', ['id'], `expected ${JSON.stringify(expected)}`);
	}
	return reaction;
}

export function parseMark(raw: unknown): ModerationMark {
	const fields = fieldsOf(raw);
	const mark: ModerationMark = {
		id: field(fields, 'id', recordId),
		hidden: field(fields, 'hidden', boolean),
		by: field(fields, 'by', pseudonymId),
		at: field(fields, 'at', hlc),
		reason: field(fields, 'reason', reason)
	};
	onlyKnownKeys(fields, mark);
	return mark;
}

/**
 * A member entry: its name must already be in the normal form names are stored in (so two
 * clients never show one name two ways), and only the pseudonym itself writes its entry.
 */
export function parseMember(raw: unknown): Member {
	const fields = fieldsOf(raw);
	const member: Member = {
		id: field(fields, 'id', pseudonymId),
		author: field(fields, 'author', pseudonymId),
		name: field(fields, 'name', string),
		at: field(fields, 'at', hlc)
	};
	onlyKnownKeys(fields, member);
	if (member.author !== member.id) {
		throw new InvalidRecordError('inconsistent', ['author'], 'a member entry names its own author');
	}
	let normal: string;
	try {
		normal = normalizeDisplayName(member.name);
	} catch (e: unknown) {
		if (!(e instanceof DisplayNameError)) throw e;
		const code = e.code === 'display-name-characters' ? 'bad-format' : 'bad-size';
		throw new InvalidRecordError(code, ['name'], e.message);
	}
	if (normal !== member.name) {
		throw new InvalidRecordError('bad-format', ['name'], 'not in normal form');
	}
	return member;
}

/** An edit after the record was written; an earlier one would mean a corrupt or forged record. */
function checkEditedAfter({ at, editedAt }: { at: string; editedAt: string | null }): void {
	if (editedAt !== null && compareHlc(editedAt, at) <= 0) {
		throw new InvalidRecordError('inconsistent', ['editedAt'], 'edited before it was written');
	}
}

function isPlainObject(raw: unknown): boolean {
	if (typeof raw !== 'object' || raw === null) return false;
	const proto: unknown = Object.getPrototypeOf(raw);
	return proto === Object.prototype || proto === null;
}

function formatPath(path: RecordPath): string {
	return path.length === 0 ? '(record)' : path.map((key) => JSON.stringify(key)).join('.');
}
