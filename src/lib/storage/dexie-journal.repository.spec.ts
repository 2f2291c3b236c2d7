import Dexie from 'dexie';
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HearthDatabase } from './db';
import { createVault, type OpenVault } from '../domain/journal-crypto/vault';
import { DexieJournalRepository, ORDER_KEY } from './dexie-journal.repository';
import { sealedJournalRecordCodec, type JournalRecordCodec } from './journal-record.codec';
import { describeJournalRepositoryContract } from './journal-repository.contract';
import { StorageFullError } from './storage-errors';
import { FIXTURE_NOW, editEntry, makeEntry } from './testing/journal-fixtures';
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

describe('DexieJournalRepository: the sealed order index', () => {
	const cleanups: (() => unknown)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
		vi.restoreAllMocks();
	});

	/** The sealed codec, counting the records it opens. */
	async function countingCodec(vault?: OpenVault) {
		const keys = vault ?? (await createVault());
		const sealed = sealedJournalRecordCodec(keys, { readPlain: false });
		const counter = { opened: 0 };
		const codec: JournalRecordCodec = {
			...sealed,
			decode: (record, id) => {
				counter.opened++;
				return sealed.decode(record, id);
			}
		};
		return { codec, counter, vault: keys };
	}

	async function setUp() {
		const { db, dispose } = await openDatabase();
		cleanups.push(dispose);
		return db;
	}

	/** Entries a day apart: `e0` the newest. */
	const days = (count: number) =>
		Array.from({ length: count }, (_, i) =>
			makeEntry(`e${i}`, { createdAt: FIXTURE_NOW - i * 86_400_000 })
		);

	function newestOf(repo: DexieJournalRepository, count: number) {
		const shown: { ids: string[]; openedBefore: number }[] = [];
		return {
			shown,
			load: (counter: { opened: number }) =>
				repo.loadAll({
					newest: {
						count,
						show: (entries) =>
							shown.push({ ids: entries.map((e) => e.id), openedBefore: counter.opened })
					}
				})
		};
	}

	it('keeps it sealed: no id or date in the clear', async () => {
		const db = await setUp();
		const { codec } = await countingCodec();
		const repo = new DexieJournalRepository(db, codec);
		// Ids and dates long enough that random ciphertext cannot hold them by chance.
		const entries = [1, 2, 3].map((i) =>
			makeEntry(`a-private-entry-${i}`, { createdAt: FIXTURE_NOW - i * 86_400_000 })
		);
		await repo.putMany(entries);
		await repo.loadAll();
		const row = await db.meta.get(ORDER_KEY);
		const text = JSON.stringify(row?.value);
		expect(row?.value).toMatchObject({ kid: expect.any(String), iv: expect.any(String) });
		for (const entry of entries) {
			expect(text).not.toContain(entry.id);
			expect(text).not.toContain(String(entry.createdAt));
		}
	});

	it('lets the next start show the newest after opening only those', async () => {
		const db = await setUp();
		const { codec, counter } = await countingCodec();
		const first = new DexieJournalRepository(db, codec);
		await first.putMany(days(60));
		await first.loadAll();
		counter.opened = 0;
		const next = newestOf(new DexieJournalRepository(db, codec), 5);
		const loaded = await next.load(counter);
		expect(next.shown).toEqual([{ ids: ['e0', 'e1', 'e2', 'e3', 'e4'], openedBefore: 5 }]);
		// The rest opened once each, the first five not again.
		expect(counter.opened).toBe(60);
		expect(loaded.entries).toHaveLength(60);
	});

	it('skips deleted entries and opens more until it has enough live ones', async () => {
		const db = await setUp();
		const { codec, counter } = await countingCodec();
		const repo = new DexieJournalRepository(db, codec);
		const entries = days(20).map((entry, i) => (i < 3 ? { ...entry, deletedAt: 1 } : entry));
		await repo.putMany(entries);
		await repo.loadAll();
		const next = newestOf(new DexieJournalRepository(db, codec), 2);
		await next.load(counter);
		expect(next.shown[0]?.ids).toEqual(['e3', 'e4']);
	});

	it('keeps it in step with new entries, removals and clearing', async () => {
		const db = await setUp();
		const { codec, counter } = await countingCodec();
		const repo = new DexieJournalRepository(db, codec);
		await repo.putMany(days(10));
		await repo.loadAll();
		const newer = makeEntry('newer', { createdAt: FIXTURE_NOW + 1 });
		await repo.put(newer);
		await repo.removeMany(['e0', 'e1']);
		const next = newestOf(new DexieJournalRepository(db, codec), 2);
		counter.opened = 0;
		await next.load(counter);
		expect(next.shown[0]).toEqual({ ids: ['newer', 'e2'], openedBefore: 2 });
		await repo.clear();
		expect(await db.meta.get(ORDER_KEY)).toBeUndefined();
	});

	it('does not reseal it for an edit, which keeps its entry’s date', async () => {
		const db = await setUp();
		const { codec } = await countingCodec();
		const repo = new DexieJournalRepository(db, codec);
		await repo.putMany(days(3));
		await repo.loadAll();
		const before = await db.meta.get(ORDER_KEY);
		await repo.put(editEntry(makeEntry('e1', { createdAt: FIXTURE_NOW - 86_400_000 }), 'More.'));
		expect(await db.meta.get(ORDER_KEY)).toEqual(before);
	});

	it('opens first what it does not name: an entry another tab wrote is still shown', async () => {
		const db = await setUp();
		const { codec, counter } = await countingCodec();
		const tab = new DexieJournalRepository(db, codec);
		await tab.putMany(days(30));
		await tab.loadAll();
		// A second tab that never read everything writes without touching the index.
		await new DexieJournalRepository(db, codec).put(
			makeEntry('elsewhere', { createdAt: FIXTURE_NOW + 5 })
		);
		counter.opened = 0;
		const next = newestOf(new DexieJournalRepository(db, codec), 3);
		const loaded = await next.load(counter);
		expect(next.shown[0]).toEqual({ ids: ['elsewhere', 'e0', 'e1'], openedBefore: 4 });
		expect(loaded.entries).toHaveLength(31);
	});

	it.each([
		['not sealed', { entries: [['e0', 1]] }],
		['tampered', 'tamper'],
		['sealed with another journal’s key', 'other-key'],
		['sealed, but not an index', 'not-an-index']
	])('falls back to reading everything when it is %s, then rebuilds it', async (_what, kind) => {
		const db = await setUp();
		const { codec, counter, vault } = await countingCodec();
		const repo = new DexieJournalRepository(db, codec);
		await repo.putMany(days(12));
		await repo.loadAll();
		const row = await db.meta.get(ORDER_KEY);
		let damaged: unknown = kind;
		if (kind === 'tamper') damaged = { ...(row?.value as object), ct: 'AAAA' };
		if (kind === 'other-key') {
			damaged = await (await countingCodec()).codec.order?.seal({ v: 1, entries: [] });
		}
		if (kind === 'not-an-index') damaged = await codec.order?.seal({ v: 1, entries: 'no' });
		if (typeof kind === 'object') damaged = kind;
		await db.meta.put({ key: ORDER_KEY, value: damaged });
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		counter.opened = 0;
		const next = newestOf(new DexieJournalRepository(db, codec), 2);
		const loaded = await next.load(counter);
		expect(loaded.entries).toHaveLength(12);
		expect(warn).toHaveBeenCalled();
		expect(counter.opened).toBe(12);
		// Rebuilt: the start after that opens only the newest again.
		const { codec: again, counter: againCounter } = await countingCodec(vault);
		const third = newestOf(new DexieJournalRepository(db, again), 2);
		await third.load(againCounter);
		expect(third.shown[0]).toEqual({ ids: ['e0', 'e1'], openedBefore: 2 });
	});

	it('reports damaged rows as before, the index notwithstanding', async () => {
		const db = await setUp();
		const { codec, counter } = await countingCodec();
		const repo = new DexieJournalRepository(db, codec);
		await repo.putMany(days(5));
		await repo.loadAll();
		await db.journal.put({ id: 'damaged', record: { v: 1, kid: 'x', iv: 'AAAA', ct: 'AAAA' } });
		const next = newestOf(new DexieJournalRepository(db, codec), 2);
		const loaded = await next.load(counter);
		expect(next.shown[0]?.ids).toEqual(['e0', 'e1']);
		expect(loaded.problems.map((problem) => problem.id)).toEqual(['damaged']);
		expect(loaded.entries).toHaveLength(5);
	});

	it('keeps no index with the plain codec (nothing about entries in the clear)', async () => {
		const db = await setUp();
		const repo = new DexieJournalRepository(db);
		await repo.putMany(days(3));
		await repo.loadAll({ newest: { count: 1, show: () => undefined } });
		expect(await db.meta.get(ORDER_KEY)).toBeUndefined();
	});

	it('still opens the journal when the index cannot be saved (a full device)', async () => {
		const db = await setUp();
		const { codec } = await countingCodec();
		const repo = new DexieJournalRepository(db, codec);
		await repo.putMany(days(3));
		cleanups.push(simulateQuotaExceeded('request-fails', ['meta']));
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const loaded = await repo.loadAll();
		expect(loaded.entries).toHaveLength(3);
		expect(warn).toHaveBeenCalledWith('The journal order index was not saved.', expect.anything());
	});
});
