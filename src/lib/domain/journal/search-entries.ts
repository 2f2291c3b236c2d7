/**
 * In-memory full-text search over decrypted journal entries.
 *
 * Journal tables hold no plaintext index, so search runs here, after unlocking. Text and tags
 * are folded once per entry by `buildSearchIndex` (NFKD, combining marks stripped, lower case),
 * and the index is reused across keystrokes; a query then costs a few `indexOf` calls per entry.
 *
 * Query language: every word must match (AND), in the text or a tag, as the start of a word
 * ("anx" finds "Anxious"); `#tag` must equal a tag. Scripts written without spaces (Chinese,
 * Japanese, Thai, …) match anywhere, since they have no word starts to find.
 *
 * Highlights are offsets into the returned excerpt, never markup, so the UI renders user text
 * as text. Folding can change a string's length ('ﬁ' → 'fi'), so entries where it does keep a
 * map from folded offsets back to the original ones.
 */

import type { JournalEntryView } from './entry';
import { liveViews } from './live-views';
import { normaliseTag } from './tags';

export interface TextRange {
	start: number;
	end: number;
}

export interface SearchExcerpt {
	/** A slice of the entry's text, line breaks turned to spaces. */
	text: string;
	/** Where query words matched, as offsets into `text`; sorted, never overlapping. */
	highlights: TextRange[];
	/** Whether text was cut before or after the excerpt (the UI shows an ellipsis). */
	clippedStart: boolean;
	clippedEnd: boolean;
}

export interface SearchHit {
	view: JournalEntryView;
	excerpt: SearchExcerpt;
	/** The entry's tags that a query word or `#tag` matched, for highlighting tag chips. */
	matchedTags: string[];
}

export interface SearchIndex {
	readonly documents: readonly IndexedView[];
}

export interface SearchOptions {
	/** Roughly how many characters of text an excerpt shows. */
	excerptLength?: number;
}

interface IndexedView {
	view: JournalEntryView;
	haystack: string;
	/** Folded offset → original offsets; null when folding kept every length. */
	starts: Uint32Array | null;
	ends: Uint32Array | null;
	tags: string[];
	tagHaystack: string;
}

interface Query {
	words: string[];
	tags: string[];
}

const DEFAULT_EXCERPT_LENGTH = 160;
const LEAD_IN = 40;
/** How far an excerpt's edge may move to avoid cutting a word in half. */
const WORD_SLACK = 20;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const NO_SPACE_SCRIPT =
	/^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const MARKS = /\p{M}/gu;
const NON_ASCII = /[^\0-\x7f]/gu;
const folded = new Map<string, string>();

/** Folds live entries, newest first, for any number of searches. Deleted entries are left out. */
export function buildSearchIndex(views: readonly JournalEntryView[]): SearchIndex {
	const documents = liveViews(views)
		.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
		.map((view) => {
			const { haystack, starts, ends } = foldWithMap(view.text);
			const tags = view.tags.map(fold);
			return { view, haystack, starts, ends, tags, tagHaystack: tags.join('\n') };
		});
	return { documents };
}

/**
 * Live entries matching every word of `query`, newest first; an empty query matches them all.
 * Pass an index from `buildSearchIndex` to search as the person types.
 */
export function searchEntries(
	source: SearchIndex | readonly JournalEntryView[],
	query: string,
	{ excerptLength = DEFAULT_EXCERPT_LENGTH }: SearchOptions = {}
): SearchHit[] {
	const index = isIndex(source) ? source : buildSearchIndex(source);
	const parsed = parseQuery(query);
	const hits: SearchHit[] = [];
	for (const document of index.documents) {
		const firstMatches = match(document, parsed);
		if (firstMatches === null) continue;
		hits.push({
			view: document.view,
			excerpt: excerpt(document, parsed.words, firstMatches, excerptLength),
			matchedTags: matchedTags(document, parsed)
		});
	}
	return hits;
}

function isIndex(source: SearchIndex | readonly JournalEntryView[]): source is SearchIndex {
	return !Array.isArray(source);
}

function parseQuery(query: string): Query {
	const words: string[] = [];
	const tags: string[] = [];
	for (const token of query.split(/\s+/)) {
		if (token.startsWith('#')) {
			const tag = fold(normaliseTag(token));
			if (tag !== '') tags.push(tag);
		} else {
			const word = fold(token).replace(EDGE_PUNCTUATION, '');
			if (word !== '') words.push(word);
		}
	}
	return { words, tags };
}

/**
 * Where each query word first matches the text (-1 if only a tag matched), or null when the
 * entry does not match the whole query.
 */
function match(document: IndexedView, { words, tags }: Query): number[] | null {
	if (!tags.every((tag) => document.tags.includes(tag))) return null;
	const firstMatches: number[] = [];
	for (const word of words) {
		const at = findWord(document.haystack, word, 0);
		if (at === -1 && findWord(document.tagHaystack, word, 0) === -1) return null;
		firstMatches.push(at);
	}
	return firstMatches;
}

function matchedTags(document: IndexedView, { words, tags }: Query): string[] {
	return document.view.tags.filter((_, i) => {
		const tag = document.tags[i] ?? '';
		return tags.includes(tag) || words.some((word) => findWord(tag, word, 0) !== -1);
	});
}

