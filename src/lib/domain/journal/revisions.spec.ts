import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../tests/support/seeded-random';
import type { EntryDraft, JournalEntry, MoodLevel, Revision } from './entry';
import { formatHlc } from './hlc';
import {
	AmendRefusedError,
	amendRevision,
	createEntry,
	DuplicateRevisionError,
	EntryMismatchError,
	EntryWithoutHeadError,
	entryHeads,
	isEmptyDraft,
	mergeEntries,
	pruneRevisions,
	reviseEntry,
	viewEntry
} from './revisions';

const at = (wall: number, node = 'devA', counter = 0) => formatHlc({ wall, counter, node });
const draft = (text: string, extra: Partial<EntryDraft> = {}): EntryDraft => ({
	text,
	mood: null,
	tags: [],
	prompt: null,
	...extra
});

const first = createEntry({
	id: 'e1',
	now: 1_000,
	at: at(1_000),
	device: 'devA',
	draft: draft('one')
});

/** e1: r0 ← rA (devA, t=2000) and r0 ← rB (devB, t=3000), written apart. */
function forked(): JournalEntry {
	const a = reviseEntry(first, {
		revisionId: 'rA',
		at: at(2_000),
		device: 'devA',
		draft: draft('from A'),
		baseHead: 'e1'
	});
	const b = reviseEntry(first, {
		revisionId: 'rB',
		at: at(3_000, 'devB'),
		device: 'devB',
		draft: draft('from B'),
		baseHead: 'e1'
	});
	return mergeEntries(a, b);
}

const ids = (revisions: Revision[]) => revisions.map((r) => r.id);

describe('createEntry and viewEntry', () => {
	it('shows the only revision, with tags made canonical', () => {
		const entry = createEntry({
			id: 'e2',
			now: 5_000,
			at: at(6_000),
			device: 'devA',
			draft: draft('hello', { mood: 4, tags: ['#Calm', 'calm', ' Tired'], prompt: 'p1' })
		});
		expect(viewEntry(entry)).toEqual({
			id: 'e2',
			createdAt: 5_000,
			updatedAt: 6_000,
			text: 'hello',
			mood: 4,
			tags: ['calm', 'tired'],
			prompt: 'p1',
			head: 'e2',
			otherVersions: [],
			deletedAt: null
		});
	});

	it('refuses to view an entry with no head', () => {
		const cyclic: JournalEntry = {
			...first,
			revisions: {
				x: { ...first.revisions.e1!, id: 'x', parent: 'y' },
				y: { ...first.revisions.e1!, id: 'y', parent: 'x' }
			}
		};
		expect(() => viewEntry(cyclic)).toThrow(EntryWithoutHeadError);
	});
});

describe('reviseEntry', () => {
	it('replaces the head the editor was looking at', () => {
		const next = reviseEntry(first, {
			revisionId: 'r2',
			at: at(2_000),
			device: 'devA',
			draft: draft('two'),
			baseHead: 'e1'
		});
		expect(viewEntry(next)).toMatchObject({ text: 'two', head: 'r2', updatedAt: 2_000 });
		expect(viewEntry(next).otherVersions).toEqual([]);
		expect(viewEntry(first).text).toBe('one');
	});

	it('keeps both versions written apart, the newest shown first', () => {
		const view = viewEntry(forked());
		expect(view).toMatchObject({ text: 'from B', head: 'rB' });
		expect(ids(view.otherVersions)).toEqual(['rA']);
	});

	it('refuses a revision id already used', () => {
		const revision = { revisionId: 'e1', at: at(2_000), device: 'devA', draft: draft('x') };
		expect(() => reviseEntry(first, { ...revision, baseHead: 'e1' })).toThrow(
			DuplicateRevisionError
		);
	});
});

describe('amendRevision', () => {
	it('rewrites the head in place for the device that wrote it', () => {
		const amended = amendRevision(first, 'e1', {
			at: at(1_500),
			device: 'devA',
			draft: draft('one more', { tags: ['Sad'] })
		});
		expect(Object.keys(amended.revisions)).toEqual(['e1']);
		expect(viewEntry(amended)).toMatchObject({ text: 'one more', tags: ['sad'], updatedAt: 1_500 });
	});

	it.each([
		['unknown-revision', first, 'nope', at(9_000), 'devA'],
		['not-a-head', forked(), 'e1', at(9_000), 'devA'],
		['other-device', forked(), 'rA', at(9_000), 'devB'],
		['not-later', first, 'e1', at(1_000), 'devA']
	] as const)('refuses: %s', (reason, entry, revisionId, when, device) => {
		const attempt = () => amendRevision(entry, revisionId, { at: when, device, draft: draft('x') });
		expect(attempt).toThrow(AmendRefusedError);
		expect(attempt).toThrow(expect.objectContaining({ reason }));
	});
});

describe('entryHeads', () => {
	it('treats a revision whose parent is missing as a head and names the missing parent', () => {
		const entry = reviseEntry(pruneRevisions(forked()), {
			revisionId: 'late',
			at: at(4_000, 'devC'),
			device: 'devC',
			draft: draft('late'),
			baseHead: 'e1'
		});
		expect(ids(entryHeads(entry))).toEqual(['late', 'rB', 'rA']);
	});
});

