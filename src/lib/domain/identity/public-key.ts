/**
 * Ed25519 public keys and signatures as they travel: sizes, and which keys to accept at all.
 * Verification is strict RFC 8032 (not ZIP-215) and refuses small-order keys, for which a
 * signature can be forged without any secret.
 */
import { ed25519 } from '@noble/curves/ed25519.js';

export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;

export function isValidPublicKey(publicKey: Uint8Array): boolean {
	if (publicKey.length !== PUBLIC_KEY_BYTES) return false;
	try {
		return !ed25519.Point.fromBytes(publicKey, false).isSmallOrder();
	} catch {
		return false;
	}
}

/** False for a wrong signature and for anything malformed: callers need only the answer. */
export function verifySignature(
	signature: Uint8Array,
	message: Uint8Array,
	publicKey: Uint8Array
): boolean {
	if (signature.length !== SIGNATURE_BYTES || !isValidPublicKey(publicKey)) return false;
	try {
		return ed25519.verify(signature, message, publicKey, { zip215: false });
	} catch {
		return false;
	}
}

export function sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
	return ed25519.sign(message, secretKey);
}
