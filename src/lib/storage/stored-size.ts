/**
 * About how many bytes a stored value takes: the length of its JSON, with binary data (Yjs
 * updates, ciphertext) counted by its byte length instead of as JSON would spell it out.
 * IndexedDB's real cost differs by browser and includes its own bookkeeping; this is a figure to
 * compare parts of Hearth by ("the journal takes more than this community"), not a promise.
 */
export function storedSize(value: unknown): number {
	if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value.byteLength;
	if (typeof value === 'string') return value.length + 2;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
		return String(value).length;
	}
	if (value === null || typeof value !== 'object') return 4;
	if (value instanceof Map) return storedSize([...value]);
	if (value instanceof Set) return storedSize([...value]);
	if (Array.isArray(value)) {
		const items: unknown[] = value;
		// Brackets and a comma between items, as JSON spells them.
		return Math.max(2, 1 + items.reduce<number>((total, item) => total + storedSize(item) + 1, 0));
	}
	// Braces, and per entry its quoted key, a colon and a comma.
	const entries = Object.entries(value);
	return Math.max(
		2,
		1 + entries.reduce((total, [key, item]) => total + key.length + 4 + storedSize(item), 0)
	);
}
