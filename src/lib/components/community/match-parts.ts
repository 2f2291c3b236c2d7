/**
 * Splits a search excerpt into plain and matched runs, so highlights render as text spans and
 * never as HTML. Match ranges may arrive unsorted, overlapping or past the end of the text (they
 * are computed on normalised text); each character is shown exactly once whatever they say.
 */
export interface TextPart {
	text: string;
	match: boolean;
}

export function matchParts(excerpt: string, matches: { start: number; end: number }[]): TextPart[] {
	const parts: TextPart[] = [];
	const ranges = matches
		.map(({ start, end }) => ({
			start: Math.max(0, Math.min(start, excerpt.length)),
			end: Math.max(0, Math.min(end, excerpt.length))
		}))
		.filter(({ start, end }) => end > start)
		.sort((a, b) => a.start - b.start);
	let at = 0;
	for (const { start, end } of ranges) {
		if (end <= at) continue;
		const from = Math.max(start, at);
		if (from > at) parts.push({ text: excerpt.slice(at, from), match: false });
		parts.push({ text: excerpt.slice(from, end), match: true });
		at = end;
	}
	if (at < excerpt.length) parts.push({ text: excerpt.slice(at), match: false });
	return parts;
}
