import { describe, expect, it, vi } from 'vitest';
import { FoldCache } from './fold-cache';
import { foldReason } from './fold-reason';
import * as topicsModule from './sensitive-topics';

const calm = { contentWarning: null, tags: [], text: 'A quiet walk by the river' };
const heavy = { contentWarning: null, tags: [], text: 'I relapsed last night' };

describe('FoldCache', () => {
	it('says what foldReason says', () => {
		const cache = new FoldCache();
		const noted = { contentWarning: 'grief', tags: [], text: 'a loss' };
		for (const post of [calm, heavy, noted]) {
			for (const fold of [true, false]) {
				expect(cache.reasonFor('p', post, fold)).toEqual(foldReason(post, fold));
			}
		}
	});

	it('reads a record again when its words change, not otherwise', () => {
		const cache = new FoldCache();
		expect(cache.reasonFor('p1', calm, true)).toBeNull();
		expect(cache.reasonFor('p1', calm, true)).toBeNull();
		// The same id edited to a heavier text folds at once.
		expect(cache.reasonFor('p1', heavy, true)).toEqual({ kind: 'topics', topics: ['substances'] });
		expect(cache.reasonFor('p1', { ...calm, tags: ['abuse'] }, true)).toEqual({
			kind: 'topics',
			topics: ['abuse']
		});
	});

	it('returns the kept topics for an unchanged record', () => {
		const cache = new FoldCache();
		const first = cache.topicsOf('p1', heavy);
		expect(cache.topicsOf('p1', { ...heavy })).toBe(first);
		expect(cache.topicsOf('p2', heavy)).not.toBe(first);
	});

	it('keeps no more records than its limit', () => {
		const cache = new FoldCache(3);
		for (let i = 0; i < 10; i++) cache.topicsOf(`p${i}`, calm);
		expect(cache.size).toBe(3);
	});

	it('reads topics once per record and text, and not at all for a reader who does not fold', () => {
		const spy = vi.spyOn(topicsModule, 'sensitiveTopics');
		const cache = new FoldCache();
		cache.reasonFor('p', heavy, false);
		expect(spy).not.toHaveBeenCalled();
		for (let i = 0; i < 5; i++) cache.reasonFor('p', heavy, true);
		expect(spy).toHaveBeenCalledTimes(1);
		cache.reasonFor('p', calm, true);
		expect(spy).toHaveBeenCalledTimes(2);
		spy.mockRestore();
	});
});
