import { describe, expect, it } from 'vitest';
import {
	readCatalogue,
	readCommunityIds,
	readConfirmed,
	readDeletions,
	readHeld,
	readJoined,
	type HeldRecord,
	type JoinedCommunityRecord,
	type SeenDeletion
} from './community.repository';

const INFO = {
	id: 'anxiety',
	name: 'Anxiety',
	description: 'Together',
	guidelines: ['Be kind.'],
	guidelinesVersion: '0123456789abcdef'
};

const JOINED: JoinedCommunityRecord = {
	id: 'anxiety',
	info: INFO,
	joinedAt: 1_700_000_000_000,
	guidelinesAcceptedAt: 1_700_000_000_000,
	chosenName: 'Quiet Fern',
	authoredMonths: ['2026-10'],
	openedMonths: ['2026-09', '2026-08'],
	guidelinesVersion: '0123456789abcdef',
	guidelinesSent: null
};

const HELD: HeldRecord = {
	community: 'anxiety',
	docName: 'community:anxiety:2026-11',
	map: 'replies',
	key: 'r1',
	value: { id: 'r1', body: 'Hello' },
	state: 'draft',
	reason: 'blocked',
	heldAt: 5
};

const DELETION: SeenDeletion = { map: 'threads', key: 't1', client: 12, clock: 0 };

/** `[first, <hole>, last]`: a list damaged storage might hand back. */
function withHole(first: unknown, last: unknown): unknown[] {
	const list: unknown[] = [first];
	list[2] = last;
	return list;
}

const NOT_OBJECTS: unknown[] = [undefined, null, 7, 'anxiety', true];

describe('readJoined', () => {
	it('reads a joined community, keeping only the fields it knows', () => {
		const stored = { ...JOINED, extra: 1, info: { ...INFO, colour: 'red' } };
		expect(readJoined(stored)).toStrictEqual(JOINED);
	});

	it('reads a community joined before guideline versions, leaving them out', () => {
		const { guidelinesVersion: _v, guidelinesSent: _s, ...older } = JOINED;
		const info = { id: 'sleep', name: 'Sleep', description: '', guidelines: [] };
		const record = { ...older, info, chosenName: null };
		expect(readJoined(record)).toStrictEqual(record);
	});

	it('gives back copies of its lists', () => {
		const stored = structuredClone(JOINED);
		const read = readJoined(stored);
		expect(read?.authoredMonths).not.toBe(stored.authoredMonths);
		expect(read?.info.guidelines).not.toBe(stored.info.guidelines);
	});

	it.each(NOT_OBJECTS)('is null for a row that is not an object (%j)', (value) => {
		expect(readJoined(value)).toBeNull();
	});

	it.each<[string, Record<string, unknown>]>([
		['no id', { id: undefined }],
		['an id that is not a string', { id: 3 }],
		['no info', { info: undefined }],
		['info that is not an object', { info: 'Anxiety' }],
		['info without an id', { info: { ...INFO, id: undefined } }],
		['info with a name that is not a string', { info: { ...INFO, name: 1 } }],
		['info without a description', { info: { ...INFO, description: undefined } }],
		['info with guidelines that are not a list', { info: { ...INFO, guidelines: 'Be kind.' } }],
		['info with a guideline that is not a string', { info: { ...INFO, guidelines: [1] } }],
		['info with a hole in its guidelines', { info: { ...INFO, guidelines: withHole('a', 'b') } }],
		['info with a version that is not a string', { info: { ...INFO, guidelinesVersion: null } }],
		['a join time that is not a number', { joinedAt: '2026-11-27' }],
		['a join time that is NaN', { joinedAt: NaN }],
		['no acceptance time', { guidelinesAcceptedAt: undefined }],
		['no chosen name (it must be there, even as null)', { chosenName: undefined }],
		['a chosen name that is not a string', { chosenName: 5 }],
		['authored months that are not a list', { authoredMonths: '2026-10' }],
		['an authored month in another form', { authoredMonths: ['2026-13'] }],
		['an authored month that is not a string', { authoredMonths: [202610] }],
		['a hole in the opened months', { openedMonths: withHole('2026-09', '2026-08') }],
		['no opened months', { openedMonths: undefined }],
		['a guidelines version that is not a string', { guidelinesVersion: 1 }],
		['a sent version that is not a string', { guidelinesSent: false }]
	])('is null for a row with %s', (_, change) => {
		expect(readJoined({ ...JOINED, ...change })).toBeNull();
	});
});

