/**
 * What every `DocumentRepository` must do. Run by `dexie-document.repository.spec.ts` (IndexedDB,
 * through fake-indexeddb) and `memory-document.repository.spec.ts`, so the twin cannot drift
 * from the real store.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { ROW_OVERHEAD_BYTES, storedBytes, type DocumentRepository } from './document.repository';
import { StorageFullError } from './storage-errors';

export interface DocumentHarness {
	repository: DocumentRepository;
	/** From now on, the device refuses writes to document logs as when it is full. */
	fillStorage(): void;
	dispose(): Promise<void>;
}

export type CreateDocumentHarness = () => Promise<DocumentHarness>;

/** Distinct, recognisable updates: the repository treats them as opaque bytes. */
function bytes(...values: number[]): Uint8Array {
	return Uint8Array.from(values);
}

export function describeDocumentRepositoryContract(
	name: string,
	createHarness: CreateDocumentHarness
): void {
	describe(`${name} (DocumentRepository contract)`, () => {
		const harnesses: DocumentHarness[] = [];

		async function open(): Promise<DocumentHarness> {
			const harness = await createHarness();
			harnesses.push(harness);
			return harness;
		}

		afterEach(async () => {
			await Promise.all(harnesses.splice(0).map((harness) => harness.dispose()));
		});

		it('starts empty', async () => {
			const { repository: docs } = await open();
			expect(await docs.load('room')).toEqual({ updates: [], bytes: 0, lastId: 0 });
			expect(await docs.stats('room')).toEqual({ updates: 0, bytes: 0 });
			expect(await docs.list()).toEqual([]);
		});

		it('gives back appended updates in order, as copies the caller cannot change', async () => {
			const { repository: docs } = await open();
			const first = bytes(1, 2, 3);
			await docs.append('room', first);
			await docs.append('room', bytes(4));
			first[0] = 99;
			const loaded = await docs.load('room');
			expect(loaded.updates).toEqual([bytes(1, 2, 3), bytes(4)]);
			expect(loaded.bytes).toBe(4);
			expect(loaded.lastId).toBeGreaterThan(0);
			loaded.updates[0]?.fill(0);
			expect((await docs.load('room')).updates[0]).toEqual(bytes(1, 2, 3));
		});

		it('keeps documents apart, and lists each with its size', async () => {
			const { repository: docs } = await open();
			await docs.append('b', bytes(1, 1));
			await docs.append('a', bytes(2));
			await docs.append('b', bytes(3, 3, 3));
			expect((await docs.load('a')).updates).toEqual([bytes(2)]);
			expect(await docs.stats('b')).toEqual({ updates: 2, bytes: 5 });
			expect(await docs.list()).toEqual([
				{ docName: 'a', updates: 1, bytes: 1 },
				{ docName: 'b', updates: 2, bytes: 5 }
			]);
		});

		it('lists the documents whose names start with a prefix, so a community adds up', async () => {
			const { repository: docs } = await open();
			await docs.append('community:a:2026-10', bytes(1, 1));
			await docs.append('community:ab:2026-11', bytes(9));
			await docs.append('community:a:2026-11', bytes(2));
			await docs.append('community:a:2026-10', bytes(3, 3, 3));
			await docs.append('journal:me', bytes(4));
			const months = await docs.list('community:a:');
			expect(months).toEqual([
				{ docName: 'community:a:2026-10', updates: 2, bytes: 5 },
				{ docName: 'community:a:2026-11', updates: 1, bytes: 1 }
			]);
			expect(storedBytes(months)).toBe(6 + 3 * ROW_OVERHEAD_BYTES);
			expect(await docs.list('community:z:')).toEqual([]);
			expect((await docs.list('')).map((d) => d.docName)).toEqual([
				'community:a:2026-10',
				'community:a:2026-11',
				'community:ab:2026-11',
				'journal:me'
			]);
		});

		it('names the stored documents, all or by prefix, in name order', async () => {
			const { repository: docs } = await open();
			expect(await docs.names()).toEqual([]);
			await docs.append('community:a:2026-10', bytes(1, 1));
			await docs.append('journal:me', bytes(4));
			await docs.append('community:ab:2026-11', bytes(9));
			await docs.append('community:a:2026-11', bytes(2));
			await docs.append('community:a:2026-10', bytes(3, 3, 3));
			expect(await docs.names('community:a:')).toEqual([
				'community:a:2026-10',
				'community:a:2026-11'
			]);
			expect(await docs.names()).toEqual([
				'community:a:2026-10',
				'community:a:2026-11',
				'community:ab:2026-11',
				'journal:me'
			]);
			expect(await docs.names('community:z:')).toEqual([]);
			await docs.remove('community:a:2026-10');
			expect(await docs.names('community:a')).toEqual([
				'community:a:2026-11',
				'community:ab:2026-11'
			]);
		});

		it('compacts what was loaded into one update, ahead of what was appended since', async () => {
			const { repository: docs } = await open();
			await docs.append('room', bytes(1));
			await docs.append('room', bytes(2));
			await docs.append('other', bytes(7));
			const { lastId } = await docs.load('room');
			await docs.append('room', bytes(3));
			await docs.compact('room', lastId, bytes(1, 2));
			expect((await docs.load('room')).updates).toEqual([bytes(1, 2), bytes(3)]);
			expect(await docs.stats('room')).toEqual({ updates: 2, bytes: 3 });
			expect((await docs.load('other')).updates).toEqual([bytes(7)]);
		});

		it('compacts again over an earlier compaction', async () => {
			const { repository: docs } = await open();
			await docs.append('room', bytes(1));
			await docs.compact('room', (await docs.load('room')).lastId, bytes(1));
			await docs.append('room', bytes(2));
			await docs.compact('room', (await docs.load('room')).lastId, bytes(1, 2));
			expect((await docs.load('room')).updates).toEqual([bytes(1, 2)]);
		});

		it('ignores a late compaction once its last update is gone', async () => {
			const { repository: docs } = await open();
			await docs.append('room', bytes(1));
			const stale = await docs.load('room');
			await docs.append('room', bytes(2));
			await docs.compact('room', (await docs.load('room')).lastId, bytes(1, 2));
			await docs.compact('room', stale.lastId, bytes(1));
			expect((await docs.load('room')).updates).toEqual([bytes(1, 2)]);
			await docs.remove('room');
			await docs.compact('room', stale.lastId, bytes(1));
			expect(await docs.list()).toEqual([]);
		});

		it('really removes one document, and ignores one that is not there', async () => {
			const { repository: docs } = await open();
			await docs.append('room', bytes(1));
			await docs.append('other', bytes(2));
			await docs.remove('room');
			await docs.remove('never-existed');
			expect((await docs.load('room')).updates).toEqual([]);
			expect(await docs.list()).toEqual([{ docName: 'other', updates: 1, bytes: 1 }]);
		});

		describe('when the device is full', () => {
			it('refuses append with StorageFullError and keeps what was saved', async () => {
				const harness = await open();
				await harness.repository.append('room', bytes(1));
				harness.fillStorage();
				const error: unknown = await harness.repository
					.append('room', bytes(2))
					.catch((e: unknown) => e);
				expect(error).toBeInstanceOf(StorageFullError);
				expect((await harness.repository.load('room')).updates).toEqual([bytes(1)]);
			});

			it('refuses compact with StorageFullError and keeps every update it would replace', async () => {
				const harness = await open();
				const docs = harness.repository;
				await docs.append('room', bytes(1));
				await docs.append('room', bytes(2));
				const { lastId } = await docs.load('room');
				harness.fillStorage();
				await expect(docs.compact('room', lastId, bytes(1, 2))).rejects.toThrow(StorageFullError);
				expect((await docs.load('room')).updates).toEqual([bytes(1), bytes(2)]);
			});
		});
	});
}
