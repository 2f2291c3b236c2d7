import { describe, expect, it } from 'vitest';
import type { JournalEntry } from './entry';
import { formatHlc } from './hlc';
import {
	CURRENT_ENTRY_VERSION,
	InvalidEntryError,
	type EntryPath,
	MAX_ENTRY_ID_LENGTH,
	MAX_ENTRY_TEXT_LENGTH,
	PRE_RELEASE_DEVICE,
	migrateEntry,
	parseEntry
} from './parse-entry';

const AT_1 = formatHlc({ wall: 1_700_000_000_000, counter: 0, node: 'phone' });
const AT_2 = formatHlc({ wall: 1_700_000_100_000, counter: 0, node: 'phone' });

/** A two-revision entry; tests break one thing in a fresh copy each time. */
function validEntry(): JournalEntry {
	return {
		v: 1,
		id: 'entry-1',
		createdAt: 1_700_000_000_000,
		revisions: {
			r1: {
				id: 'r1',
				parent: null,
				at: AT_1,
				device: 'phone',
				text: 'Slept badly.',
				mood: 2,
				tags: ['tired'],
				prompt: null
			},
			r2: {
				id: 'r2',
				parent: 'r1',
				at: AT_2,
				device: 'phone',
				text: 'Slept badly, better after a walk.',
				mood: 3,
				tags: ['tired', 'outside'],
				prompt: 'gratitude-1'
			}
		},
		deletedAt: null
	};
}

/** The pre-release prototype's record shape (v0): see the note at the top of parse-entry.ts. */
function v0Record(): Record<string, unknown> {
	return {
		id: 'old-1',
		createdAt: 1_690_000_000_000,
		text: 'From the prototype.',
		mood: 4,
		tags: ['calm']
	};
}

function invalidEntryError(action: () => unknown): InvalidEntryError {
	try {
		action();
	} catch (e: unknown) {
		if (e instanceof InvalidEntryError) return e;
		throw e;
	}
	throw new Error('expected an InvalidEntryError, but nothing was thrown');
}

