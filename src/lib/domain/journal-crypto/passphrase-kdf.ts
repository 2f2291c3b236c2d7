/**
 * The key that a passphrase or PIN wraps the journal's vault key with: PBKDF2-SHA-256 through
 * WebCrypto, native on every phone Hearth runs on (Argon2id in JavaScript would be memory-hard but
 * many times slower there, which on a cheap phone buys fewer iterations of security per second
 * of waiting). 600,000 iterations is OWASP's 2023 figure for PBKDF2-SHA-256.
 *
 * The parameters are stored beside the wrapped key, so a later version can raise the count:
 * the next successful unlock re-wraps with the current default (`needsUpgrade`).
 */

import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { KEY_BYTES, randomBytes } from './aes-gcm';
import { JournalCryptoError } from './crypto-error';

export const KDF_ALGORITHM = 'PBKDF2-SHA-256';
export const DEFAULT_ITERATIONS = 600_000;
/** Below this, stored parameters are refused as damaged or hostile, never used. */
export const MIN_ITERATIONS = 100_000;
/** Above this, an unlock would take minutes on a phone: refused as damaged. */
export const MAX_ITERATIONS = 50_000_000;
const SALT_BYTES = 16;

export interface KdfParams {
	alg: typeof KDF_ALGORITHM;
	iterations: number;
	/** 16 random bytes, base64url. */
	salt: string;
}

export function newKdfParams(iterations = DEFAULT_ITERATIONS): KdfParams {
	return { alg: KDF_ALGORITHM, iterations, salt: encodeBase64Url(randomBytes(SALT_BYTES)) };
}

export function needsUpgrade(params: KdfParams, iterations = DEFAULT_ITERATIONS): boolean {
	return params.iterations < iterations;
}

/** Throws `JournalCryptoError('malformed')` for parameters this version would not write. */
export function parseKdfParams(value: unknown): KdfParams {
	if (typeof value !== 'object' || value === null) throw malformed('missing');
	const { alg, iterations, salt } = value as Record<string, unknown>;
	if (alg !== KDF_ALGORITHM) {
		throw new JournalCryptoError(
			'unsupported-version',
			'The lock uses a key derivation this version does not know.'
		);
	}
	if (
		typeof iterations !== 'number' ||
		!Number.isInteger(iterations) ||
		iterations < MIN_ITERATIONS ||
		iterations > MAX_ITERATIONS
	) {
		throw malformed('iterations out of range');
	}
	if (typeof salt !== 'string') throw malformed('salt');
	let bytes: Uint8Array;
	try {
		bytes = decodeBase64Url(salt);
	} catch {
		throw malformed('salt');
	}
	if (bytes.length !== SALT_BYTES) throw malformed('salt length');
	return { alg, iterations, salt };
}

/** The AES-GCM key a passphrase gives under these parameters. */
export async function derivePassphraseKey(secret: string, params: KdfParams): Promise<CryptoKey> {
	// NFKC, so the same passphrase typed on two keyboards (composed or not) gives one key.
	const material = new TextEncoder().encode(secret.normalize('NFKC'));
	const base = await crypto.subtle.importKey('raw', material, 'PBKDF2', false, ['deriveBits']);
	const bits = await crypto.subtle.deriveBits(
		{
			name: 'PBKDF2',
			hash: 'SHA-256',
			salt: new Uint8Array(decodeBase64Url(params.salt)),
			iterations: params.iterations
		},
		base,
		KEY_BYTES * 8
	);
	return crypto.subtle.importKey('raw', bits, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

function malformed(detail: string): JournalCryptoError {
	return new JournalCryptoError(
		'malformed',
		`The lock's stored parameters are damaged (${detail}).`
	);
}
