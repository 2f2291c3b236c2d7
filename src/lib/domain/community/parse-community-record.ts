/**
 * Validation of community records, shared by the client codec and the server.
 *
 * The network is not trusted: a record arriving in a shared document may come from an old or
 * a modified client. Each schema is strict (a key it does not know is refused, so no one can
 * smuggle data past the size limits) and checks every size and cross-field rule the rest of the
 * code relies on. `parse*` functions throw `InvalidRecordError` naming where the problem is.
 */

import * as v from 'valibot';
import { compareHlc, isHlc } from '../journal/hlc';
import { isId } from '../ids';
import { DisplayNameError, normalizeDisplayName } from '../identity/display-name';
import {
	REACTION_KINDS,
	reactionId,
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

const idSchema = v.pipe(v.string(), v.check(isId, 'not a record id'));
const authorSchema = v.pipe(v.string(), v.check(isId, 'not a pseudonym id'));
const hlcSchema = v.pipe(v.string(), v.check(isHlc, 'not a hybrid logical clock timestamp'));
const notBlank = v.check((text: string) => text.trim() !== '', 'blank');
const bodySchema = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_BODY_LENGTH), notBlank);
const contentWarningSchema = v.nullable(
	v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_CONTENT_WARNING_LENGTH), notBlank)
);
const tagSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TAG_LENGTH), notBlank);

const threadSchema = v.strictObject({
	id: idSchema,
	author: authorSchema,
	at: hlcSchema,
	title: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TITLE_LENGTH), notBlank),
	body: bodySchema,
	contentWarning: contentWarningSchema,
	tags: v.pipe(
		v.array(tagSchema),
		v.maxLength(MAX_TAGS),
		v.check((tags) => new Set(tags).size === tags.length, 'repeated tag')
	),
	editedAt: v.nullable(hlcSchema)
});

const replySchema = v.strictObject({
	id: idSchema,
	thread: idSchema,
	author: authorSchema,
	at: hlcSchema,
	body: bodySchema,
	contentWarning: contentWarningSchema,
	editedAt: v.nullable(hlcSchema)
});

const reactionSchema = v.strictObject({
	id: v.string(),
	target: idSchema,
	kind: v.picklist(REACTION_KINDS),
	author: authorSchema,
	at: hlcSchema
});

const markSchema = v.strictObject({
	id: idSchema,
	hidden: v.boolean(),
	by: authorSchema,
	at: hlcSchema,
	reason: v.nullable(v.pipe(v.string(), v.maxLength(MAX_REASON_LENGTH)))
});

const memberSchema = v.strictObject({
	id: authorSchema,
	author: authorSchema,
	name: v.string(),
	at: hlcSchema
});

export function parseThread(raw: unknown): ThreadHeader {
	const thread = validate(threadSchema, raw) satisfies ThreadHeader;
	checkEditedAfter(thread);
	return thread;
}

export function parseReply(raw: unknown): Reply {
	const reply = validate(replySchema, raw) satisfies Reply;
	checkEditedAfter(reply);
	return reply;
}

export function parseReaction(raw: unknown): Reaction {
	const reaction = validate(reactionSchema, raw) satisfies Reaction;
	const expected = reactionId(reaction.target, reaction.kind, reaction.author);
	if (reaction.id !== expected) {
		throw new InvalidRecordError('inconsistent', ['id'], `expected ${JSON.stringify(expected)}`);
	}
	return reaction;
}

export function parseMark(raw: unknown): ModerationMark {
	return validate(markSchema, raw) satisfies ModerationMark;
}

/**
 * A member entry: its name must already be in the normal form names are stored in (so two
 * clients never show one name two ways), and only the pseudonym itself writes its entry.
 */
export function parseMember(raw: unknown): Member {
	const member = validate(memberSchema, raw) satisfies Member;
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

function validate<TSchema extends v.GenericSchema>(
	schema: TSchema,
	raw: unknown
): v.InferOutput<TSchema> {
	// valibot's object schemas accept arrays and class instances; a record is neither.
	if (!isPlainObject(raw)) throw new InvalidRecordError('not-an-object', [], 'not an object');
	const result = v.safeParse(schema, raw);
	if (result.success) return result.output;
	const [issue] = result.issues;
	const path = (issue.path ?? []).flatMap((item) =>
		typeof item.key === 'string' || typeof item.key === 'number' ? [item.key] : []
	);
	throw new InvalidRecordError(codeOf(issue), path, issue.message);
}

function codeOf(issue: v.BaseIssue<unknown>): InvalidRecordCode {
	if (issue.type === 'strict_object') {
		if (issue.expected === 'never') return 'unknown-key';
		if (issue.received === 'undefined') return 'missing-key';
		return 'wrong-type';
	}
	if (issue.type === 'min_length' || issue.type === 'max_length') return 'bad-size';
	if (issue.type === 'check') return issue.message === 'blank' ? 'bad-size' : 'bad-format';
	return 'wrong-type';
}

function isPlainObject(raw: unknown): boolean {
	if (typeof raw !== 'object' || raw === null) return false;
	const proto: unknown = Object.getPrototypeOf(raw);
	return proto === Object.prototype || proto === null;
}

function formatPath(path: RecordPath): string {
	return path.length === 0 ? '(record)' : path.map((key) => JSON.stringify(key)).join('.');
}
