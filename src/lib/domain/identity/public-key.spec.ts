import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { isValidPublicKey, sign, verifySignature } from './public-key';

const { secretKey, publicKey } = ed25519.keygen();
const message = new TextEncoder().encode('hello');

describe('isValidPublicKey', () => {
	it.each([
		['a real key', publicKey, true],
		['31 bytes', publicKey.slice(0, 31), false],
		['33 bytes', Uint8Array.of(...publicKey, 0), false],
		// The identity point (y = 1): every signature with R = identity and s = 0 verifies.
		['the identity point', Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : 0)), false],
		['not a point', new Uint8Array(32).fill(0xff), false]
	])('%s → %s', (_what, key, expected) => {
		expect(isValidPublicKey(key)).toBe(expected);
	});
});

describe('verifySignature', () => {
	const signature = sign(message, secretKey);

	it('accepts a signature by the key over the message', () => {
		expect(verifySignature(signature, message, publicKey)).toBe(true);
	});

	it.each([
		[
			'another message',
			() => verifySignature(signature, new TextEncoder().encode('hellO'), publicKey)
		],
		['another key', () => verifySignature(signature, message, ed25519.keygen().publicKey)],
		[
			'a flipped bit',
			() =>
				verifySignature(
					signature.map((b, i) => (i === 10 ? b ^ 1 : b)),
					message,
					publicKey
				)
		],
		['a short signature', () => verifySignature(signature.slice(0, 63), message, publicKey)],
		['a malformed key', () => verifySignature(signature, message, publicKey.slice(1))]
	])('refuses %s without throwing', (_what, check) => {
		expect(check()).toBe(false);
	});
});
