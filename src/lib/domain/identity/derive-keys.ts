/**
 * Every key a person has, derived from the root secret with HKDF-SHA256, one `info` label per
 * purpose, so that no key reveals another:
 *   hearth/identity/v1                 the Ed25519 identity key (signs in; known to the server)
 *   hearth/pseudonym/v1/<communityId>  one Ed25519 key per community; other members cannot link
 *                                      two of a person's pseudonyms, only the server can
 *   hearth/journal/v1                  32 bytes that will key the journal's encryption
 * The root secret is uniformly random, so HKDF's extract step needs no salt (RFC 5869 §3.1).
 * Changing a label changes everyone's keys: add a new version instead.
 *
 * noble's HKDF and Ed25519 run the same, synchronously, in every browser and in Node; WebCrypto
 * lacks Ed25519 on many of the older phones Hearth is meant for.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeLowerBase32 } from './base32';
import { assertRootSecret } from './root-secret';

export const IDENTITY_LABEL = 'hearth/identity/v1';
export const PSEUDONYM_LABEL_PREFIX = 'hearth/pseudonym/v1/';
export const JOURNAL_LABEL = 'hearth/journal/v1';
const SEED_BYTES = 32;
const ID_HASH_BYTES = 16;

export interface KeyPair {
	/** The 32-byte Ed25519 seed (RFC 8032's "private key"); never leaves the device. */
	secretKey: Uint8Array;
	publicKey: Uint8Array;
}

export class CommunityIdError extends Error {
	override name = 'CommunityIdError';
}

export function deriveIdentityKeyPair(rootSecret: Uint8Array): KeyPair {
	return keyPairFrom(deriveSeed(rootSecret, IDENTITY_LABEL));
}

export function derivePseudonymKeyPair(rootSecret: Uint8Array, communityId: string): KeyPair {
	if (communityId === '') throw new CommunityIdError('A pseudonym needs a community id.');
	return keyPairFrom(deriveSeed(rootSecret, PSEUDONYM_LABEL_PREFIX + communityId));
}

export function deriveJournalKeySeed(rootSecret: Uint8Array): Uint8Array {
	return deriveSeed(rootSecret, JOURNAL_LABEL);
}

/**
 * A short, URL-safe id for a public key: lower-case base32 of the first 16 bytes of its
 * SHA-256, 26 characters, the same shape as record ids (`isId` in ../ids.ts accepts it).
 * 128 bits keep collisions out of reach while staying short enough for URLs and records.
 */
export function userIdFromPublicKey(publicKey: Uint8Array): string {
	return encodeLowerBase32(sha256(publicKey).subarray(0, ID_HASH_BYTES));
}

/** Pseudonym ids are made the same way; they share one namespace with user ids. */
export const pseudonymIdFromPublicKey = userIdFromPublicKey;

function deriveSeed(rootSecret: Uint8Array, label: string): Uint8Array {
	assertRootSecret(rootSecret);
	return hkdf(sha256, rootSecret, undefined, new TextEncoder().encode(label), SEED_BYTES);
}

function keyPairFrom(seed: Uint8Array): KeyPair {
	return { secretKey: seed, publicKey: ed25519.getPublicKey(seed) };
}
