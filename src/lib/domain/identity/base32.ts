/**
 * Bytes ↔ 5-bit groups, the core of every base32 alphabet Hearth uses: lower-case RFC 4648 for
 * ids (as `../ids.ts` writes them) and Crockford's for recovery codes. Bits are taken
 * most-significant first; a final partial group is padded with zero bits on the right.
 */

export const LOWER_BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Splits bytes into 5-bit values (0–31), ceil(8n / 5) of them. */
export function toFiveBitGroups(bytes: Uint8Array): number[] {
	const groups: number[] = [];
	let buffer = 0;
	let bits = 0;
	for (const byte of bytes) {
		buffer = ((buffer << 8) | byte) & 0xfff;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			groups.push((buffer >>> bits) & 31);
		}
	}
	if (bits > 0) groups.push((buffer << (5 - bits)) & 31);
	return groups;
}

/**
 * Joins 5-bit values back into `byteLength` bytes. `spareBits` holds the bits left over after
 * the last byte; a caller that wants one spelling per value insists they are zero.
 */
export function fromFiveBitGroups(
	groups: readonly number[],
	byteLength: number
): { bytes: Uint8Array; spareBits: number } {
	const bytes = new Uint8Array(byteLength);
	let buffer = 0;
	let bits = 0;
	let filled = 0;
	let spareBits = 0;
	for (const group of groups) {
		buffer = ((buffer << 5) | (group & 31)) & 0xfff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			const byte = (buffer >>> bits) & 0xff;
			if (filled < byteLength) bytes[filled++] = byte;
			else spareBits |= byte;
		}
	}
	spareBits |= buffer & ((1 << bits) - 1);
	if (filled < byteLength) throw new RangeError(`Expected ${byteLength} bytes, got ${filled}.`);
	return { bytes, spareBits };
}

export function encodeLowerBase32(bytes: Uint8Array): string {
	return toFiveBitGroups(bytes)
		.map((group) => LOWER_BASE32_ALPHABET[group])
		.join('');
}