describe('parseEntry', () => {
	it('returns a valid entry unchanged, as a copy that does not share objects with the input', () => {
		const raw = validEntry();
		const parsed = parseEntry(raw);
		expect(parsed).toEqual(validEntry());
		expect(parsed).not.toBe(raw);
		expect(parsed.revisions['r1']).not.toBe(raw.revisions['r1']);
	});

	it('accepts mood null, empty text and text at the length cap', () => {
		const entry = validEntry();
		entry.revisions['r1'] = { ...entry.revisions['r1']!, mood: null, text: '' };
		entry.revisions['r2'] = { ...entry.revisions['r2']!, text: 'x'.repeat(MAX_ENTRY_TEXT_LENGTH) };
		expect(parseEntry(entry)).toEqual(entry);
	});

	it('accepts a deleted entry and an entry with two concurrent heads', () => {
		const entry = validEntry();
		entry.deletedAt = 1_700_000_200_000;
		entry.revisions['r3'] = { ...entry.revisions['r2']!, id: 'r3', parent: 'r1' };
		expect(parseEntry(entry)).toEqual(entry);
	});

	type Breakage = [name: string, broken: () => unknown, path: EntryPath];
	const without = (record: object, field: string): Record<string, unknown> =>
		Object.fromEntries(Object.entries(record).filter(([key]) => key !== field));
	const entryWith = (fields: Record<string, unknown>): unknown => ({ ...validEntry(), ...fields });
	const revisionWith = (id: 'r1' | 'r2', fields: Record<string, unknown>): unknown => {
		const entry = validEntry();
		return {
			...entry,
			revisions: { ...entry.revisions, [id]: { ...entry.revisions[id], ...fields } }
		};
	};
	const revisionWithout = (field: string): unknown => {
		const entry = validEntry();
		return {
			...entry,
			revisions: { ...entry.revisions, r1: without(entry.revisions['r1']!, field) }
		};
	};
	const r1 = (field: string): EntryPath => ['revisions', 'r1', field];
	const breakages: Breakage[] = [
		['wrong version', () => entryWith({ v: 2 }), ['v']],
		['version as a string', () => entryWith({ v: '1' }), ['v']],
		['empty id', () => entryWith({ id: '' }), ['id']],
		['numeric id', () => entryWith({ id: 7 }), ['id']],
		['createdAt as a date string', () => entryWith({ createdAt: '2024-01-01' }), ['createdAt']],
		['negative createdAt', () => entryWith({ createdAt: -1 }), ['createdAt']],
		['fractional deletedAt', () => entryWith({ deletedAt: 1.5 }), ['deletedAt']],
		['missing deletedAt', () => without(validEntry(), 'deletedAt'), ['deletedAt']],
		['an unknown field', () => entryWith({ title: 'x' }), ['title']],
		['revisions as an array', () => entryWith({ revisions: [] }), ['revisions']],
		['no revisions', () => entryWith({ revisions: {} }), ['revisions']],
		['mood 0', () => revisionWith('r1', { mood: 0 }), r1('mood')],
		['mood 6', () => revisionWith('r1', { mood: 6 }), r1('mood')],
		['mood 2.5', () => revisionWith('r1', { mood: 2.5 }), r1('mood')],
		['mood as a string', () => revisionWith('r1', { mood: '3' }), r1('mood')],
		['tags as a string', () => revisionWith('r1', { tags: 'tired' }), r1('tags')],
		['a numeric tag', () => revisionWith('r1', { tags: [1] }), [...r1('tags'), 0]],
		[
			'text over the cap',
			() => revisionWith('r1', { text: 'x'.repeat(MAX_ENTRY_TEXT_LENGTH + 1) }),
			r1('text')
		],
		['empty revision id', () => revisionWith('r1', { id: '' }), r1('id')],
		['a key that is not the id', () => revisionWith('r1', { id: 'r9' }), r1('id')],
		['a missing parent', () => revisionWith('r2', { parent: 'r0' }), ['revisions', 'r2', 'parent']],
		['its own parent', () => revisionWith('r1', { parent: 'r1' }), r1('parent')],
		// The walk starts at r1 and meets r1 again through r2.
		['a parent loop', () => revisionWith('r1', { parent: 'r2' }), r1('parent')],
		['at not an HLC', () => revisionWith('r1', { at: '2024-01-01' }), r1('at')],
		['missing device', () => revisionWithout('device'), r1('device')],
		['empty prompt id', () => revisionWith('r1', { prompt: '' }), r1('prompt')],
		['an unknown revision field', () => revisionWith('r1', { x: 1 }), r1('x')],
		['an id over the cap', () => entryWith({ id: 'x'.repeat(MAX_ENTRY_ID_LENGTH + 1) }), ['id']],
		['a missing id', () => without(validEntry(), 'id'), ['id']],
		['a missing version', () => without(validEntry(), 'v'), ['v']],
		['createdAt past safe integers', () => entryWith({ createdAt: 2 ** 53 }), ['createdAt']],
		['createdAt not a number', () => entryWith({ createdAt: Number.NaN }), ['createdAt']],
		['deletedAt as a string', () => entryWith({ deletedAt: 'yesterday' }), ['deletedAt']],
		['revisions as null', () => entryWith({ revisions: null }), ['revisions']],
		[
			'a revision as a string',
			() => ({ ...validEntry(), revisions: { ...validEntry().revisions, r1: 'r1' } }),
			['revisions', 'r1']
		],
		['a numeric parent', () => revisionWith('r1', { parent: 1 }), r1('parent')],
		['an empty parent', () => revisionWith('r1', { parent: '' }), r1('parent')],
		['at as a number', () => revisionWith('r1', { at: 1 }), r1('at')],
		['an empty device', () => revisionWith('r1', { device: '' }), r1('device')],
		['text as a number', () => revisionWith('r1', { text: 1 }), r1('text')],
		['missing text', () => revisionWithout('text'), r1('text')],
		['missing mood', () => revisionWithout('mood'), r1('mood')],
		['missing tags', () => revisionWithout('tags'), r1('tags')],
		['missing prompt', () => revisionWithout('prompt'), r1('prompt')],
		['a numeric prompt', () => revisionWith('r1', { prompt: 3 }), r1('prompt')],
		// The first field in the record's own order is the one named.
		['two broken fields', () => revisionWith('r1', { id: '', at: 1 }), r1('id')]
	];

	it.each(breakages)('refuses %s, naming where', (_name, broken, path) => {
		const error = invalidEntryError(() => parseEntry(broken()));
		expect(error.code).toBe('invalid-entry');
		expect(error.path).toEqual(path);
	});

	it.each([[null], [undefined], ['entry'], [42], [[]], [[validEntry()]]])(
		'refuses %j as a whole',
		(raw: unknown) => {
			const error = invalidEntryError(() => parseEntry(raw));
			expect(error.code).toBe('invalid-entry');
			expect(error.path).toEqual([]);
		}
	);

	it.each(['__proto__', 'prototype', 'constructor'])(
		'refuses a revision stored under the reserved key %s',
		(key) => {
			// JSON.parse makes "__proto__" an own key, as a damaged or hostile import could.
			const revision = { ...validEntry().revisions['r1']!, id: key };
			const raw: unknown = JSON.parse(
				JSON.stringify(validEntry()).replace(
					'"revisions":{',
					`"revisions":{${JSON.stringify(key)}:${JSON.stringify(revision)},`
				)
			);
			const error = invalidEntryError(() => parseEntry(raw));
			expect(error).toMatchObject({ code: 'invalid-entry', path: ['revisions', key] });
		}
	);

	it('copies the tags, so the entry shares no list with the stored record', () => {
		const raw = validEntry();
		const parsed = parseEntry(raw);
		expect(parsed.revisions['r1']!.tags).not.toBe(raw.revisions['r1']!.tags);
	});

	it('refuses a foreign object, such as a community thread header', () => {
		const thread = { id: 't1', author: 'u1', title: 'Hello', createdAt: 1 };
		expect(() => parseEntry(thread)).toThrow(InvalidEntryError);
	});

	it('puts the path in the developer message', () => {
		const raw = validEntry();
		raw.revisions['r1'] = { ...raw.revisions['r1']!, parent: 'nope' };
		expect(() => parseEntry(raw)).toThrow(/"revisions"\."r1"\."parent"/);
	});
});

