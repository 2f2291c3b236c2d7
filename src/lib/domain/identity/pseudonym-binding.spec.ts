import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from './base64url';
import { challengeMessage } from './challenge';
import { deriveIdentityKeyPair, derivePseudonymKeyPair } from './derive-keys';
import {
	pseudonymBindingMessage,
	PseudonymBindingError,
	signPseudonymBinding,
	verifyPseudonymBinding,
	type PseudonymBinding
} from './pseudonym-binding';
import { sign } from './public-key';
import { newRootSecret } from './root-secret';

const root = newRootSecret();
const identity = deriveIdentityKeyPair(root);
const pseudonym = derivePseudonymKeyPair(root, 'anxiety');
const binding: PseudonymBinding = {
	communityId: 'anxiety',
	pseudonymPublicKey: pseudonym.publicKey,
	identityPublicKey: identity.publicKey
};
const signatures = signPseudonymBinding('anxiety', { identity, pseudonym });

describe('pseudonymBindingMessage', () => {
	it('is the documented lines, as UTF-8', () => {
		expect(new TextDecoder().decode(pseudonymBindingMessage(binding))).toBe(
			`hearth-pseudonym-v1\nanxiety\n${encodeBase64Url(pseudonym.publicKey)}\n` +
				encodeBase64Url(identity.publicKey)
		);
	});

	it('refuses a line break in the community id', () => {
		expect(() => pseudonymBindingMessage({ ...binding, communityId: 'a\nb' })).toThrow(
			PseudonymBindingError
		);
	});

	it('can never equal a challenge message', () => {
		const challenge = challengeMessage({
			origin: 'anxiety',
			challenge: encodeBase64Url(pseudonym.publicKey),
			publicKey: identity.publicKey
		});
		expect(pseudonymBindingMessage(binding)).not.toEqual(challenge);
	});
});

describe('verifyPseudonymBinding', () => {
	it('accepts both signatures made by signPseudonymBinding', () => {
		expect(verifyPseudonymBinding(binding, signatures)).toBe(true);
	});

	const stranger = deriveIdentityKeyPair(newRootSecret());
	const otherPseudonym = derivePseudonymKeyPair(root, 'grief');
	it.each([
		['another community', { ...binding, communityId: 'grief' }, signatures],
		[
			'another pseudonym key',
			{ ...binding, pseudonymPublicKey: otherPseudonym.publicKey },
			signatures
		],
		[
			'the pseudonym claimed by a stranger who re-signs as themselves',
			{ ...binding, identityPublicKey: stranger.publicKey },
			{
				...signatures,
				signature: sign(
					pseudonymBindingMessage({ ...binding, identityPublicKey: stranger.publicKey }),
					stranger.secretKey
				)
			}
		],
		[
			'a pseudonym key its claimant does not hold',
			{ ...binding, pseudonymPublicKey: otherPseudonym.publicKey },
			{
				signature: sign(
					pseudonymBindingMessage({ ...binding, pseudonymPublicKey: otherPseudonym.publicKey }),
					identity.secretKey
				),
				pseudonymSignature: signatures.pseudonymSignature
			}
		],
		[
			'the two signatures swapped',
			binding,
			{ signature: signatures.pseudonymSignature, pseudonymSignature: signatures.signature }
		],
		['a truncated signature', binding, { ...signatures, signature: signatures.signature.slice(1) }]
	])('refuses %s', (_what, claimed, signed) => {
		expect(verifyPseudonymBinding(claimed, signed)).toBe(false);
	});
});
