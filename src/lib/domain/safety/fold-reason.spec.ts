import { describe, expect, it } from 'vitest';
import { foldReason } from './fold-reason';

describe('foldReason', () => {
	it('folds for the author’s content note whatever the setting', () => {
		const post = { contentWarning: 'loss', text: 'My dad died', tags: [] };
		expect(foldReason(post, true)).toEqual({ kind: 'note', note: 'loss' });
		expect(foldReason(post, false)).toEqual({ kind: 'note', note: 'loss' });
	});

	it('folds a sensitive post only when the reader asked for it', () => {
		const post = { contentWarning: null, text: 'Two weeks sober today', tags: [] };
		expect(foldReason(post, true)).toEqual({ kind: 'topics', topics: ['substances'] });
		expect(foldReason(post, false)).toBeNull();
	});

	it('leaves an ordinary post open', () => {
		expect(foldReason({ contentWarning: null, text: 'Nice walk today' }, true)).toBeNull();
	});

	it('treats a blank content note as none', () => {
		expect(foldReason({ contentWarning: '  ', text: 'Nice walk today' }, true)).toBeNull();
	});
});