describe('migrateEntry', () => {
	it('leaves a current record as it is', () => {
		expect(migrateEntry(validEntry())).toEqual(validEntry());
	});

	it('turns a pre-release v0 record into a v1 entry with one revision', () => {
		const entry = parseEntry(migrateEntry(v0Record()));
		expect(entry).toEqual({
			v: CURRENT_ENTRY_VERSION,
			id: 'old-1',
			createdAt: 1_690_000_000_000,
			deletedAt: null,
			revisions: {
				'old-1:v0': {
					id: 'old-1:v0',
					parent: null,
					at: formatHlc({ wall: 1_690_000_000_000, counter: 0, node: PRE_RELEASE_DEVICE }),
					device: PRE_RELEASE_DEVICE,
					text: 'From the prototype.',
					mood: 4,
					tags: ['calm'],
					prompt: null
				}
			}
		} satisfies JournalEntry);
	});

	it('migrates the same v0 record to the same revision every time', () => {
		expect(migrateEntry(v0Record())).toEqual(migrateEntry(v0Record()));
	});

	it('does not modify the record it is given', () => {
		const raw = v0Record();
		migrateEntry(raw);
		expect(raw).toEqual(v0Record());
	});

	it.each([
		['text', { text: 12 }, ['text']],
		['id', { id: '' }, ['id']],
		['createdAt', { createdAt: -5 }, ['createdAt']],
		['mood', { mood: 'ok' }, ['mood']],
		['tags', { tags: 'calm' }, ['tags']],
		['one tag', { tags: ['calm', 2] }, ['tags', 1]]
	] as const)('reports a damaged v0 %s in its own terms', (_field, change, path) => {
		const error = invalidEntryError(() => migrateEntry({ ...v0Record(), ...change }));
		expect(error).toMatchObject({ code: 'invalid-entry', path });
	});

	it('keeps a v0 record loose: extra fields from the prototype are dropped, not refused', () => {
		const entry = parseEntry(migrateEntry({ ...v0Record(), colour: 'blue' }));
		expect(entry.revisions['old-1:v0']?.text).toBe('From the prototype.');
	});

	it('leaves range checks of migrated values to parseEntry', () => {
		const migrated = migrateEntry({ ...v0Record(), mood: 9 });
		const error = invalidEntryError(() => parseEntry(migrated));
		expect(error.path).toEqual(['revisions', 'old-1:v0', 'mood']);
	});

	it('refuses a v0 createdAt too large for a clock timestamp', () => {
		const error = invalidEntryError(() => migrateEntry({ ...v0Record(), createdAt: 10 ** 15 }));
		expect(error.path).toEqual(['createdAt']);
	});

	it('marks a record from a newer version as unsupported rather than damaged', () => {
		const error = invalidEntryError(() => migrateEntry({ ...validEntry(), v: 2 }));
		expect(error).toMatchObject({ code: 'entry-version-unsupported', path: ['v'] });
	});

	it.each([-1, 0.5, '1', null])('refuses version %j', (version) => {
		const error = invalidEntryError(() => migrateEntry({ ...validEntry(), v: version }));
		expect(error).toMatchObject({ code: 'invalid-entry', path: ['v'] });
	});

	it.each([[null], ['text'], [3], [[]]])('refuses %j, which is not a record', (raw: unknown) => {
		expect(invalidEntryError(() => migrateEntry(raw)).path).toEqual([]);
	});
});
