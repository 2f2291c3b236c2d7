import { describe, expect, it } from 'vitest';
import { newId } from '../ids';
import { PSEUDONYM_NAME_COUNT, pseudonymName } from './pseudonym-name';

describe('pseudonymName', () => {
	it('gives the same two-word name for the same pseudonym, everywhere', () => {
		const id = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
		expect(pseudonymName(id)).toBe(pseudonymName(id));
		expect(pseudonymName(id)).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
	});

	it('spreads pseudonyms over many names', () => {
		const names = new Set(Array.from({ length: 200 }, () => pseudonymName(newId())));
		expect(names.size).toBeGreaterThan(150);
		expect(PSEUDONYM_NAME_COUNT).toBeGreaterThanOrEqual(1000);
	});

	it('offers a different name on each further attempt, for when one is taken', () => {
		const id = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
		const attempts = Array.from({ length: 20 }, (_, attempt) => pseudonymName(id, attempt));
		expect(new Set(attempts).size).toBe(20);
	});

	it('depends on the pseudonym alone, so two communities give unlinked names', () => {
		const inOne = 'ccccccccccccccccccccccccca';
		const inOther = 'ddddddddddddddddddddddddda';
		expect(pseudonymName(inOne)).not.toBe(pseudonymName(inOther));
	});
});
