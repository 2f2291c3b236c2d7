import Dexie from 'dexie';
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HearthDatabase } from './db';
import { DexieJournalRepository } from './dexie-journal.repository';
import { describeJournalRepositoryContract } from './journal-repository.contract';
import { StorageFullError } from './storage-errors';
import { makeEntry } from './testing/journal-fixtures';
import { QUOTA_FAILURE_MODES, simulateQuotaExceeded } from './testing/simulate-quota-exceeded';

let databases = 0;

/** A fresh database per test: fake-indexeddb is shared by every test in this file. */
async function openDatabase(): Promise<{ db: HearthDatabase; dispose(): Promise<void> }> {
	const name = `hearth-journal-test-${++databases}`;
	const db = new HearthDatabase(name);
	await db.open();
	return {
		db,
		async dispose() {
			db.close();
			await Dexie.delete(name);
		}
	};
}

describeJournalRepositoryContract('DexieJournalRepository', async (options = {}) => {
	const { db, dispose } = await openDatabase();
	await db.journal.bulkPut((options.records ?? []).map(([id, record]) => ({ id, record })));
	let restore = (): void => {};
	return {
		repository: new DexieJournalRepository(db, options.codec),
		fillStorage() {
			restore = simulateQuotaExceeded('request-fails', ['journal']);
		},
		async dispose() {
			restore();
			await dispose();
		}
	};
});

describe('DexieJournalRepository on IndexedDB', () => {
	const cleanups: (() => unknown)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
		vi.restoreAllMocks();
	});

	async function setUp(): Promise<{ db: HearthDatabase; journal: DexieJournalRepository }> {
		const { db, dispose } = await openDatabase();
		cleanups.push(dispose);
		return { db, journal: new DexieJournalRepository(db) };
	}

	it('stores { id, record } rows with no index but the primary key', async () => {
		const { db, journal } = await setUp();
		await journal.put(makeEntry('a', { mood: 5 }));
		expect(await db.journal.toArray()).toEqual([{ id: 'a', record: makeEntry('a', { mood: 5 }) }]);
		expect(db.journal.schema.indexes).toEqual([]);
		const store = db.backendDB().transaction('journal').objectStore('journal');
		expect([...store.indexNames]).toEqual([]);
		expect(store.keyPath).toBe('id');
	});

	it('reports rows that are not journal rows, keyed however they are', async () => {
		const { db, journal } = await setUp();
		// Written around the typed table, as a bug or another tool might.
		await db.table('journal').bulkPut([
			{ id: 'thread', title: 'Not a journal row' },
			{ id: 42, record: makeEntry('a') }
		]);
		await journal.put(makeEntry('b'));
		const { entries, problems } = await journal.loadAll();
		expect(entries).toEqual([makeEntry('b')]);
		expect(problems.map(({ id, reason }) => ({ id, reason }))).toEqual([
			{ id: '42', reason: 'not-a-journal-row' },
			{ id: 'thread', reason: 'not-a-journal-row' }
		]);
		expect(await journal.count()).toBe(3);
	});

	describe.each(QUOTA_FAILURE_MODES)('when the quota is exceeded (%s)', (mode) => {
		it('raises StorageFullError and the transaction leaves earlier data alone', async () => {
			const { db, journal } = await setUp();
			await journal.putMany([makeEntry('a'), makeEntry('b')]);
			const before = await db.journal.toArray();
			// The device fills up part-way through the batch: its first put fits, the next does not.
			cleanups.push(simulateQuotaExceeded(mode, ['journal'], { allowPuts: 1 }));
			const error: unknown = await journal
				.putMany([makeEntry('c'), makeEntry('a', { text: 'Overwritten?' })])
				.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(StorageFullError);
			// The original failure stays reachable for logs.
			expect(error).toHaveProperty('cause');
			expect(await db.journal.toArray()).toEqual(before);
		});
	});

	it('lets other write failures through as they are, not as a full disk', async () => {
		const { journal } = await setUp();
		const failure = new DOMException('Simulated', 'UnknownError');
		vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(() => {
			throw failure;
		});
		const error: unknown = await journal.put(makeEntry('a')).catch((e: unknown) => e);
		expect(error).not.toBeInstanceOf(StorageFullError);
		expect(error).toMatchObject({ name: 'UnknownError' });
	});
});
