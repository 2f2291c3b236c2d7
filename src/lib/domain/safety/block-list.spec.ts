import { describe, expect, it } from 'vitest';
import {
	addBlock,
	blockedIn,
	isBlocked,
	MAX_BLOCKED,
	removeBlock,
	type BlockedPerson
} from './block-list';

const person = (communityId: string, pseudonymId: string): BlockedPerson => ({
	communityId,
	communityName: `Community ${communityId}`,
	pseudonymId,
	name: `Name ${pseudonymId}`,
	blockedAt: 1
});

describe('block list', () => {
	it('blocks a pseudonym in one community only', () => {
		const list = addBlock([], person('c1', 'p1'));
		expect(isBlocked(list, 'c1', 'p1')).toBe(true);
		expect(isBlocked(list, 'c2', 'p1')).toBe(false);
		expect(blockedIn(list, 'c1')).toEqual(new Set(['p1']));
		expect(blockedIn(list, 'c2')).toEqual(new Set());
	});

	it('does not list someone twice', () => {
		const list = addBlock(addBlock([], person('c1', 'p1')), person('c1', 'p1'));
		expect(list).toHaveLength(1);
	});

	it('unblocks only the one named', () => {
		const list = [person('c1', 'p1'), person('c1', 'p2'), person('c2', 'p1')];
		expect(removeBlock(list, 'c1', 'p1')).toEqual([person('c1', 'p2'), person('c2', 'p1')]);
		expect(removeBlock(list, 'c3', 'p1')).toEqual(list);
	});

	it('keeps the newest blocks when the list is full', () => {
		let list: BlockedPerson[] = [];
		for (let i = 0; i <= MAX_BLOCKED; i++) list = addBlock(list, person('c', `p${i}`));
		expect(list).toHaveLength(MAX_BLOCKED);
		expect(isBlocked(list, 'c', 'p0')).toBe(false);
		expect(isBlocked(list, 'c', `p${MAX_BLOCKED}`)).toBe(true);
	});
});
