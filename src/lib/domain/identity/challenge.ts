/**
 * What a device signs to open a session: the server's one-time challenge, bound to the origin
 * the app runs on and to the key that signs. As UTF-8 text, lines joined by "\n":
 *
 *   hearth-auth-v1
 *   <origin, e.g. https://hearth.example>
 *   <challenge, base64url as the server sent it>
 *   <public key, base64url>
 *
 * The first line keeps these signatures apart from anything else the key signs (pseudonym
 * bindings have their own). The origin stops one Hearth server from replaying its challenge,
 * signed by a person who uses the same recovery code on two servers, to sign in at the other.
 */
import { encodeBase64Url } from './base64url';
import { sign, verifySignature } from './public-key';

export const CHALLENGE_CONTEXT = 'hearth-auth-v1';

export interface ChallengeInput {
	origin: string;
	challenge: string;
	publicKey: Uint8Array;
}

export class ChallengeInputError extends Error {
	override name = 'ChallengeInputError';
}

export function challengeMessage({ origin, challenge, publicKey }: ChallengeInput): Uint8Array {
	// A line break inside a field would let two different inputs produce the same text.
	if (/[\r\n]/.test(origin) || /[\r\n]/.test(challenge)) {
		throw new ChallengeInputError('The origin and the challenge must be single lines.');
	}
	const text = [CHALLENGE_CONTEXT, origin, challenge, encodeBase64Url(publicKey)].join('\n');
	return new TextEncoder().encode(text);
}

export function signChallenge(input: ChallengeInput, secretKey: Uint8Array): Uint8Array {
	return sign(challengeMessage(input), secretKey);
}

/** False for a wrong signature and for any malformed input. */
export function verifyChallenge(input: ChallengeInput, signature: Uint8Array): boolean {
	try {
		return verifySignature(signature, challengeMessage(input), input.publicKey);
	} catch {
		return false;
	}
}
