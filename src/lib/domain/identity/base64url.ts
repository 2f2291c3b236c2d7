/**
 * Base64url without padding (RFC 4648 §5), for keys, signatures and challenges in JSON bodies.
 * Decoding is strict: one spelling per value, so two strings never name the same key.
 */

const BASE64URL = /^[A-Za-z0-9_-]*$/;

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
	if (!BASE64URL.test(text) || text.length % 4 === 1) {
		throw new Base64UrlError('Not base64url text (A–Z, a–z, 0–9, "-" and "_", no padding).');
	}
	const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
	const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
	// atob ignores set bits after the last whole byte; re-encoding shows whether there were any.
	if (encodeBase64Url(bytes) !== text) {
		throw new Base64UrlError('Not the canonical base64url spelling of its bytes.');
	}
	return bytes;
}
