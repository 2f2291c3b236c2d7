import { describe, expect, it } from 'vitest';
import { isId, newId } from './ids';

describe('newId', () => {
	it('makes URL-safe ids of 26 characters that isId accepts', () => {
		for (let i = 0; i < 200; i++) {
			const id = newId();
			expect(id).toMatch(/^[a-z2-7]{26}$/);
			expect(encodeURIComponent(id)).toBe(id);
			expect(isId(id)).toBe(true);
		}
	});

	it('does not repeat', () => {
		const ids = new Set(Array.from({ length: 10_000 }, newId));
		expect(ids.size).toBe(10_000);
	});

	it('uses every character of the alphabet', () => {
		const seen = new Set(Array.from({ length: 500 }, newId).join(''));
		expect(seen.size).toBe(32);
	});
});

describe('isId', () => {
	it.each([
		['', false],
		['abc', false],
		['a'.repeat(26), true],
		['a'.repeat(25) + 'b', false],
		['A'.repeat(26), false],
		['a'.repeat(25) + '/', false],
		['a'.repeat(27), false]
	])('%j → %s', (value, expected) => {
		expect(isId(value)).toBe(expected);
	});
});
