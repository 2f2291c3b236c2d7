import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from './base64url';
import {
	challengeMessage,
	ChallengeInputError,
	signChallenge,
	verifyChallenge,
	type ChallengeInput
} from './challenge';
import { deriveIdentityKeyPair, derivePseudonymKeyPair } from './derive-keys';
import { newRootSecret } from './root-secret';

const root = newRootSecret();
const identity = deriveIdentityKeyPair(root);
const input: ChallengeInput = {
	origin: 'https://hearth.example',
	challenge: 'q0Fh3y2Jc1bR8wH6mYxYk2QdVnS3gF0pLr9tA7eZuKc',
	publicKey: identity.publicKey
};

describe('challengeMessage', () => {
	it('is the documented lines, as UTF-8', () => {
		const text = new TextDecoder().decode(challengeMessage(input));
		expect(text).toBe(
			`hearth-auth-v1\nhttps://hearth.example\n${input.challenge}\n${encodeBase64Url(identity.publicKey)}`
		);
	});

	it.each([
		['origin', { ...input, origin: 'https://a.example\nx' }],
		['challenge', { ...input, challenge: 'abc\r\ndef' }]
	])('refuses a line break in the %s', (_field, bad) => {
		expect(() => challengeMessage(bad)).toThrow(ChallengeInputError);
	});
});

describe('signChallenge and verifyChallenge', () => {
	const signature = signChallenge(input, identity.secretKey);

	it('accept the signature they made', () => {
		expect(verifyChallenge(input, signature)).toBe(true);
	});

	it.each([
		['another origin', { ...input, origin: 'https://evil.example' }],
		['another challenge', { ...input, challenge: input.challenge.replace('q0', 'q1') }],
		[
			'another public key',
			{ ...input, publicKey: deriveIdentityKeyPair(newRootSecret()).publicKey }
		],
		['a line break smuggled in', { ...input, origin: `${input.origin}\n` }]
	])('refuse the signature for %s', (_what, other) => {
		expect(verifyChallenge(other, signature)).toBe(false);
	});

	it('refuse a tampered signature', () => {
		for (const at of [0, 31, 32, 63]) {
			const tampered = signature.slice();
			tampered[at] = (tampered[at] ?? 0) ^ 0x01;
			expect(verifyChallenge(input, tampered), `byte ${at}`).toBe(false);
		}
	});

	it('refuse a signature by another key over the same message', () => {
		const pseudonym = derivePseudonymKeyPair(root, 'anxiety');
		expect(verifyChallenge(input, signChallenge(input, pseudonym.secretKey))).toBe(false);
	});
});
