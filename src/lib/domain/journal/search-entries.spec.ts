import { describe, expect, it } from 'vitest';
import type { JournalEntryView } from './entry';
import { buildSearchIndex, searchEntries, type SearchHit } from './search-entries';

function view(
	id: string,
	createdAt: number,
	text: string,
	tags: string[] = [],
	deletedAt: number | null = null
): JournalEntryView {
	return {
		id,
		createdAt,
		updatedAt: createdAt,
		text,
		mood: null,
		tags,
		prompt: null,
		head: id,
		otherVersions: [],
		deletedAt
	};
}

const views = [
	view('walk', 1, 'Went for a walk by the river. Felt calmer after.', ['calm', 'outside']),
	view('cafe', 2, 'Le CAFÉ était fermé, mais la boulangère a souri.', ['grateful']),
	view('anxious', 3, 'Anxious about the appointment tomorrow.', ['anxious', 'tired']),
	view('decomposed', 4, 'cafe\u0301 with Ana', ['feeling low']),
	view('gone', 5, 'Walk, walk, walk.', ['calm'], 6),
	view('han', 6, '今天和朋友一起散步', []),
	view('ligature', 7, 'The ﬁnal walk', [])
];

const ids = (hits: SearchHit[]) => hits.map((hit) => hit.view.id);
/** The excerpt with highlights marked [like this], to read what a person would see. */
const marked = ({ excerpt }: SearchHit) => {
	let out = excerpt.text;
	for (const { start, end } of [...excerpt.highlights].reverse()) {
		out = `${out.slice(0, start)}[${out.slice(start, end)}]${out.slice(end)}`;
	}
	return out;
};

describe('searchEntries', () => {
	const index = buildSearchIndex(views);

	it.each([
		['walk', ['ligature', 'walk']],
		['WALK river', ['walk']],
		['walk tomorrow', []],
		['alk', []],
		['anx', ['anxious']],
		['cafe', ['decomposed', 'cafe']],
		['café', ['decomposed', 'cafe']],
		['boulangere', ['cafe']],
		['final', ['ligature']],
		['朋友', ['han']],
		['calm', ['walk']],
		['#calm', ['walk']],
		['#CALM walk', ['walk']],
		['#calmer', []],
		['#feeling', []],
		['feeling', ['decomposed']],
		['#tired anxious', ['anxious']],
		['"river."', ['walk']],
		['', ['ligature', 'han', 'decomposed', 'anxious', 'cafe', 'walk']],
		['  #  ', ['ligature', 'han', 'decomposed', 'anxious', 'cafe', 'walk']]
	])('%j finds %j, newest first, never deleted ones', (query, expected) => {
		expect(ids(searchEntries(index, query))).toEqual(expected);
	});

	it('gives the same answers from plain views as from an index', () => {
		expect(searchEntries(views, 'walk')).toEqual(searchEntries(index, 'walk'));
	});

	it.each([
		['river calm', 'walk', 'Went for a walk by the [river]. Felt [calm]er after.'],
		['cafe', 'cafe', 'Le [CAFÉ] était fermé, mais la boulangère a souri.'],
		['cafe', 'decomposed', '[cafe\u0301] with Ana'],
		['fin', 'ligature', 'The [ﬁn]al walk'],
		['an', 'decomposed', 'cafe\u0301 with [An]a'],
		['友', 'han', '今天和朋[友]一起散步']
	])('highlights %j in %s as %j', (query, id, expected) => {
		const hit = searchEntries(views, query).find((h) => h.view.id === id);
		expect(hit && marked(hit)).toBe(expected);
	});

	it('reports which tags matched', () => {
		const [hit] = searchEntries(index, 'calm #outside');
		expect(hit?.matchedTags).toEqual(['calm', 'outside']);
	});

	it('cuts a long text around the first match, at word boundaries', () => {
		const long = `${'early words '.repeat(30)}the needle sits here\n${'later words '.repeat(30)}`;
		const [hit] = searchEntries([view('long', 1, long)], 'needle');
		expect(hit?.excerpt.clippedStart).toBe(true);
		expect(hit?.excerpt.clippedEnd).toBe(true);
		expect(hit?.excerpt.text.length).toBeLessThanOrEqual(160);
		expect(hit?.excerpt.text).toMatch(/^words .* words$/);
		expect(hit?.excerpt.text).not.toContain('\n');
		expect(hit && marked(hit)).toContain('the [needle] sits here later');
	});

	it('starts the excerpt at the beginning when only a tag matched', () => {
		const [hit] = searchEntries(index, '#grateful');
		expect(hit?.excerpt).toEqual({
			text: 'Le CAFÉ était fermé, mais la boulangère a souri.',
			highlights: [],
			clippedStart: false,
			clippedEnd: false
		});
	});
});
