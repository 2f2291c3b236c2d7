import { describe, expect, it } from 'vitest';
import { assertRootSecret, newRootSecret, ROOT_SECRET_BYTES, RootSecretError } from './root-secret';

describe('newRootSecret', () => {
	it('makes 32 fresh random bytes each time', () => {
		const secrets = Array.from({ length: 50 }, newRootSecret);
		expect(secrets.every((secret) => secret.length === ROOT_SECRET_BYTES)).toBe(true);
		expect(new Set(secrets.map((secret) => secret.join())).size).toBe(50);
	});
});

describe('assertRootSecret', () => {
	it.each([0, 16, 31, 33, 64])('refuses %i bytes', (length) => {
		expect(() => assertRootSecret(new Uint8Array(length))).toThrow(RootSecretError);
	});

	it('accepts 32 bytes', () => {
		expect(() => assertRootSecret(new Uint8Array(32))).not.toThrow();
	});
});
