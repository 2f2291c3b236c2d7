import { describe, expect, it } from 'vitest';
import { createCommunityDirectory } from './communities';
import { parseRoom } from './room-access';

const communities = createCommunityDirectory([
	{ id: 'anxiety', name: 'Anxiety', description: 'd', guidelines: ['g'] }
]);
const userId = 'r2q6noea6cnqrypikb6b7ue254';

describe('parseRoom', () => {
	it.each([
		[`journal:${userId}`, { kind: 'journal', ownerId: userId }],
		['community:anxiety:recent', { kind: 'community', communityId: 'anxiety' }],
		['community:anxiety:archive:2025-01', { kind: 'community', communityId: 'anxiety' }],
		[`community:anxiety:${'a'.repeat(64)}`, { kind: 'community', communityId: 'anxiety' }]
	])('%s is a room', (name, room) => {
		expect(parseRoom(name, communities)).toEqual(room);
	});

	it.each([
		'',
		'journal',
		'journal:',
		'journal:ABC',
		`journal:${userId}:extra`,
		`journal:${userId.toUpperCase()}`,
		'community:anxiety',
		'community:anxiety:',
		'community:anxiety:Recent',
		'community:anxiety:-recent',
		'community:anxiety:recent:',
		'community:anxiety:a b',
		`community:anxiety:${'a'.repeat(65)}`,
		`community:anxiety:${'a:'.repeat(60)}a`,
		'community:knitting:recent',
		'community::recent',
		'lobby:anxiety:recent'
	])('%j is not a room', (name) => {
		expect(parseRoom(name, communities)).toBeUndefined();
	});
});
