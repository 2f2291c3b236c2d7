import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { importAesKey, openBytes, sealBytes } from './aes-gcm';
import { JournalCryptoError, type JournalCryptoProblem } from './crypto-error';
import {
	DEFAULT_ITERATIONS,
	derivePassphraseKey,
	KDF_ALGORITHM,
	MAX_ITERATIONS,
	MIN_ITERATIONS,
	needsUpgrade,
	newKdfParams,
	parseKdfParams,
	type KdfParams
} from './passphrase-kdf';

const PURPOSE = 'hearth/test/v1';
const MESSAGE = new TextEncoder().encode('a quiet morning');

function problemOf(read: () => unknown): JournalCryptoProblem | 'accepted' {
	try {
		read();
		return 'accepted';
	} catch (e: unknown) {
		if (e instanceof JournalCryptoError) return e.code;
		throw e;
	}
}

/** Whether `a` opens what `b` sealed: keys are not extractable, so that is how to compare them. */
async function sameKey(a: CryptoKey, b: CryptoKey): Promise<boolean> {
	const box = await sealBytes(b, MESSAGE, PURPOSE);
	try {
		await openBytes(a, box, PURPOSE);
		return true;
	} catch (e: unknown) {
		if (e instanceof JournalCryptoError && e.code === 'tampered') return false;
		throw e;
	}
}

describe('newKdfParams', () => {
	it('defaults to PBKDF2-SHA-256 at 600,000 iterations with a 16-byte salt', () => {
		const params = newKdfParams();
		expect(DEFAULT_ITERATIONS).toBe(600_000);
		expect(params.alg).toBe('PBKDF2-SHA-256');
		expect(params.alg).toBe(KDF_ALGORITHM);
		expect(params.iterations).toBe(DEFAULT_ITERATIONS);
		expect(decodeBase64Url(params.salt)).toHaveLength(16);
	});

	it('takes another iteration count', () => {
		expect(newKdfParams(MIN_ITERATIONS).iterations).toBe(MIN_ITERATIONS);
	});

	it('makes a fresh salt every time', () => {
		const salts = new Set(Array.from({ length: 50 }, () => newKdfParams().salt));
		expect(salts.size).toBe(50);
	});

	it('writes what parseKdfParams reads back unchanged', () => {
		const params = newKdfParams();
		expect(parseKdfParams(JSON.parse(JSON.stringify(params)))).toEqual(params);
	});
});

describe('needsUpgrade', () => {
	it.each([
		['the minimum, against the default', MIN_ITERATIONS, undefined, true],
		['one below the default', DEFAULT_ITERATIONS - 1, undefined, true],
		['the default', DEFAULT_ITERATIONS, undefined, false],
		['above the default', DEFAULT_ITERATIONS * 2, undefined, false],
		['the default, against a raised target', DEFAULT_ITERATIONS, 1_000_000, true],
		['the minimum, against itself', MIN_ITERATIONS, MIN_ITERATIONS, false]
	])('%s → %s', (_what, stored, target, expected) => {
		expect(needsUpgrade(newKdfParams(stored), target)).toBe(expected);
	});
});

