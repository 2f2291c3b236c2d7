/**
 * How a person ties a community pseudonym to their identity, for the server's eyes only. Both
 * keys sign the same UTF-8 text, lines joined by "\n":
 *
 *   hearth-pseudonym-v1
 *   <community id>
 *   <pseudonym public key, base64url>
 *   <identity public key, base64url>
 *
 * The identity key's signature says "this pseudonym is mine"; the pseudonym key's says "I belong
 * to this identity", so no one can claim a pseudonym key they do not hold, nor replay its
 * signature under another identity.
 */
import { encodeBase64Url } from './base64url';
import type { KeyPair } from './derive-keys';
import { sign, verifySignature } from './public-key';

export const PSEUDONYM_BINDING_CONTEXT = 'hearth-pseudonym-v1';

export interface PseudonymBinding {
	communityId: string;
	pseudonymPublicKey: Uint8Array;
	identityPublicKey: Uint8Array;
}

export interface PseudonymBindingSignatures {
	/** By the identity key. */
	signature: Uint8Array;
	/** By the pseudonym key. */
	pseudonymSignature: Uint8Array;
}

export class PseudonymBindingError extends Error {
	override name = 'PseudonymBindingError';
}

export function pseudonymBindingMessage(binding: PseudonymBinding): Uint8Array {
	if (/[\r\n]/.test(binding.communityId)) {
		throw new PseudonymBindingError('A community id must be a single line.');
	}
	const text = [
		PSEUDONYM_BINDING_CONTEXT,
		binding.communityId,
		encodeBase64Url(binding.pseudonymPublicKey),
		encodeBase64Url(binding.identityPublicKey)
	].join('\n');
	return new TextEncoder().encode(text);
}

export function signPseudonymBinding(
	communityId: string,
	keys: { identity: KeyPair; pseudonym: KeyPair }
): PseudonymBindingSignatures {
	const message = pseudonymBindingMessage({
		communityId,
		pseudonymPublicKey: keys.pseudonym.publicKey,
		identityPublicKey: keys.identity.publicKey
	});
	return {
		signature: sign(message, keys.identity.secretKey),
		pseudonymSignature: sign(message, keys.pseudonym.secretKey)
	};
}

/** True only when both signatures hold; false for anything malformed. */
export function verifyPseudonymBinding(
	binding: PseudonymBinding,
	signatures: PseudonymBindingSignatures
): boolean {
	try {
		const message = pseudonymBindingMessage(binding);
		return (
			verifySignature(signatures.signature, message, binding.identityPublicKey) &&
			verifySignature(signatures.pseudonymSignature, message, binding.pseudonymPublicKey)
		);
	} catch {
		return false;
	}
}
