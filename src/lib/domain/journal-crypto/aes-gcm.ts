/**
 * AES-256-GCM through WebCrypto, with a fresh 96-bit random nonce for every seal (NIST SP 800-38D
 * §8.2.2: random nonces are safe for far more messages than one journal will ever hold) and
 * associated data that says what the box is for, so a box moved to another place or purpose no
 * longer opens.
 */

import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { JournalCryptoError } from './crypto-error';

export const KEY_BYTES = 32;
const NONCE_BYTES = 12;

/** A sealed message: nonce and ciphertext (with its 16-byte tag), both base64url. */
export interface SealedBox {
	iv: string;
	ct: string;
}

const encoder = new TextEncoder();

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
	return crypto.getRandomValues(new Uint8Array(length));
}

/** Imports 32 raw bytes as an AES-GCM key that cannot be exported again. */
export async function importAesKey(raw: Uint8Array): Promise<CryptoKey> {
	if (raw.length !== KEY_BYTES) {
		throw new JournalCryptoError('malformed', `A journal key has ${KEY_BYTES} bytes.`);
	}
	return crypto.subtle.importKey('raw', new Uint8Array(raw), 'AES-GCM', false, [
		'encrypt',
		'decrypt'
	]);
}

export async function sealBytes(
	key: CryptoKey,
	plaintext: Uint8Array,
	purpose: string
): Promise<SealedBox> {
	const iv = randomBytes(NONCE_BYTES);
	const ct = await crypto.subtle.encrypt(
		{ name: 'AES-GCM', iv, additionalData: encoder.encode(purpose) },
		key,
		new Uint8Array(plaintext)
	);
	return { iv: encodeBase64Url(iv), ct: encodeBase64Url(new Uint8Array(ct)) };
}

/**
 * Throws `JournalCryptoError('tampered')` when the box does not open: GCM cannot tell a wrong
 * key from changed bytes, so callers that know which it is (an unlock) say so themselves.
 */
export async function openBytes(
	key: CryptoKey,
	box: SealedBox,
	purpose: string
): Promise<Uint8Array> {
	const iv = decodeField(box.iv, 'nonce');
	const ct = decodeField(box.ct, 'ciphertext');
	if (iv.length !== NONCE_BYTES) throw new JournalCryptoError('malformed', 'The nonce is damaged.');
	try {
		const plain = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv, additionalData: encoder.encode(purpose) },
			key,
			ct
		);
		return new Uint8Array(plain);
	} catch {
		throw new JournalCryptoError(
			'tampered',
			'The sealed data does not open with this key: it was changed, or it belongs elsewhere.'
		);
	}
}

export function isSealedBox(value: unknown): value is SealedBox {
	return (
		typeof value === 'object' &&
		value !== null &&
		'iv' in value &&
		'ct' in value &&
		typeof value.iv === 'string' &&
		typeof value.ct === 'string'
	);
}

function decodeField(text: string, what: string): Uint8Array<ArrayBuffer> {
	try {
		return new Uint8Array(decodeBase64Url(text));
	} catch {
		throw new JournalCryptoError('malformed', `The ${what} is not base64url.`);
	}
}
