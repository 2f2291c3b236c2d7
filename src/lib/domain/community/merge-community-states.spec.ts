import { describe, expect, it } from 'vitest';
import { formatHlc } from '../journal/hlc';
import { emptyCommunityState } from './community-document';
import { mergeCommunityStates } from './merge-community-states';

const ME = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const at = (wall: number) => formatHlc({ wall, counter: 0, node: 'n' });

describe('mergeCommunityStates', () => {
	it('joins records from each month and keeps the latest name', () => {
		const october = emptyCommunityState();
		const november = emptyCommunityState();
		october.members.set(ME, { id: ME, author: ME, name: 'Quiet Fern', at: at(1) });
		november.members.set(ME, { id: ME, author: ME, name: 'Night Owl', at: at(2) });
		october.threads.set('t1', {
			id: 't1',
			author: ME,
			at: at(1),
			title: 'T',
			body: 'B',
			contentWarning: null,
			tags: [],
			editedAt: null
		});
		const merged = mergeCommunityStates([november, october]);
		expect([...merged.threads.keys()]).toEqual(['t1']);
		expect(merged.members.get(ME)?.name).toBe('Night Owl');
		expect(mergeCommunityStates([])).toEqual(emptyCommunityState());
	});
});
