/**
 * The text shown for a search hit: a window around the first matching word, and where each
 * query word appears in it, for highlighting. Matching here ignores case and accents the way
 * the search does, position by position, so highlights land on the characters as written.
 */

export interface SearchExcerpt {
	excerpt: string;
	matches: { start: number; end: number }[];
}

const DEFAULT_WIDTH = 140;
const MARKS = /\p{M}/gu;

export function searchExcerpt(text: string, query: string, width = DEFAULT_WIDTH): SearchExcerpt {
	const flat = text.replace(/\s+/g, ' ').trim();
	const words = query
		.split(/\s+/)
		.map((word) => fold(word).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
		.filter((word) => word !== '');
	const folded = foldPerChar(flat);
	const first = Math.min(
		...words.map((word) => folded.indexOf(word)).filter((at) => at !== -1),
		flat.length
	);
	const from = first === flat.length ? 0 : Math.max(0, first - Math.floor(width / 3));
	const start = from > 0 ? flat.indexOf(' ', from) + 1 || from : 0;
	const end = Math.min(flat.length, start + width);
	const prefix = start > 0 ? '…' : '';
	const suffix = end < flat.length ? '…' : '';
	const excerpt = prefix + flat.slice(start, end) + suffix;
	const window = folded.slice(start, end);
	const matches: { start: number; end: number }[] = [];
	for (const word of words) {
		for (let at = window.indexOf(word); at !== -1; at = window.indexOf(word, at + word.length)) {
			matches.push({ start: at + prefix.length, end: at + prefix.length + word.length });
		}
	}
	matches.sort((a, b) => a.start - b.start);
	return { excerpt, matches };
}

function fold(text: string): string {
	return text.normalize('NFKD').replace(MARKS, '').toLocaleLowerCase('und');
}

/** Folds each UTF-16 unit on its own, keeping positions; a unit that would change length stays. */
function foldPerChar(text: string): string {
	let out = '';
	for (const char of text) {
		const folded = fold(char);
		out += folded.length === char.length ? folded : char;
	}
	return out;
}