describe('mergeEntries', () => {
	it('keeps the later of two copies of one revision', () => {
		const amended = amendRevision(first, 'e1', {
			at: at(1_500),
			device: 'devA',
			draft: draft('!')
		});
		expect(viewEntry(mergeEntries(first, amended)).text).toBe('!');
		expect(viewEntry(mergeEntries(amended, first)).text).toBe('!');
	});

	it('keeps a deletion from either copy', () => {
		const deleted = { ...first, deletedAt: 9_000 };
		expect(mergeEntries(first, deleted).deletedAt).toBe(9_000);
		expect(mergeEntries(deleted, first).deletedAt).toBe(9_000);
	});

	it('refuses to merge two different entries', () => {
		expect(() => mergeEntries(first, { ...first, id: 'other' })).toThrow(EntryMismatchError);
	});

	it('is commutative, associative and idempotent (seeded random copies)', () => {
		const base = Number(process.env.HEARTH_SEED ?? Date.now() % 1_000_000);
		for (let run = 0; run < 200; run++) {
			const seed = base + run;
			const random = mulberry32(seed);
			const copies = Array.from({ length: 2 + Math.floor(random() * 4) }, () => randomCopy(random));
			const expected = copies.reduce(mergeEntries);
			const message = `seed ${seed} (rerun with HEARTH_SEED=${seed})`;
			for (let order = 0; order < 5; order++) {
				expect(mergeInRandomShape(shuffle(copies, random), random), message).toEqual(expected);
			}
			expect(mergeEntries(expected, expected), message).toEqual(expected);
			for (const copy of copies) expect(mergeEntries(expected, copy), message).toEqual(expected);
		}
	});
});

describe('pruneRevisions', () => {
	it('drops history every head builds on, keeping the heads', () => {
		let entry = first;
		for (let i = 2; i <= 5; i++) {
			entry = reviseEntry(entry, {
				revisionId: `r${i}`,
				at: at(i * 1_000),
				device: 'devA',
				draft: draft(`v${i}`),
				baseHead: viewEntry(entry).head
			});
		}
		const pruned = pruneRevisions(entry);
		expect(Object.keys(pruned.revisions)).toEqual(['r5']);
		expect(viewEntry(pruned)).toEqual(viewEntry(entry));
	});

	it('keeps a fork a concurrent version still needs', () => {
		const entry = reviseEntry(forked(), {
			revisionId: 'rA2',
			at: at(4_000),
			device: 'devA',
			draft: draft('A again'),
			baseHead: 'rA'
		});
		const pruned = pruneRevisions(entry);
		expect(Object.keys(pruned.revisions).sort()).toEqual(['rA', 'rA2', 'rB']);
		expect(viewEntry(pruned)).toEqual(viewEntry(entry));
	});

	it('does not bring a pruned parent back as a version when an older copy merges in', () => {
		const pruned = pruneRevisions(
			reviseEntry(first, {
				revisionId: 'r2',
				at: at(2_000),
				device: 'devA',
				draft: draft('two'),
				baseHead: 'e1'
			})
		);
		expect(viewEntry(mergeEntries(pruned, first)).otherVersions).toEqual([]);
	});

	it('never drops a head, even in random graphs', () => {
		const random = mulberry32(7);
		for (let i = 0; i < 100; i++) {
			const entry = randomCopy(random);
			const heads = ids(entryHeads(entry));
			expect(ids(entryHeads(pruneRevisions(entry)))).toEqual(heads);
		}
	});
});

describe('isEmptyDraft', () => {
	it.each([
		[draft(''), true],
		[draft('  \n\t'), true],
		[draft('', { prompt: 'p1' }), true],
		[draft('a'), false],
		[draft('', { mood: 1 }), false],
		[draft('', { tags: ['calm'] }), false]
	])('%j → %s', (value, expected) => {
		expect(isEmptyDraft(value)).toBe(expected);
	});
});

function pick<T>(items: readonly T[], random: () => number): T {
	const item = items[Math.floor(random() * items.length)];
	if (item === undefined) throw new Error('pick from an empty list');
	return item;
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

/** Folds the copies pairwise in a random tree shape and random argument order. */
function mergeInRandomShape(copies: JournalEntry[], random: () => number): JournalEntry {
	const pool = [...copies];
	while (pool.length > 1) {
		const i = Math.floor(random() * pool.length);
		const [x] = pool.splice(i, 1);
		const j = Math.floor(random() * pool.length);
		const [y] = pool.splice(j, 1);
		pool.push(random() < 0.5 ? mergeEntries(x!, y!) : mergeEntries(y!, x!));
	}
	return pool[0]!;
}

/**
 * One copy of entry 'e': a random subset of revisions drawn from a small shared pool of ids, so
 * copies overlap, disagree on contents under one id, and sometimes tie on `at`.
 */
function randomCopy(random: () => number): JournalEntry {
	const revisions: Record<string, Revision> = {};
	const count = 1 + Math.floor(random() * 6);
	for (let i = 0; i < count; i++) {
		const id = `r${Math.floor(random() * 8)}`;
		const parent = random() < 0.2 ? null : `r${Math.floor(random() * 8)}`;
		revisions[id] = {
			id,
			parent: parent === id ? null : parent,
			at: at(1_000 + Math.floor(random() * 4), pick(['devA', 'devB'], random)),
			device: pick(['devA', 'devB'], random),
			text: pick(['', 'a', 'b', 'c'], random),
			mood: pick<MoodLevel | null>([null, 1, 3, 5], random),
			tags: pick([[], ['calm'], ['sad', 'calm']], random),
			prompt: pick([null, 'p1'], random)
		};
	}
	return {
		v: 1,
		id: 'e',
		createdAt: 500 + Math.floor(random() * 3),
		revisions,
		deletedAt: pick([null, null, 8_000, 9_000], random)
	};
}
