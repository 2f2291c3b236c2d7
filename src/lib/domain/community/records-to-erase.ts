/**
 * What deleting a person's account removes from one community document: every record one of
 * their pseudonyms wrote (threads, replies, reactions, their member entry), and everything that
 * would be left pointing at a post of theirs once it is gone, as an author's own delete cascades
 * (change-policy.ts): the replies of their threads, the reactions to their posts and to those
 * replies, and moderators' marks on any of these.
 *
 * Marks a moderator among them made on other people's posts stay: removing them would show again
 * what they hid, and a mark holds the moderator's decision, not their story.
 *
 * Values are read raw (anything a peer could have stored); ownership comes from the key where the
 * key names it (a reaction's last part, a member entry), else from `author`.
 */
import {
	MARKS_MAP,
	MEMBERS_MAP,
	REACTIONS_MAP,
	REPLIES_MAP,
	THREADS_MAP,
	type CommunityRootType
} from './community-document';

export interface EntryToErase {
	map: CommunityRootType;
	key: string;
}

/** A document's entries in one map, as key and raw value. */
export type ReadEntries = (map: CommunityRootType) => Iterable<[string, unknown]>;

export function recordsToErase(read: ReadEntries, authors: ReadonlySet<string>): EntryToErase[] {
	const erased: EntryToErase[] = [];
	const threads = new Set<string>();
	for (const [key, value] of read(THREADS_MAP)) {
		if (authors.has(textField(value, 'author'))) threads.add(key);
	}
	const posts = new Set(threads);
	for (const [key, value] of read(REPLIES_MAP)) {
		if (authors.has(textField(value, 'author')) || threads.has(textField(value, 'thread'))) {
			posts.add(key);
			erased.push({ map: REPLIES_MAP, key });
		}
	}
	for (const key of threads) erased.push({ map: THREADS_MAP, key });
	for (const [key, value] of read(REACTIONS_MAP)) {
		const owner = key.slice(key.lastIndexOf(':') + 1);
		if (
			authors.has(owner) ||
			authors.has(textField(value, 'author')) ||
			posts.has(textField(value, 'target'))
		) {
			erased.push({ map: REACTIONS_MAP, key });
		}
	}
	for (const [key] of read(MARKS_MAP)) {
		if (posts.has(key)) erased.push({ map: MARKS_MAP, key });
	}
	for (const [key] of read(MEMBERS_MAP)) {
		if (authors.has(key)) erased.push({ map: MEMBERS_MAP, key });
	}
	return erased;
}

/** A string field of a raw value, or '' (which is no one's id) when there is none. */
function textField(value: unknown, name: string): string {
	if (typeof value !== 'object' || value === null) return '';
	const field: unknown = Object.getOwnPropertyDescriptor(value, name)?.value;
	return typeof field === 'string' ? field : '';
}
