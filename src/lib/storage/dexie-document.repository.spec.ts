import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { HearthDatabase } from './db';
import { DexieDocumentRepository } from './dexie-document.repository';
import { describeDocumentRepositoryContract } from './document-repository.contract';
import { StorageFullError } from './storage-errors';
import { QUOTA_FAILURE_MODES, simulateQuotaExceeded } from './testing/simulate-quota-exceeded';

let databases = 0;

/** A fresh database per test: fake-indexeddb is shared by every test in this file. */
async function openDatabase(): Promise<{ db: HearthDatabase; dispose(): Promise<void> }> {
	const name = `hearth-document-test-${++databases}`;
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

describeDocumentRepositoryContract('DexieDocumentRepository', async () => {
	const { db, dispose } = await openDatabase();
	let restore = (): void => {};
	return {
		repository: new DexieDocumentRepository(db),
		fillStorage() {
			restore = simulateQuotaExceeded('request-fails', ['docUpdates']);
		},
		async dispose() {
			restore();
			await dispose();
		}
	};
});

describe('DexieDocumentRepository on IndexedDB', () => {
	const cleanups: (() => unknown)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});

	async function setUp(): Promise<{ db: HearthDatabase; docs: DexieDocumentRepository }> {
		const { db, dispose } = await openDatabase();
		cleanups.push(dispose);
		return { db, docs: new DexieDocumentRepository(db) };
	}

	it('stores one { id, docName, update } row per update', async () => {
		const { db, docs } = await setUp();
		await docs.append('room', Uint8Array.of(1, 2));
		const rows = await db.docUpdates.toArray();
		expect(rows).toEqual([
			{ id: expect.any(Number), docName: 'room', update: Uint8Array.of(1, 2) }
		]);
		expect(rows[0]?.update).toBeInstanceOf(Uint8Array);
	});

	describe.each(QUOTA_FAILURE_MODES)('when the quota is exceeded (%s)', (mode) => {
		it('raises StorageFullError from compact and leaves the log as it was', async () => {
			const { db, docs } = await setUp();
			await docs.append('room', Uint8Array.of(1));
			await docs.append('room', Uint8Array.of(2));
			const before = await db.docUpdates.toArray();
			cleanups.push(simulateQuotaExceeded(mode, ['docUpdates']));
			const { lastId } = await docs.load('room');
			const error: unknown = await docs
				.compact('room', lastId, Uint8Array.of(1, 2))
				.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(StorageFullError);
			expect(await db.docUpdates.toArray()).toEqual(before);
		});
	});
});
