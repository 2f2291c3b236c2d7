import { describe, expect, it } from 'vitest';
import type { CommunityRootType } from './community-document';
import { recordsToErase } from './records-to-erase';

type Maps = Partial<Record<CommunityRootType, Record<string, unknown>>>;

const reader = (maps: Maps) => (map: CommunityRootType) => Object.entries(maps[map] ?? {});

const erasedFrom = (maps: Maps, authors: string[]) =>
	recordsToErase(reader(maps), new Set(authors))
		.map(({ map, key }) => `${map}/${key}`)
		.sort();

describe('recordsToErase', () => {
	it('takes a person’s own threads, replies, reactions and member entry', () => {
		const maps: Maps = {
			threads: { t1: { author: 'gone' }, t2: { author: 'stays' } },
			replies: { r1: { author: 'gone', thread: 't2' }, r2: { author: 'stays', thread: 't2' } },
			reactions: {
				't2:hear-you:gone': { author: 'gone', target: 't2' },
				't2:hear-you:stays': { author: 'stays', target: 't2' }
			},
			members: { gone: { author: 'gone' }, stays: { author: 'stays' } }
		};
		expect(erasedFrom(maps, ['gone'])).toEqual([
			'members/gone',
			'reactions/t2:hear-you:gone',
			'replies/r1',
			'threads/t1'
		]);
	});

	it('cascades as an author’s own delete does: replies to their threads, reactions, marks', () => {
		const maps: Maps = {
			threads: { t1: { author: 'gone' } },
			replies: { r1: { author: 'stays', thread: 't1' }, r2: { author: 'gone', thread: 't9' } },
			reactions: {
				'r1:me-too:stays': { author: 'stays', target: 'r1' },
				'r2:strength:other': { author: 'other', target: 'r2' },
				't1:hear-you:other': { author: 'other', target: 't1' },
				't9:hear-you:other': { author: 'other', target: 't9' }
			},
			marks: { t1: { by: 'mod' }, r2: { by: 'mod' }, t9: { by: 'gone' } }
		};
		expect(erasedFrom(maps, ['gone'])).toEqual([
			'marks/r2',
			'marks/t1',
			'reactions/r1:me-too:stays',
			'reactions/r2:strength:other',
			'reactions/t1:hear-you:other',
			'replies/r1',
			'replies/r2',
			'threads/t1'
		]);
	});

	it('reads ownership from a reaction’s key even when its value is damaged', () => {
		const maps: Maps = { reactions: { 'x:hear-you:gone': 'not a record' } };
		expect(erasedFrom(maps, ['gone'])).toEqual(['reactions/x:hear-you:gone']);
	});

	it('takes nothing when the person wrote nothing here', () => {
		const maps: Maps = { threads: { t1: { author: 'stays' } }, replies: { r1: 7 } };
		expect(erasedFrom(maps, ['gone'])).toEqual([]);
	});
});
