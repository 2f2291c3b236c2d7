/**
 * Base64url without padding (RFC 4648 §5), for keys, signatures and challenges in JSON bodies.
 * Decoding is strict: one spelling per value, so two strings never name the same key.
 */

export class Base64UrlError extends Error {
	override name = 'Base64UrlError';
}

export function encodeBase64Url(bytes: Uint8Array): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Throws Base64UrlError for padding, other characters, or a non-canonical final character. */
export function decodeBase64Url(text: string): Uint8Array {
	// By table rather than through atob: a journal opens thousands of sealed records, and this
	// is a tenth of the work of atob, a per-character callback and a re-encoding to compare.
	const length = text.length;
	if (length % 4 === 1) throw notBase64Url();
	const bytes = new Uint8Array(Math.floor((length * 3) / 4));
	let out = 0;
	let i = 0;
	for (; i + 4 <= length; i += 4) {
		const quad =
			(sextet(text, i) << 18) |
			(sextet(text, i + 1) << 12) |
			(sextet(text, i + 2) << 6) |
			sextet(text, i + 3);
		bytes[out++] = quad >> 16;
		bytes[out++] = (quad >> 8) & 0xff;
		bytes[out++] = quad & 0xff;
	}
	const rest = length - i;
	if (rest > 0) {
		const first = sextet(text, i);
		const second = sextet(text, i + 1);
		const third = rest === 3 ? sextet(text, i + 2) : 0;
		// The bits after the last whole byte must be zero: one spelling per value.
		if ((rest === 2 ? second & 0x0f : third & 0x03) !== 0) {
			throw new Base64UrlError('Not the canonical base64url spelling of its bytes.');
		}
		bytes[out] = (first << 2) | (second >> 4);
		if (rest === 3) bytes[out + 1] = ((second & 0x0f) << 4) | (third >> 2);
	}
	return bytes;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Each character code's 6-bit value, or -1 for a character outside the alphabet. */
const SEXTETS = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SEXTETS[ALPHABET.charCodeAt(i)] = i;

function sextet(text: string, at: number): number {
	const code = text.charCodeAt(at);
	const value = code < 128 ? (SEXTETS[code] ?? -1) : -1;
	if (value < 0) throw notBase64Url();
	return value;
}

function notBase64Url(): Base64UrlError {
	return new Base64UrlError('Not base64url text (A–Z, a–z, 0–9, "-" and "_", no padding).');
}
