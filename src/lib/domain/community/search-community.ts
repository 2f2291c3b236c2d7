/**
 * In-memory search over a community's threads and replies.
 *
 * Every word of the query must match (AND) within one record: a thread's title, body or tags, or
 * a reply's body. A word matches the start of a word ("anx" finds "Anxious"), ignoring case and
 * accents ("cafe" finds "Café"); scripts written without spaces match anywhere, as in the
 * journal's search. Hidden records, replies in hidden threads and blocked authors are left out,
 * so search never shows what the lists would not.
 */

import { compareHlc } from '../journal/hlc';
import type { CommunityState } from './community-document';
import type { Reply, ThreadHeader } from './records';

export type CommunitySearchHit =
	{ kind: 'thread'; thread: ThreadHeader } | { kind: 'reply'; thread: ThreadHeader; reply: Reply };

export interface CommunitySearchOptions {
	blocked?: ReadonlySet<string>;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const NO_SPACE_SCRIPT =
	/^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const MARKS = /\p{M}/gu;

/** Matching threads and replies, newest first; an empty query finds nothing. */
export function searchCommunity(
	state: CommunityState,
	query: string,
	{ blocked = new Set() }: CommunitySearchOptions = {}
): CommunitySearchHit[] {
	const words = query
		.split(/\s+/)
		.map((token) => fold(token).replace(EDGE_PUNCTUATION, ''))
		.filter((word) => word !== '');
	if (words.length === 0) return [];
	const visible = (id: string, author: string) =>
		state.marks.get(id)?.hidden !== true && !blocked.has(author);
	const hits: { at: string; id: string; hit: CommunitySearchHit }[] = [];
	for (const thread of state.threads.values()) {
		if (!visible(thread.id, thread.author)) continue;
		if (matches([thread.title, thread.body, ...thread.tags], words)) {
			hits.push({ at: thread.at, id: thread.id, hit: { kind: 'thread', thread } });
		}
	}
	for (const reply of state.replies.values()) {
		const thread = state.threads.get(reply.thread);
		if (thread === undefined || !visible(thread.id, thread.author)) continue;
		if (visible(reply.id, reply.author) && matches([reply.body], words)) {
			hits.push({ at: reply.at, id: reply.id, hit: { kind: 'reply', thread, reply } });
		}
	}
	return hits
		.sort((a, b) => compareHlc(b.at, a.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
		.map(({ hit }) => hit);
}

function matches(fields: string[], words: string[]): boolean {
	// A line break between fields keeps a word from matching across the join.
	const haystack = fold(fields.join('\n'));
	return words.every((word) => findWordStart(haystack, word));
}

function findWordStart(haystack: string, word: string): boolean {
	const anywhere = NO_SPACE_SCRIPT.test(word);
	for (let at = haystack.indexOf(word); at !== -1; at = haystack.indexOf(word, at + 1)) {
		if (anywhere || at === 0 || !WORD_CHAR.test(charBefore(haystack, at))) return true;
	}
	return false;
}

function charBefore(text: string, at: number): string {
	const low = text.charCodeAt(at - 1);
	const isLowSurrogate = low >= 0xdc00 && low <= 0xdfff;
	return text.slice(isLowSurrogate && at >= 2 ? at - 2 : at - 1, at);
}

function fold(text: string): string {
	// 'ς' is σ at a word's end; folding it lets a word typed either way find the other.
	return text.normalize('NFKD').replace(MARKS, '').toLocaleLowerCase('und').replace(/ς/g, 'σ');
}
