import { createHash, createPrivateKey, createPublicKey, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isId } from '../ids';
import {
	CommunityIdError,
	deriveIdentityKeyPair,
	deriveJournalKeySeed,
	derivePseudonymKeyPair,
	pseudonymIdFromPublicKey,
	userIdFromPublicKey
} from './derive-keys';
import { newRootSecret, RootSecretError } from './root-secret';

const COUNTING = Uint8Array.from({ length: 32 }, (_, i) => i);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** Node's own HKDF and Ed25519, as an independent check of the noble-based derivation. */
function nodeKeyPair(root: Uint8Array, label: string) {
	const seed = Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), label, 32));
	const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
	const jwk = createPublicKey(
		createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
	).export({ format: 'jwk' });
	return { seed: hex(seed), publicKey: Buffer.from(jwk.x ?? '', 'base64url').toString('hex') };
}

describe('deriving from the root secret 0, 1, …, 31', () => {
	// Pinned: these must never change, or every person's identity changes with them.
	it.each([
		[
			'identity',
			() => deriveIdentityKeyPair(COUNTING),
			'b90b39355da67c95d5c37a2baef7f9d316b57d36e35afe4d8897fda22fa3020e',
			'0a6098705e6fb5ed923c8ff962b842b43e27852fac7aff755f56ed8ebc207551'
		],
		[
			'pseudonym in anxiety',
			() => derivePseudonymKeyPair(COUNTING, 'anxiety'),
			'97876248abcfc1052335146fad61801a8c46847cb7d4e45f0c999ad6e36886d6',
			'e6bea4881f5a75aeac3278193134fd273590be4fdd669f57b1ef7cc2487d2c3c'
		],
		[
			'pseudonym in new-parents',
			() => derivePseudonymKeyPair(COUNTING, 'new-parents'),
			'507a8166bb924ed7bad0f84d4ab4479aad5fdacb0b76236996bb9d1c5b74f95f',
			'323dba93425af22de98153cc91bbd004ca32b1d1103ed378a096f33a5580bca5'
		]
	])('gives the pinned %s key pair', (_what, derive, secretKey, publicKey) => {
		const pair = derive();
		expect(hex(pair.secretKey)).toBe(secretKey);
		expect(hex(pair.publicKey)).toBe(publicKey);
	});

	it('gives the pinned journal key seed', () => {
		expect(hex(deriveJournalKeySeed(COUNTING))).toBe(
			'982c58787faaccc6f01d8cf07ad19ea7102f31afed0b25d4722ee3d1ab94c449'
		);
	});

	it('gives the pinned user id', () => {
		expect(userIdFromPublicKey(deriveIdentityKeyPair(COUNTING).publicKey)).toBe(
			'r2q6noea6cnqrypikb6b7ue254'
		);
	});
});

describe('derivation', () => {
	it('matches Node’s HKDF-SHA256 and Ed25519 for random secrets', () => {
		for (let i = 0; i < 20; i++) {
			const root = newRootSecret();
			const cases = [
				['hearth/identity/v1', deriveIdentityKeyPair(root)],
				['hearth/pseudonym/v1/grief', derivePseudonymKeyPair(root, 'grief')]
			] as const;
			for (const [label, pair] of cases) {
				expect({ seed: hex(pair.secretKey), publicKey: hex(pair.publicKey) }).toEqual(
					nodeKeyPair(root, label)
				);
			}
			expect(hex(deriveJournalKeySeed(root))).toBe(nodeKeyPair(root, 'hearth/journal/v1').seed);
		}
	});

	it('is deterministic', () => {
		const root = newRootSecret();
		expect(deriveIdentityKeyPair(root)).toEqual(deriveIdentityKeyPair(root.slice()));
		expect(derivePseudonymKeyPair(root, 'grief')).toEqual(derivePseudonymKeyPair(root, 'grief'));
	});

	it('gives every purpose and every community its own key', () => {
		const root = newRootSecret();
		const keys = [
			deriveIdentityKeyPair(root).secretKey,
			deriveJournalKeySeed(root),
			...['anxiety', 'low-mood', 'grief', 'Anxiety', 'anxiety '].map(
				(community) => derivePseudonymKeyPair(root, community).secretKey
			)
		];
		expect(new Set(keys.map(hex)).size).toBe(keys.length);
	});

	it('gives two people different keys in the same community', () => {
		const a = derivePseudonymKeyPair(newRootSecret(), 'anxiety');
		const b = derivePseudonymKeyPair(newRootSecret(), 'anxiety');
		expect(hex(a.publicKey)).not.toBe(hex(b.publicKey));
	});

	it('refuses an empty community id and a root secret of the wrong size', () => {
		expect(() => derivePseudonymKeyPair(newRootSecret(), '')).toThrow(CommunityIdError);
		expect(() => deriveIdentityKeyPair(new Uint8Array(31))).toThrow(RootSecretError);
		expect(() => deriveJournalKeySeed(new Uint8Array(64))).toThrow(RootSecretError);
	});
});

describe('pseudonyms in two communities', () => {
	it('share nothing others can see: unrelated keys and ids, neither is the user id', () => {
		const root = newRootSecret();
		const userId = userIdFromPublicKey(deriveIdentityKeyPair(root).publicKey);
		const anxiety = derivePseudonymKeyPair(root, 'anxiety');
		const parents = derivePseudonymKeyPair(root, 'new-parents');
		const ids = [
			userId,
			pseudonymIdFromPublicKey(anxiety.publicKey),
			pseudonymIdFromPublicKey(parents.publicKey)
		];
		expect(new Set(ids).size).toBe(3);
		// No shared prefix beyond chance and no byte of one public key sits inside another.
		expect(hex(anxiety.publicKey).slice(0, 8)).not.toBe(hex(parents.publicKey).slice(0, 8));
		const bits = (a: Uint8Array, b: Uint8Array) =>
			a.reduce((sum, byte, i) => sum + popcount(byte ^ (b[i] ?? 0)), 0);
		// Independent 256-bit keys differ in about 128 bits; related ones would differ in few.
		expect(bits(anxiety.publicKey, parents.publicKey)).toBeGreaterThan(80);
	});
});

describe('userIdFromPublicKey', () => {
	it('is 26 URL-safe characters: base32 of the first 16 bytes of SHA-256', () => {
		const publicKey = deriveIdentityKeyPair(newRootSecret()).publicKey;
		const id = userIdFromPublicKey(publicKey);
		expect(isId(id)).toBe(true);
		expect(encodeURIComponent(id)).toBe(id);
		const digest = createHash('sha256').update(publicKey).digest().subarray(0, 16);
		expect(base32Decode(id)).toEqual(digest.toString('hex'));
	});
});

function popcount(byte: number): number {
	let count = 0;
	for (let b = byte; b > 0; b >>= 1) count += b & 1;
	return count;
}

function base32Decode(id: string): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
	const bits = [...id].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
	return (bits.slice(0, 128).match(/.{8}/g) ?? [])
		.map((byte) => parseInt(byte, 2).toString(16).padStart(2, '0'))
		.join('');
}
