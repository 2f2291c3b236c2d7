import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../tests/support/seeded-random';
import type { EntryDraft, JournalEntry } from '../journal/entry';
import { formatHlc } from '../journal/hlc';
import { createEntry, reviseEntry, viewEntry } from '../journal/revisions';
import { mergeImported } from './merge-imported';

const at = (wall: number, node = 'devA') => formatHlc({ wall, counter: 0, node });
const draft = (text: string): EntryDraft => ({ text, mood: null, tags: [], prompt: null });

function begun(id: string, text = `${id} first`): JournalEntry {
	return createEntry({ id, now: 1_000, at: at(1_000), device: 'devA', draft: draft(text) });
}

function revised(
	entry: JournalEntry,
	revisionId: string,
	wall: number,
	text: string,
	node = 'devA'
) {
	return reviseEntry(entry, {
		revisionId,
		at: at(wall, node),
		device: node,
		draft: draft(text),
		baseHead: viewEntry(entry).head
	});
}

const deleted = (entry: JournalEntry, when = 9_000): JournalEntry => ({
	...entry,
	deletedAt: when
});

/** What the journal holds after the import is written. */
function afterImport(local: readonly JournalEntry[], incoming: readonly JournalEntry[]) {
	const { toWrite } = mergeImported(local, incoming);
	const stored = new Map(local.map((e) => [e.id, e]));
	for (const entry of toWrite) stored.set(entry.id, entry);
	return stored;
}

describe('mergeImported', () => {
	it('adds entries this device does not have', () => {
		const result = mergeImported([begun('a')], [begun('a'), begun('b')]);
		expect(result.toWrite).toEqual([begun('b')]);
		expect(result).toMatchObject({ added: 1, updated: 0, unchanged: 1, leftDeleted: 0 });
	});

	it('leaves alone entries only this device has', () => {
		const result = mergeImported([begun('a'), begun('c')], [begun('b')]);
		expect(result.toWrite.map((e) => e.id)).toEqual(['b']);
	});

	it('keeps newer local words when the backup is older', () => {
		const local = revised(begun('a'), 'a2', 2_000, 'written since the backup');
		const result = mergeImported([local], [begun('a')]);
		expect(result).toMatchObject({ toWrite: [], unchanged: 1 });
	});

	it('brings in revisions written after the local copy', () => {
		const newer = revised(begun('a'), 'a2', 2_000, 'written on the old phone');
		const result = mergeImported([begun('a')], [newer]);
		expect(result.updated).toBe(1);
		const [written] = result.toWrite;
		if (written === undefined) throw new Error('nothing written');
		expect(viewEntry(written).text).toBe('written on the old phone');
	});

	it('keeps both sides’ words when each edited apart', () => {
		const here = revised(begun('a'), 'aHere', 3_000, 'edited here', 'devB');
		const there = revised(begun('a'), 'aThere', 2_000, 'edited before the backup');
		const [written] = mergeImported([here], [there]).toWrite;
		if (written === undefined) throw new Error('nothing written');
		const view = viewEntry(written);
		expect(view.text).toBe('edited here');
		expect(view.otherVersions.map((r) => r.text)).toEqual(['edited before the backup']);
		expect(Object.keys(written.revisions).sort()).toEqual(['a', 'aHere', 'aThere']);
	});

	it('brings back an entry deleted here but live in the backup', () => {
		const result = mergeImported([deleted(begun('a'))], [begun('a')]);
		expect(result.updated).toBe(1);
		expect(result.toWrite[0]?.deletedAt).toBeNull();
	});

	it('keeps an entry live here that the backup has deleted', () => {
		const result = mergeImported([begun('a')], [deleted(begun('a'))]);
		expect(result).toMatchObject({ toWrite: [], unchanged: 1 });
		const withNewWords = revised(begun('a'), 'a2', 2_000, 'more');
		const [written] = mergeImported([begun('a')], [deleted(withNewWords)]).toWrite;
		expect(written?.deletedAt).toBeNull();
		expect(written && viewEntry(written).text).toBe('more');
	});

	it('keeps an entry deleted on both sides deleted', () => {
		const result = mergeImported([deleted(begun('a'), 5_000)], [deleted(begun('a'), 9_000)]);
		// mergeEntries keeps the later deletion time: that is a change worth writing.
		expect(result.toWrite[0]?.deletedAt).toBe(9_000);
	});

	it('leaves out an entry deleted in the backup and absent here', () => {
		const result = mergeImported([], [deleted(begun('a'))]);
		expect(result).toMatchObject({ toWrite: [], added: 0, leftDeleted: 1 });
	});

	it('joins two copies of one entry in the backup', () => {
		const one = revised(begun('a'), 'a2', 2_000, 'one');
		const two = revised(begun('a'), 'a3', 3_000, 'two', 'devB');
		const result = mergeImported([], [one, two]);
		expect(result.added).toBe(1);
		expect(Object.keys(result.toWrite[0]?.revisions ?? {}).sort()).toEqual(['a', 'a2', 'a3']);
	});

	it('finds nothing to write when the revisions only differ in key order', () => {
		const entry = revised(revised(begun('a'), 'a2', 2_000, 'two'), 'a3', 3_000, 'three');
		const reordered = {
			...entry,
			revisions: Object.fromEntries(Object.entries(entry.revisions).reverse())
		};
		expect(mergeImported([entry], [reordered])).toMatchObject({ toWrite: [], unchanged: 1 });
	});

	it('changes nothing when the same backup is imported twice', () => {
		const local = [deleted(begun('a')), revised(begun('b'), 'b2', 2_000, 'here', 'devB')];
		const backup = [begun('a'), revised(begun('b'), 'b3', 3_000, 'there'), begun('c')];
		const once = [...afterImport(local, backup).values()];
		expect(mergeImported(once, backup)).toMatchObject({
			toWrite: [],
			added: 0,
			updated: 0,
			unchanged: 3
		});
	});

	it('never loses a revision from either side (seeded random journals)', () => {
		const seed = Number(process.env.HEARTH_SEED ?? 20261126);
		const random = mulberry32(seed);
		const pick = (texts: readonly string[]): string =>
			texts[Math.floor(random() * texts.length)] ?? '';
		for (let round = 0; round < 200; round++) {
			const grow = (node: string): JournalEntry[] =>
				['a', 'b', 'c'].flatMap((id) => {
					if (random() < 0.3) return [];
					let entry = begun(id);
					for (let step = 0; step < Math.floor(random() * 3); step++) {
						entry = revised(
							entry,
							`${id}-${node}-${step}`,
							2_000 + step * 10,
							pick(['x', 'y']),
							node
						);
					}
					return [random() < 0.2 ? deleted(entry) : entry];
				});
			const local = grow('devA');
			const backup = grow('devB');
			const stored = afterImport(local, backup);
			for (const entry of [...local, ...backup]) {
				const kept = stored.get(entry.id);
				const live = local.concat(backup).some((e) => e.id === entry.id && e.deletedAt === null);
				if (kept === undefined) {
					expect(entry.deletedAt, `seed ${seed}, round ${round}`).not.toBeNull();
					continue;
				}
				expect(Object.keys(kept.revisions), `seed ${seed}, round ${round}`).toEqual(
					expect.arrayContaining(Object.keys(entry.revisions))
				);
				if (live) expect(kept.deletedAt, `seed ${seed}, round ${round}`).toBeNull();
			}
		}
	});
});
