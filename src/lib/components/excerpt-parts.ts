import type { SearchExcerpt } from '$lib/domain/journal/search-entries';

/** Splits an excerpt into plain and matched runs, so highlights render as text, never as HTML. */
export function excerptParts(excerpt: SearchExcerpt): { text: string; match: boolean }[] {
	const parts: { text: string; match: boolean }[] = [];
	let at = 0;
	for (const { start, end } of excerpt.highlights) {
		if (start > at) parts.push({ text: excerpt.text.slice(at, start), match: false });
		parts.push({ text: excerpt.text.slice(start, end), match: true });
		at = end;
	}
	if (at < excerpt.text.length) parts.push({ text: excerpt.text.slice(at), match: false });
	if (excerpt.clippedStart) parts.unshift({ text: '… ', match: false });
	if (excerpt.clippedEnd) parts.push({ text: ' …', match: false });
	return parts;
}
