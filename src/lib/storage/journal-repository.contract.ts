/**
 * What every `JournalRepository` must do. Run by `dexie-journal.repository.spec.ts` (IndexedDB,
 * through fake-indexeddb) and `memory-journal.repository.spec.ts`, so the twin cannot drift from
 * the real store.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { InvalidEntryError } from '../domain/journal/parse-entry';
import { createVault } from '../domain/journal-crypto/vault';
import { sealedJournalRecordCodec, type JournalRecordCodec } from './journal-record.codec';
import type { JournalRepository, StoredRecordProblemReason } from './journal.repository';
import { StorageFullError, UnreadableRecordError } from './storage-errors';
import { editEntry, makeEntry, preReleaseRecord } from './testing/journal-fixtures';

export interface JournalHarnessOptions {
	/** Stored records to start with, written as they are, bypassing the codec. */
	records?: readonly (readonly [id: string, record: unknown])[];
	codec?: JournalRecordCodec;
}

export interface JournalHarness {
	repository: JournalRepository;
	/** From now on, the device refuses writes to the journal as when it is full. */
	fillStorage(): void;
	dispose(): Promise<void>;
}

export type CreateJournalHarness = (options?: JournalHarnessOptions) => Promise<JournalHarness>;

export function describeJournalRepositoryContract(
	name: string,
	createHarness: CreateJournalHarness
): void {
	describe(`${name} (JournalRepository contract)`, () => {
		const harnesses: JournalHarness[] = [];

		async function open(options?: JournalHarnessOptions): Promise<JournalRepository> {
			const harness = await createHarness(options);
			harnesses.push(harness);
			return harness.repository;
		}

		afterEach(async () => {
			await Promise.all(harnesses.splice(0).map((harness) => harness.dispose()));
		});

		it('starts empty', async () => {
			const journal = await open();
			expect(await journal.loadAll()).toEqual({ entries: [], problems: [] });
			expect(await journal.count()).toBe(0);
			expect(await journal.get('missing')).toBeUndefined();
		});

		it('gives back what was put, as a copy the caller cannot change', async () => {
			const journal = await open();
			const entry = makeEntry('a');
			await journal.put(entry);
			entry.deletedAt = 5;
			const stored = await journal.get('a');
			expect(stored).toEqual(makeEntry('a'));
			if (stored === undefined) throw new Error('unreachable');
			stored.deletedAt = 7;
			expect(await journal.get('a')).toEqual(makeEntry('a'));
		});

		it('replaces an entry put again under the same id', async () => {
			const journal = await open();
			await journal.put(makeEntry('a'));
			const edited = editEntry(makeEntry('a'), 'Second thoughts.');
			await journal.put(edited);
			expect(await journal.get('a')).toEqual(edited);
			expect(await journal.count()).toBe(1);
		});

		it('loads every entry in id order, deleted ones included', async () => {
			const journal = await open();
			await journal.putMany([makeEntry('c'), makeEntry('a', { deletedAt: 1 }), makeEntry('b')]);
			const { entries, problems } = await journal.loadAll();
			expect(entries.map((entry) => entry.id)).toEqual(['a', 'b', 'c']);
			expect(entries[0]).toEqual(makeEntry('a', { deletedAt: 1 }));
			expect(problems).toEqual([]);
		});

		it('refuses to store an invalid entry, and stores nothing of a batch holding one', async () => {
			const journal = await open();
			await journal.put(makeEntry('a'));
			const invalid = { ...makeEntry('b'), revisions: {} };
			await expect(journal.put(invalid)).rejects.toThrow(InvalidEntryError);
			await expect(journal.putMany([makeEntry('c'), invalid])).rejects.toThrow(InvalidEntryError);
			expect((await journal.loadAll()).entries.map((entry) => entry.id)).toEqual(['a']);
		});

		it('really removes an entry, and ignores an id that is not there', async () => {
			const journal = await open();
			await journal.putMany([makeEntry('a'), makeEntry('b')]);
			await journal.remove('a');
			await journal.remove('never-existed');
			expect(await journal.get('a')).toBeUndefined();
			expect(await journal.count()).toBe(1);
		});

		it('removes several records at once, readable or not, ignoring missing ids', async () => {
			const journal = await open({ records: [['damaged', { v: 1, id: 'damaged' }]] });
			await journal.putMany([makeEntry('a'), makeEntry('b'), makeEntry('c')]);
			await journal.removeMany(['a', 'damaged', 'never-existed']);
			const { entries, problems } = await journal.loadAll();
			expect(entries.map((entry) => entry.id)).toEqual(['b', 'c']);
			expect(problems).toEqual([]);
		});

		describe('newest first, for a first screen', () => {
			const dated = (id: string, createdAt: number, deletedAt: number | null = null) =>
				makeEntry(id, { createdAt, deletedAt });

			it('shows up to `count` of the newest live entries, newest first, then loads all', async () => {
				const journal = await open({ records: [['damaged', { v: 1, id: 'damaged' }]] });
				await journal.putMany([
					dated('a', 10),
					dated('b', 40),
					dated('c', 30, 35),
					dated('d', 20),
					dated('e', 5)
				]);
				const shown: string[][] = [];
				const loaded = await journal.loadAll({
					newest: { count: 2, show: (entries) => shown.push(entries.map((entry) => entry.id)) }
				});
				expect(shown.length).toBeLessThanOrEqual(1);
				for (const ids of shown) expect(ids).toEqual(['b', 'd']);
				expect(loaded.entries.map((entry) => entry.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
				expect(loaded.problems.map((problem) => problem.id)).toEqual(['damaged']);
			});
		});

		describe('records it cannot read', () => {
			const corrupted: [id: string, record: unknown, reason: StoredRecordProblemReason][] = [
				[
					'bad-mood',
					{ ...makeEntry('bad-mood'), revisions: moodNine('bad-mood') },
					'invalid-entry'
				],
				['thread', { id: 'thread', author: 'u1', title: 'Hi', createdAt: 1 }, 'invalid-entry'],
				['text', 'not even an object', 'invalid-entry'],
				['nothing', null, 'invalid-entry'],
				['future', { ...makeEntry('future'), v: 2 }, 'entry-version-unsupported'],
				['moved', makeEntry('elsewhere'), 'id-mismatch']
			];

			it('reports each with its id and reason, and keeps loading the rest', async () => {
				const journal = await open({
					records: [...stored(corrupted), ['fine', makeEntry('fine')]]
				});
				const { entries, problems } = await journal.loadAll();
				expect(entries).toEqual([makeEntry('fine')]);
				const reasons = problems.map(({ id, reason }) => ({ id, reason }));
				const expected = corrupted.map(([id, , reason]) => ({ id, reason }));
				expect(reasons).toEqual(expected.sort((a, b) => (a.id < b.id ? -1 : 1)));
				for (const problem of problems) expect(problem.detail).not.toBe('');
			});

			it('says where in the record the damage is', async () => {
				const journal = await open({ records: [['bad-mood', corrupted[0]?.[1]]] });
				const { problems } = await journal.loadAll();
				expect(problems[0]?.path).toEqual(['revisions', 'bad-mood-r1', 'mood']);
			});

			it('keeps them stored, untouched, for later recovery', async () => {
				const journal = await open({ records: stored(corrupted) });
				await journal.loadAll({ newest: { count: 1, show: () => undefined } });
				await journal.put(makeEntry('fine'));
				expect(await journal.count()).toBe(corrupted.length + 1);
				const again = await journal.loadAll();
				expect(again.problems.map((problem) => problem.id)).toHaveLength(corrupted.length);
				expect(again.entries).toEqual([makeEntry('fine')]);
			});

			it('throws UnreadableRecordError from get, with the problem attached', async () => {
				const journal = await open({ records: [['future', corrupted[4]?.[1]]] });
				const error: unknown = await journal.get('future').catch((e: unknown) => e);
				expect(error).toBeInstanceOf(UnreadableRecordError);
				expect(error).toMatchObject({
					code: 'record-unreadable',
					problem: { id: 'future', reason: 'entry-version-unsupported' }
				});
			});

			it('can still remove one on purpose', async () => {
				const journal = await open({ records: [['text', 'not even an object']] });
				await journal.remove('text');
				expect(await journal.count()).toBe(0);
			});

			it('reports a codec failure that is not about the entry as undecodable', async () => {
				const failing: JournalRecordCodec = {
					encode: async (entry) => entry,
					decode: async () => {
						throw new DOMException('The operation failed', 'OperationError');
					},
					needsRewrite: () => false
				};
				const journal = await open({ codec: failing, records: [['a', makeEntry('a')]] });
				const { problems } = await journal.loadAll();
				expect(problems).toEqual([
					{
						id: 'a',
						reason: 'undecodable',
						path: [],
						detail: expect.stringContaining('OperationError')
					}
				]);
			});
		});

		describe('sealed with the journal key', () => {
			async function sealedCodec(readPlain = false) {
				const vault = await createVault();
				return { vault, codec: sealedJournalRecordCodec(vault, { readPlain }) };
			}

			it('stores ciphertext only: no words, mood or tags in the stored rows', async () => {
				const { codec } = await sealedCodec();
				const journal = await open({ codec });
				const entry = makeEntry('a', { text: 'Sunrise over the river', mood: 4 });
				await journal.put(entry);
				const rows = await journal.exportRows();
				expect(rows).toHaveLength(1);
				const text = JSON.stringify(rows);
				for (const secret of ['Sunrise', 'river', 'calm', '"mood"', '"tags"', 'revisions']) {
					expect(text).not.toContain(secret);
				}
				expect(await journal.get('a')).toEqual(entry);
			});

			it('seals rows from before encryption once, and reads them as they were', async () => {
				const { codec } = await sealedCodec(true);
				const journal = await open({
					codec,
					records: [
						['a', makeEntry('a')],
						['b', makeEntry('b')]
					]
				});
				expect(await journal.rewriteStale()).toBe(2);
				expect(await journal.rewriteStale()).toBe(0);
				const rows = await journal.exportRows();
				expect(rows.map((row) => JSON.stringify(row.record))).not.toContain('Words of a');
				expect((await journal.loadAll()).entries).toEqual([makeEntry('a'), makeEntry('b')]);
			});

			it('refuses plain rows once every row is sealed, keeping them untouched', async () => {
				const { codec } = await sealedCodec(false);
				const journal = await open({ codec, records: [['a', makeEntry('a')]] });
				const { entries, problems } = await journal.loadAll();
				expect(entries).toEqual([]);
				expect(problems).toMatchObject([{ id: 'a', reason: 'undecodable' }]);
				expect(await journal.rewriteStale()).toBe(0);
				expect(await journal.exportRows()).toEqual([{ id: 'a', record: makeEntry('a') }]);
			});

			it('reports a tampered or moved record and still loads the rest', async () => {
				const { codec } = await sealedCodec();
				const writer = await open({ codec });
				await writer.putMany([makeEntry('a'), makeEntry('b')]);
				const [a, b] = await writer.exportRows();
				const record = a?.record as { ct: string };
				const flipped = { ...record, ct: (record.ct[0] === 'A' ? 'B' : 'A') + record.ct.slice(1) };
				const journal = await open({
					codec,
					records: [
						['a', flipped],
						['b', b?.record],
						['c', b?.record]
					]
				});
				const { entries, problems } = await journal.loadAll();
				expect(entries).toEqual([makeEntry('b')]);
				expect(problems.map((problem) => [problem.id, problem.reason])).toEqual([
					['a', 'undecodable'],
					['c', 'undecodable']
				]);
			});

			it('does not open with another journal’s key', async () => {
				const { codec } = await sealedCodec();
				const other = await sealedCodec();
				const writer = await open({ codec });
				await writer.put(makeEntry('a'));
				const rows = await writer.exportRows();
				const journal = await open({
					codec: other.codec,
					records: rows.map((row) => [row.id, row.record] as const)
				});
				await expect(journal.get('a')).rejects.toThrow(UnreadableRecordError);
			});
		});

		it('clears every record, readable or not', async () => {
			const journal = await open({ records: [['x', 'damaged']] });
			await journal.put(makeEntry('a'));
			await journal.clear();
			expect(await journal.count()).toBe(0);
		});

		it('reads records an older version wrote, migrated to the current shape', async () => {
			const journal = await open({ records: [['proto', preReleaseRecord('proto')]] });
			const { entries, problems } = await journal.loadAll();
			expect(problems).toEqual([]);
			expect(entries).toHaveLength(1);
			expect(Object.values(entries[0]?.revisions ?? {})[0]?.text).toBe('Prototype words of proto.');
		});

		describe('when the device is full', () => {
			it('refuses put with StorageFullError and keeps what was saved', async () => {
				const harness = await createHarness();
				harnesses.push(harness);
				const journal = harness.repository;
				await journal.put(makeEntry('a'));
				harness.fillStorage();
				const error: unknown = await journal
					.put(editEntry(makeEntry('a'), 'Lost?'))
					.catch((e: unknown) => e);
				expect(error).toBeInstanceOf(StorageFullError);
				expect(error).toMatchObject({ code: 'storage-full' });
				expect(await journal.get('a')).toEqual(makeEntry('a'));
			});

			it('refuses a whole batch: nothing of it is kept, nothing before it is changed', async () => {
				const harness = await createHarness();
				harnesses.push(harness);
				const journal = harness.repository;
				await journal.putMany([makeEntry('a'), makeEntry('b')]);
				harness.fillStorage();
				const batch = [makeEntry('c'), editEntry(makeEntry('a'), 'Changed'), makeEntry('d')];
				await expect(journal.putMany(batch)).rejects.toThrow(StorageFullError);
				expect((await journal.loadAll()).entries).toEqual([makeEntry('a'), makeEntry('b')]);
			});
		});
	});
}

function stored(
	rows: readonly (readonly [id: string, record: unknown, ...rest: unknown[]])[]
): [id: string, record: unknown][] {
	return rows.map(([id, record]) => [id, record]);
}

function moodNine(id: string): Record<string, unknown> {
	const { revisions } = makeEntry(id);
	return Object.fromEntries(
		Object.entries(revisions).map(([key, revision]) => [key, { ...revision, mood: 9 }])
	);
}
