/**
 * Feeling tags: what a person types becomes one canonical form, so "#Tired ", "tired" and
 * "TIRED" are the same tag everywhere (filters, search, mood statistics).
 *
 * Tags are stored as the person's words, not translated. The suggestions below are ids: the UI
 * looks each up in the message catalogue, and the id itself is what gets stored when chosen.
 */

export const MAX_TAG_LENGTH = 32;
export const MAX_TAGS = 12;

export const SUGGESTED_FEELINGS = [
	'calm',
	'hopeful',
	'grateful',
	'content',
	'proud',
	'tired',
	'anxious',
	'lonely',
	'sad',
	'angry',
	'overwhelmed',
	'numb'
] as const;

export type SuggestedFeeling = (typeof SUGGESTED_FEELINGS)[number];

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** The canonical form of one tag; '' when nothing is left (the caller drops it). */
export function normaliseTag(raw: string): string {
	const tag = raw
		.normalize('NFC')
		.trim()
		.replace(/^#+/, '')
		.trim()
		.replace(/\s+/g, ' ')
		// 'und' asks for the root locale's rules, so a Turkish phone and an English one agree.
		.toLocaleLowerCase('und');
	return truncate(tag, MAX_TAG_LENGTH).trimEnd();
}

/** Canonical, unique tags in the order first given, at most `MAX_TAGS`. */
export function normaliseTags(list: readonly string[]): string[] {
	const tags = new Set<string>();
	for (const raw of list) {
		const tag = normaliseTag(raw);
		if (tag !== '') tags.add(tag);
		if (tags.size === MAX_TAGS) break;
	}
	return [...tags];
}

/** Cuts at a grapheme boundary, so an emoji or an accented letter is never split in half. */
function truncate(text: string, max: number): string {
	if (text.length <= max) return text;
	let out = '';
	let count = 0;
	for (const { segment } of graphemes.segment(text)) {
		if (count === max) break;
		out += segment;
		count++;
	}
	return out;
}
