/**
 * A moderator's changes to a community's Y.Doc: hiding a thread or reply (a reversible mark in
 * the `marks` map), unhiding it, and removing it for good.
 *
 * Moderators never rewrite someone's record (DESIGN.md). A hide is a mark keyed by the record's
 * id, naming the moderator (`by`, their pseudonym here) and why; unhiding keeps the mark with
 * `hidden: false`, so whoever reads the document can still tell who lifted it. A removal is a real
 * delete with the same cascade an author's own delete has (a thread takes its replies, and both
 * take their reactions), and the marks on what is gone go with it: a mark on nothing is noise.
 *
 * Like `community.codec.ts`, every change passes the shared change policy before it touches the
 * document, with the actor's moderator role as the client knows it: an update the server refuses
 * costs the connection, so a person who is not (or no longer) a moderator is refused here first.
 */

import * as Y from 'yjs';
import type { ChangeActor } from '../domain/community/change-policy';
import {
	MARKS_MAP,
	REACTIONS_MAP,
	REPLIES_MAP,
	THREADS_MAP
} from '../domain/community/community-document';
import { parseMark } from '../domain/community/parse-community-record';
import type { ModerationMark } from '../domain/community/records';
import type { HlcTimestamp } from '../domain/journal/entry';
import { allowChanges, fieldOf, MissingRecordError } from './community.codec';

export interface MarkInput {
	/** The thread or reply the mark covers. */
	target: string;
	/** The moderator's pseudonym id in this community. */
	by: string;
	at: HlcTimestamp;
	reason: string | null;
}

/** Hides a thread or reply from members; returns the mark written. */
export function hideRecord(doc: Y.Doc, input: MarkInput, actor: ChangeActor): ModerationMark {
	return writeMark(doc, input, true, actor);
}

/** Lifts a hide; returns the mark written (`hidden: false`). */
export function unhideRecord(doc: Y.Doc, input: MarkInput, actor: ChangeActor): ModerationMark {
	return writeMark(doc, input, false, actor);
}

/**
 * Deletes a thread (with its replies) or a reply, the reactions to all of them, and the marks
 * on all of them. Returns which kind of record it was.
 */
export function removeRecord(doc: Y.Doc, target: string, actor: ChangeActor): 'thread' | 'reply' {
	const threads = doc.getMap<unknown>(THREADS_MAP);
	const replies = doc.getMap<unknown>(REPLIES_MAP);
	const kind = threads.has(target) ? 'thread' : replies.has(target) ? 'reply' : null;
	if (kind === null) throw new MissingRecordError(THREADS_MAP, target);
	// Damaged replies naming the thread go too: nothing else would ever remove them.
	const replyIds =
		kind === 'thread'
			? [...replies.entries()]
					.filter(([, value]) => fieldOf(value, 'thread') === target)
					.map(([key]) => key)
			: [target];
	const gone = new Set(kind === 'thread' ? [target, ...replyIds] : replyIds);
	const reactions = doc.getMap<unknown>(REACTIONS_MAP);
	const reactionKeys = [...reactions.entries()]
		.filter(([, value]) => {
			const to = fieldOf(value, 'target');
			return typeof to === 'string' && gone.has(to);
		})
		.map(([key]) => key);
	const marks = doc.getMap<unknown>(MARKS_MAP);
	const markKeys = [...gone].filter((id) => marks.has(id));
	const deletes = [
		...(kind === 'thread' ? [{ map: THREADS_MAP, key: target }] : []),
		...replyIds.map((key) => ({ map: REPLIES_MAP, key })),
		...reactionKeys.map((key) => ({ map: REACTIONS_MAP, key })),
		...markKeys.map((key) => ({ map: MARKS_MAP, key }))
	];
	allowChanges(
		doc,
		actor,
		deletes.map((change) => ({ ...change, after: undefined }))
	);
	doc.transact(() => {
		for (const { map, key } of deletes) doc.getMap<unknown>(map).delete(key);
	});
	return kind;
}

function writeMark(
	doc: Y.Doc,
	{ target, by, at, reason }: MarkInput,
	hidden: boolean,
	actor: ChangeActor
): ModerationMark {
	const known =
		doc.getMap<unknown>(THREADS_MAP).has(target) || doc.getMap<unknown>(REPLIES_MAP).has(target);
	if (!known) throw new MissingRecordError(THREADS_MAP, target);
	const trimmed = reason?.trim() ?? '';
	const mark = parseMark({
		id: target,
		hidden,
		by,
		at,
		reason: trimmed === '' ? null : trimmed
	} satisfies ModerationMark);
	allowChanges(doc, actor, [{ map: MARKS_MAP, key: target, after: mark }]);
	doc.transact(() => doc.getMap<unknown>(MARKS_MAP).set(target, mark));
	return mark;
}
