import { describe, expect, it } from 'vitest';
import { searchExcerpt } from './search-excerpt';

function marked({ excerpt, matches }: ReturnType<typeof searchExcerpt>): string[] {
	return matches.map(({ start, end }) => excerpt.slice(start, end));
}

describe('searchExcerpt', () => {
	it('marks every query word where it appears, ignoring case and accents', () => {
		const hit = searchExcerpt('Le Café was calm. The cafe was loud.', 'cafe CALM');
		expect(hit.excerpt).toBe('Le Café was calm. The cafe was loud.');
		expect(marked(hit)).toEqual(['Café', 'calm', 'cafe']);
	});

	it('cuts a long text around the first match, saying so with ellipses', () => {
		const text = `${'word '.repeat(60)}needle ${'more '.repeat(60)}`;
		const hit = searchExcerpt(text, 'needle', 60);
		expect(hit.excerpt.startsWith('…')).toBe(true);
		expect(hit.excerpt.endsWith('…')).toBe(true);
		expect(marked(hit)).toEqual(['needle']);
	});

	it('shows the start when nothing matches', () => {
		expect(searchExcerpt('Short text', 'zzz')).toEqual({ excerpt: 'Short text', matches: [] });
	});
});
