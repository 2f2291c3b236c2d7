import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../domain/journal/entry';
import {
	OPEN_BATCH,
	openAll,
	openNewest,
	sameRecord,
	type OpenedRecord
} from './journal-load-phases';
import type { ReadJournalRecordResult } from './read-journal-record';
import { makeEntry } from './testing/journal-fixtures';

const ok = (entry: JournalEntry): ReadJournalRecordResult => ({ ok: true, entry });

describe('openNewest', () => {
	const entries = new Map(
		['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => [
			id,
			makeEntry(id, { createdAt: 100 - i, deletedAt: id === 'b' ? 1 : null })
		])
	);
	function opener() {
		const batches: string[][] = [];
		const open = async (ids: readonly string[]) => {
			batches.push([...ids]);
			const opened = new Map<string, OpenedRecord>();
			for (const id of ids) {
				const entry = entries.get(id);
				if (entry) opened.set(id, { record: id, result: ok(entry) });
			}
			return opened;
		};
		return { batches, open };
	}

	it('opens every unknown id and the first known ones, then more until enough are live', async () => {
		const { batches, open } = opener();
		const plan = ['f', 'a', 'b', 'c', 'd', 'e'];
		const { newest, opened } = await openNewest(plan, 1, 2, open);
		// 'f' is opened whatever its date; 'b' is deleted, so 'c' is needed as well.
		expect(batches).toEqual([
			['f', 'a', 'b'],
			['c', 'd']
		]);
		expect(newest.map((entry) => entry.id)).toEqual(['a', 'c']);
		expect(opened.size).toBe(5);
	});

	it('stops at the end of the plan, with what it found', async () => {
		const { open } = opener();
		const { newest } = await openNewest(['b', 'a'], 0, 5, open);
		expect(newest.map((entry) => entry.id)).toEqual(['a']);
	});

	it('skips ids whose rows have gone', async () => {
		const { open } = opener();
		const { newest } = await openNewest(['gone', 'a'], 0, 1, open);
		expect(newest.map((entry) => entry.id)).toEqual(['a']);
	});
});

describe('openAll', () => {
	it('keeps the rows’ order across batches and reuses what was already opened', async () => {
		const rows = Array.from({ length: OPEN_BATCH + 3 }, (_, i) => `r${i}`);
		const read: string[] = [];
		const results = await openAll(
			rows,
			async (row) => {
				read.push(row);
				return ok(makeEntry(row));
			},
			(row) => (row === 'r1' ? ok(makeEntry('reused')) : undefined)
		);
		expect(results.map((r) => (r.ok ? r.entry.id : null))).toEqual(
			rows.map((row) => (row === 'r1' ? 'reused' : row))
		);
		expect(read).toHaveLength(rows.length - 1);
	});
});

describe('sameRecord', () => {
	it('tells a rewritten record (a new nonce) from the one opened before', () => {
		expect(sameRecord({ iv: 'a', ct: 'b' }, { iv: 'a', ct: 'b' })).toBe(true);
		expect(sameRecord({ iv: 'a', ct: 'b' }, { iv: 'c', ct: 'b' })).toBe(false);
	});
});
