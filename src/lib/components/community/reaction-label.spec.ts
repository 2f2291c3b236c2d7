import { describe, expect, it } from 'vitest';
import { REACTION_KINDS } from '$lib/domain/community/records';
import { reactionLabel } from './reaction-label';

describe('reactionLabel', () => {
	it('gives every reaction kind its own warm words', () => {
		expect(REACTION_KINDS.map(reactionLabel)).toEqual([
			'I hear you',
			'Sending strength',
			'Me too',
			'Thank you'
		]);
	});
});
