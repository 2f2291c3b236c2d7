/**
 * Turns what a person typed in the tags box ("sleep, Family ,sleep") into the list a thread
 * keeps: trimmed, lower-case, without repeats or a leading '#'. Validation of lengths and counts
 * belongs to the domain; this only reads the box the way a person meant it.
 */
export function parseTags(typed: string): string[] {
	const seen = new Set<string>();
	for (const raw of typed.split(/[,\n]/)) {
		const tag = raw.trim().replace(/^#+/, '').trim().toLowerCase();
		if (tag) seen.add(tag);
	}
	return [...seen];
}
