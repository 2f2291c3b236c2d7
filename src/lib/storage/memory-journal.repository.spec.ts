import { describe, expect, it } from 'vitest';
import { describeJournalRepositoryContract } from './journal-repository.contract';
import { MemoryJournalRepository } from './memory-journal.repository';
import { StorageFullError } from './storage-errors';
import { makeEntry } from './testing/journal-fixtures';

describeJournalRepositoryContract('MemoryJournalRepository', async (options = {}) => {
	let full = false;
	return {
		repository: new MemoryJournalRepository({
			codec: options.codec,
			records: options.records,
			beforeWrite() {
				if (full) throw new DOMException('Simulated: the device is full', 'QuotaExceededError');
			}
		}),
		fillStorage() {
			full = true;
		},
		async dispose() {}
	};
});

describe('MemoryJournalRepository', () => {
	it('lets a write failure that is not about space through as it is', async () => {
		const failure = new Error('disk on fire');
		const journal = new MemoryJournalRepository({
			beforeWrite() {
				throw failure;
			}
		});
		const error: unknown = await journal.put(makeEntry('a')).catch((e: unknown) => e);
		expect(error).toBe(failure);
		expect(error).not.toBeInstanceOf(StorageFullError);
		expect(await journal.count()).toBe(0);
	});
});
