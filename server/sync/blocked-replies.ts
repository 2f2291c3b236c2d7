/**
 * Whom an update answers: for each new reply, the author of its thread; for each new reaction,
 * the author of the thread or reply it reacts to. The gate asks whether any of them blocked the
 * sender (PUT /api/communities/:communityId/blocks) and refuses the update (`blocked`) if so, so a
 * person who blocked someone gets no more replies or reactions from them on their posts.
 *
 * Only new records count: a reply written before the block stays its author's to edit or delete,
 * and the blocked person may still write elsewhere in the community. Posts are looked up in the
 * document as it will be after the update (`lookup`), so a thread and its reply written in one
 * update are judged together. A new reply or reaction whose post is not in the document at all
 * is named as `missing`: everything that refers to a thread lives in the thread's document (the
 * client's codec never writes one elsewhere), and one placed in another month's document would
 * still show under the post, past the block.
 */
import type { RecordChange } from '../../src/lib/domain/community/change-policy';
import {
	REACTIONS_MAP,
	REPLIES_MAP,
	THREADS_MAP
} from '../../src/lib/domain/community/community-document';

/** The value under `key` in root map `map` once the update is applied, or undefined. */
export type RecordLookup = (map: string, key: string) => unknown;

export interface Answered {
	/** The authors, other than the sender, whose posts the new replies and reactions answer. */
	authors: string[];
	/** The key of a new reply or reaction whose post the document does not hold, if any. */
	missing: string | null;
}

export function answeredPosts(
	changes: readonly RecordChange[],
	lookup: RecordLookup,
	sender: string
): Answered {
	const authors = new Set<string>();
	let missing: string | null = null;
	for (const { map, key, before, after } of changes) {
		if (before !== undefined || after === undefined) continue;
		let post: unknown;
		if (map === REPLIES_MAP) {
			post = lookup(THREADS_MAP, String(fieldOf(after, 'thread')));
		} else if (map === REACTIONS_MAP) {
			const target = String(fieldOf(after, 'target'));
			post = lookup(THREADS_MAP, target) ?? lookup(REPLIES_MAP, target);
		} else {
			continue;
		}
		const author = fieldOf(post, 'author');
		if (post === undefined) missing ??= key;
		else if (typeof author === 'string' && author !== sender) authors.add(author);
	}
	return { authors: [...authors], missing };
}

export function fieldOf(value: unknown, name: string): unknown {
	if (typeof value !== 'object' || value === null) return undefined;
	return Object.getOwnPropertyDescriptor(value, name)?.value;
}