describe('parseKdfParams', () => {
	const good = (): Record<string, unknown> => ({ ...newKdfParams() });

	it.each<
		[string, (params: Record<string, unknown>) => unknown, JournalCryptoProblem | 'accepted']
	>([
		['the parameters as written', (p) => p, 'accepted'],
		['the minimum iterations', (p) => ({ ...p, iterations: MIN_ITERATIONS }), 'accepted'],
		['the maximum iterations', (p) => ({ ...p, iterations: MAX_ITERATIONS }), 'accepted'],
		['too few iterations', (p) => ({ ...p, iterations: MIN_ITERATIONS - 1 }), 'malformed'],
		['one iteration', (p) => ({ ...p, iterations: 1 }), 'malformed'],
		['zero iterations', (p) => ({ ...p, iterations: 0 }), 'malformed'],
		['negative iterations', (p) => ({ ...p, iterations: -600_000 }), 'malformed'],
		['too many iterations', (p) => ({ ...p, iterations: MAX_ITERATIONS + 1 }), 'malformed'],
		['infinite iterations', (p) => ({ ...p, iterations: Infinity }), 'malformed'],
		['fractional iterations', (p) => ({ ...p, iterations: 600_000.5 }), 'malformed'],
		['NaN iterations', (p) => ({ ...p, iterations: NaN }), 'malformed'],
		['iterations as text', (p) => ({ ...p, iterations: '600000' }), 'malformed'],
		['no iterations', (p) => ({ ...p, iterations: undefined }), 'malformed'],
		['another algorithm', (p) => ({ ...p, alg: 'Argon2id' }), 'unsupported-version'],
		[
			'the algorithm in lower case',
			(p) => ({ ...p, alg: 'pbkdf2-sha-256' }),
			'unsupported-version'
		],
		['PBKDF2 with SHA-1', (p) => ({ ...p, alg: 'PBKDF2-SHA-1' }), 'unsupported-version'],
		['no algorithm', (p) => ({ ...p, alg: undefined }), 'unsupported-version'],
		['a salt of 8 bytes', (p) => ({ ...p, salt: encodeBase64Url(new Uint8Array(8)) }), 'malformed'],
		[
			'a salt of 32 bytes',
			(p) => ({ ...p, salt: encodeBase64Url(new Uint8Array(32)) }),
			'malformed'
		],
		['an empty salt', (p) => ({ ...p, salt: '' }), 'malformed'],
		['a salt in padded base64', (p) => ({ ...p, salt: `${String(p.salt)}==` }), 'malformed'],
		[
			'a salt with other characters',
			(p) => ({ ...p, salt: 'salt salt salt salt salt' }),
			'malformed'
		],
		['a salt as bytes', (p) => ({ ...p, salt: new Uint8Array(16) }), 'malformed'],
		['no salt', (p) => ({ ...p, salt: undefined }), 'malformed'],
		['null', () => null, 'malformed'],
		['a string', () => 'PBKDF2-SHA-256', 'malformed'],
		['a number', () => 600_000, 'malformed']
	])('%s → %s', (_what, change, expected) => {
		expect(problemOf(() => parseKdfParams(change(good())))).toBe(expected);
	});

	it('keeps only the three known fields', () => {
		const params = newKdfParams();
		expect(parseKdfParams({ ...params, extra: 'ignored' })).toEqual(params);
	});
});

describe('derivePassphraseKey', () => {
	const params: KdfParams = newKdfParams(MIN_ITERATIONS);

	it('gives the PBKDF2-HMAC-SHA-256 key of the stored salt and iterations', async () => {
		const secret = 'river stone moss';
		const expected = pbkdf2Sync(
			secret,
			decodeBase64Url(params.salt),
			params.iterations,
			32,
			'sha256'
		);
		const derived = await derivePassphraseKey(secret, params);
		expect(await sameKey(derived, await importAesKey(expected))).toBe(true);
	});

	it('gives a key that cannot be exported', async () => {
		const key = await derivePassphraseKey('river stone moss', params);
		expect(key.extractable).toBe(false);
		await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
	});

	it('gives the same key for the same passphrase and parameters', async () => {
		const [a, b] = await Promise.all([
			derivePassphraseKey('river stone moss', params),
			derivePassphraseKey('river stone moss', params)
		]);
		expect(await sameKey(a, b)).toBe(true);
	});

	it.each<[string, string, KdfParams]>([
		['another passphrase', 'river stone mosS', params],
		['another salt', 'river stone moss', { ...params, salt: newKdfParams().salt }],
		['another iteration count', 'river stone moss', { ...params, iterations: MIN_ITERATIONS + 1 }]
	])('gives another key for %s', async (_what, secret, other) => {
		const [a, b] = await Promise.all([
			derivePassphraseKey('river stone moss', params),
			derivePassphraseKey(secret, other)
		]);
		expect(await sameKey(a, b)).toBe(false);
	});

	it('reads a passphrase typed composed or decomposed as the same one', async () => {
		const composed = 'caf\u00e9 au lait';
		const decomposed = 'cafe\u0301 au lait';
		expect(composed).not.toBe(decomposed);
		const [a, b] = await Promise.all([
			derivePassphraseKey(composed, params),
			derivePassphraseKey(decomposed, params)
		]);
		expect(await sameKey(a, b)).toBe(true);
	});
});