describe('readHeld', () => {
	it('reads a held record, whatever the record itself is', () => {
		expect(readHeld({ ...HELD, extra: 1 })).toStrictEqual(HELD);
		expect(readHeld({ ...HELD, value: 'anything' })).toStrictEqual({ ...HELD, value: 'anything' });
		expect(readHeld({ ...HELD, value: undefined })).toStrictEqual({ ...HELD, value: undefined });
	});

	it.each(NOT_OBJECTS)('is null for a row that is not an object (%j)', (value) => {
		expect(readHeld(value)).toBeNull();
	});

	it.each<[string, Record<string, unknown>]>([
		['no community', { community: undefined }],
		['a document name that is not a string', { docName: 1 }],
		['an unknown map', { map: 'notes' }],
		['a key that is not a string', { key: 5 }],
		['an unknown state', { state: 'sent' }],
		['a reason that is not a string', { reason: null }],
		['a time that is not a number', { heldAt: '5' }]
	])('is null for a row with %s', (_, change) => {
		expect(readHeld({ ...HELD, ...change })).toBeNull();
	});

	it('is null for a row without the record', () => {
		const { value: _value, ...withoutValue } = HELD;
		expect(readHeld(withoutValue)).toBeNull();
	});
});

describe('readDeletions', () => {
	it('reads a document’s kept deletions, keeping only the fields it knows', () => {
		const stored = { docName: 'community:anxiety:2026-11', deletions: [{ ...DELETION, x: 1 }] };
		expect(readDeletions({ ...stored, extra: true })).toStrictEqual({
			docName: 'community:anxiety:2026-11',
			deletions: [DELETION]
		});
	});

	it.each<[string, unknown]>([
		...NOT_OBJECTS.map((value): [string, unknown] => [`a row that is ${String(value)}`, value]),
		['no document name', { deletions: [DELETION] }],
		['no list', { docName: 'd' }],
		['a list that is not a list', { docName: 'd', deletions: DELETION }],
		['an entry that is not an object', { docName: 'd', deletions: ['t1'] }],
		['a hole in the list', { docName: 'd', deletions: withHole(DELETION, DELETION) }],
		['the members map', { docName: 'd', deletions: [{ ...DELETION, map: 'members' }] }],
		['a key that is not a string', { docName: 'd', deletions: [{ ...DELETION, key: 1 }] }],
		['a client that is negative', { docName: 'd', deletions: [{ ...DELETION, client: -1 }] }],
		['a client that is not whole', { docName: 'd', deletions: [{ ...DELETION, client: 1.5 }] }],
		['a clock that is infinite', { docName: 'd', deletions: [{ ...DELETION, clock: Infinity }] }],
		['a clock that is a string', { docName: 'd', deletions: [{ ...DELETION, clock: '0' }] }]
	])('is null for %s', (_, value) => {
		expect(readDeletions(value)).toBeNull();
	});
});

describe('readCatalogue', () => {
	it('reads the kept catalogue', () => {
		const catalogue = { communities: [INFO], fetchedAt: 5 };
		expect(readCatalogue({ ...catalogue, extra: 1 })).toStrictEqual(catalogue);
	});

	it.each<[string, unknown]>([
		['nothing', undefined],
		['a list', [INFO]],
		['no communities', { fetchedAt: 5 }],
		['communities that are not a list', { communities: INFO, fetchedAt: 5 }],
		['one community without a name', { communities: [{ ...INFO, name: undefined }], fetchedAt: 5 }],
		['no time it was fetched', { communities: [INFO] }],
		['a time that is NaN', { communities: [INFO], fetchedAt: NaN }]
	])('is null for %s', (_, value) => {
		expect(readCatalogue(value)).toBeNull();
	});
});

describe('readCommunityIds', () => {
	it('reads a list of ids', () => {
		expect(readCommunityIds(['anxiety', 'sleep'])).toStrictEqual(['anxiety', 'sleep']);
	});

	it.each<[string, unknown]>([
		['nothing', undefined],
		['a string', 'anxiety'],
		['an id that is not a string', ['anxiety', 7]],
		['a hole', withHole('anxiety', 'sleep')]
	])('is empty for %s', (_, value) => {
		expect(readCommunityIds(value)).toStrictEqual([]);
	});
});

describe('readConfirmed', () => {
	it('reads a stored state vector, ignoring anything after each pair', () => {
		expect(
			readConfirmed([
				[1, 10],
				[2, 20, 'extra']
			])
		).toStrictEqual(
			new Map([
				[1, 10],
				[2, 20]
			])
		);
	});

	it.each<[string, unknown]>([
		['nothing', undefined],
		['a map object', { 1: 10 }],
		['a pair that is not a list', [[1, 10], 5]],
		['a pair missing its clock', [[1]]],
		['a clock that is a string', [[1, '10']]],
		['a client that is NaN', [[NaN, 10]]]
	])('is empty for %s', (_, value) => {
		expect(readConfirmed(value)).toStrictEqual(new Map());
	});
});
