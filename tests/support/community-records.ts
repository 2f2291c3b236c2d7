// Valid community records for tests that write into a community's documents: the server refuses
// anything its policy would not let the author write (domain/community/change-policy.ts).
import * as Y from 'yjs';
import { newId } from '../../src/lib/domain/ids';
import { formatHlc } from '../../src/lib/domain/journal/hlc';
import {
	reactionId,
	type ReactionKind,
	type Reply,
	type ThreadHeader
} from '../../src/lib/domain/community/records';
import type { HlcTimestamp } from '../../src/lib/domain/journal/entry';

let counter = 0;

/** A timestamp at the wall clock, unique within the test run. */
export function now(wall = Date.now()): HlcTimestamp {
	return formatHlc({ wall, counter: counter++ % 1_000_000, node: 'test' });
}

export function threadRecord(
	author: string,
	title: string,
	extra: Partial<ThreadHeader> = {}
): ThreadHeader {
	return {
		id: newId(),
		author,
		at: now(),
		title,
		body: `${title}, in a few more words.`,
		contentWarning: null,
		tags: [],
		editedAt: null,
		...extra
	};
}

export function replyRecord(
	author: string,
	thread: string,
	body: string,
	extra: Partial<Reply> = {}
): Reply {
	return {
		id: newId(),
		thread,
		author,
		at: now(),
		body,
		contentWarning: null,
		editedAt: null,
		...extra
	};
}

export function reactionRecord(author: string, target: string, kind: ReactionKind = 'hear-you') {
	return { id: reactionId(target, kind, author), target, kind, author, at: now() };
}

/** Writes a new thread into `doc` (as a client would) and returns it. */
export function putThread(
	doc: Y.Doc,
	author: string,
	title: string,
	extra: Partial<ThreadHeader> = {}
): ThreadHeader {
	const thread = threadRecord(author, title, extra);
	doc.getMap<ThreadHeader>('threads').set(thread.id, thread);
	return thread;
}
