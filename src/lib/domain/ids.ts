/**
 * Record ids: 128 random bits as 26 characters of lower-case RFC 4648 base32, no padding.
 *
 * Lower-case base32 survives every place an id travels (URLs like /journal/<id>, case-insensitive
 * file systems, being read aloud) without escaping, and 128 bits make collisions between devices
 * that never talked to each other negligible, which matters because records are made offline.
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const ID_BYTES = 16;
const ID_PATTERN = /^[a-z2-7]{25}[aeimquy4]$/;

export function newId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(ID_BYTES));
	let id = '';
	let buffer = 0;
	let bits = 0;
	for (const byte of bytes) {
		buffer = (buffer << 8) | byte;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			id += ALPHABET[(buffer >>> bits) & 31];
		}
	}
	// 128 is not a multiple of 5: the last character carries the remaining 3 bits, zero-padded.
	if (bits > 0) id += ALPHABET[(buffer << (5 - bits)) & 31];
	return id;
}

/** Whether `value` has the shape `newId` produces; use it before trusting an id from a URL. */
export function isId(value: string): boolean {
	return ID_PATTERN.test(value);
}
