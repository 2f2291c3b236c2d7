import { describe, expect, it } from 'vitest';
import { MAX_TAGS, normaliseTag, normaliseTags, SUGGESTED_FEELINGS } from './tags';

describe('normaliseTag', () => {
	it.each([
		['tired', 'tired'],
		['  Tired ', 'tired'],
		['#Tired', 'tired'],
		['## tired', 'tired'],
		['feeling   \t very\nlow', 'feeling very low'],
		['ÉPUISÉ', 'épuisé'],
		['e\u0301puise\u0301', 'épuisé'],
		['İSTANBUL', 'i̇stanbul'],
		['#', ''],
		['   ', ''],
		['x'.repeat(40), 'x'.repeat(32)],
		['a'.repeat(31) + ' b', 'a'.repeat(31)],
		['😔'.repeat(40), '😔'.repeat(32)],
		['👩‍👧'.repeat(33), '👩‍👧'.repeat(32)]
	])('%j → %j', (raw, expected) => {
		expect(normaliseTag(raw)).toBe(expected);
	});
});

describe('normaliseTags', () => {
	it('drops empties and duplicates, keeping the order first given', () => {
		expect(normaliseTags(['Sad', ' ', '#calm', 'sad', 'CALM', 'tired'])).toEqual([
			'sad',
			'calm',
			'tired'
		]);
	});

	it(`keeps at most ${MAX_TAGS}`, () => {
		const many = Array.from({ length: 20 }, (_, i) => `tag ${i}`);
		expect(normaliseTags(many)).toEqual(many.slice(0, MAX_TAGS));
	});

	it('counts the limit after duplicates are removed', () => {
		const many = ['a', 'A', ...Array.from({ length: 12 }, (_, i) => `t${i}`)];
		expect(normaliseTags(many)).toHaveLength(MAX_TAGS);
		expect(normaliseTags(many)[0]).toBe('a');
	});
});

describe('SUGGESTED_FEELINGS', () => {
	it('are already canonical tags, so choosing one stores it unchanged', () => {
		expect(normaliseTags(SUGGESTED_FEELINGS)).toEqual([...SUGGESTED_FEELINGS]);
	});
});