/** The first place at or after `from` where `word` starts a word of `haystack`, or -1. */
function findWord(haystack: string, word: string, from: number): number {
	const anywhere = NO_SPACE_SCRIPT.test(word);
	for (let at = haystack.indexOf(word, from); at !== -1; at = haystack.indexOf(word, at + 1)) {
		if (anywhere || !WORD_CHAR.test(charBefore(haystack, at))) return at;
	}
	return -1;
}

function charBefore(text: string, at: number): string {
	if (at === 0) return '';
	const low = text.charCodeAt(at - 1);
	const isLowSurrogate = low >= 0xdc00 && low <= 0xdfff;
	return text.slice(isLowSurrogate && at >= 2 ? at - 2 : at - 1, at);
}

function excerpt(
	document: IndexedView,
	words: string[],
	firstMatches: number[],
	length: number
): SearchExcerpt {
	const text = document.view.text;
	const focus = firstMatches.reduce(
		(min, at, i) =>
			at === -1 ? min : Math.min(min, toOriginal(document, at, at + (words[i]?.length ?? 0)).start),
		text.length
	);
	const [start, end] = window(text, focus === text.length ? 0 : focus, length);
	// Only the excerpt is searched for further highlights: a long entry costs no more than a short one.
	const ranges: TextRange[] = [];
	words.forEach((word, i) => {
		for (
			let at = firstMatches[i] ?? -1;
			at !== -1;
			at = findWord(document.haystack, word, at + word.length)
		) {
			const range = toOriginal(document, at, at + word.length);
			if (range.start >= end) break;
			if (range.start >= start && range.end <= end) {
				ranges.push({ start: range.start - start, end: range.end - start });
			}
		}
	});
	return {
		// One space per line break keeps every offset valid.
		text: text.slice(start, end).replace(/[^\S ]/g, ' '),
		highlights: mergeRanges(ranges),
		clippedStart: start > 0,
		clippedEnd: end < text.length
	};
}

/** A slice of about `length` characters around `focus`, cut at spaces where one is near. */
function window(text: string, focus: number, length: number): [number, number] {
	if (text.length <= length) return [0, text.length];
	let start = Math.max(0, Math.min(focus - LEAD_IN, text.length - length));
	if (start > 0) {
		const space = text.slice(start, Math.min(focus, start + WORD_SLACK)).search(/\s/);
		if (space !== -1) start += space + 1;
	}
	let end = Math.min(text.length, start + length);
	if (end < text.length) {
		const space = text.slice(Math.max(focus, end - WORD_SLACK), end).search(/\s\S*$/);
		if (space !== -1) end = Math.max(focus, end - WORD_SLACK) + space;
	}
	return [avoidSplitPair(text, start), avoidSplitPair(text, end)];
}

function avoidSplitPair(text: string, at: number): number {
	const code = text.charCodeAt(at);
	return code >= 0xdc00 && code <= 0xdfff ? at + 1 : at;
}

function mergeRanges(ranges: TextRange[]): TextRange[] {
	const merged: TextRange[] = [];
	for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
		const last = merged.at(-1);
		if (last !== undefined && range.start <= last.end) last.end = Math.max(last.end, range.end);
		else merged.push({ ...range });
	}
	return merged;
}

function toOriginal(document: IndexedView, start: number, end: number): TextRange {
	if (document.starts === null || document.ends === null) return { start, end };
	const text = document.view.text;
	const range = { start: document.starts[start] ?? start, end: document.ends[end - 1] ?? end };
	// Take along the accents folding dropped, so a highlight never splits a letter from its mark.
	while (range.end < text.length && foldChar(text.charAt(range.end)) === '') range.end++;
	return range;
}

function fold(text: string): string {
	return text.replace(NON_ASCII, foldChar).toLowerCase();
}

function foldWithMap(text: string): Pick<IndexedView, 'haystack' | 'starts' | 'ends'> {
	// Most text is ASCII or folds letter for letter ('é' → 'e'): then offsets need no map.
	let sameLengths = true;
	const haystack = text
		.replace(NON_ASCII, (char) => {
			const out = foldChar(char);
			if (out.length !== char.length) sameLengths = false;
			return out;
		})
		.toLowerCase();
	if (sameLengths) return { haystack, starts: null, ends: null };
	const starts = new Uint32Array(haystack.length);
	const ends = new Uint32Array(haystack.length);
	let from = 0;
	let to = 0;
	for (const char of text) {
		const size = char.charCodeAt(0) < 0x80 ? 1 : foldChar(char).length;
		starts.fill(from, to, to + size);
		ends.fill(from + char.length, to, to + size);
		from += char.length;
		to += size;
	}
	return { haystack, starts, ends };
}

function foldChar(char: string): string {
	let out = folded.get(char);
	if (out === undefined) {
		// 'ς' is how σ is written at a word's end; folding it lets "σας" find "σας" typed either way.
		out = char.normalize('NFKD').replace(MARKS, '').toLocaleLowerCase('und').replace('ς', 'σ');
		folded.set(char, out);
	}
	return out;
}
