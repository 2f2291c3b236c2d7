import { describe, expect, it } from 'vitest';
import { describeDocumentRepositoryContract } from './document-repository.contract';
import { MemoryDocumentRepository } from './memory-document.repository';
import { StorageFullError } from './storage-errors';

describeDocumentRepositoryContract('MemoryDocumentRepository', async () => {
	let full = false;
	return {
		repository: new MemoryDocumentRepository({
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

describe('MemoryDocumentRepository', () => {
	it('lets a write failure that is not about space through as it is', async () => {
		const failure = new Error('disk on fire');
		const docs = new MemoryDocumentRepository({
			beforeWrite() {
				throw failure;
			}
		});
		const error: unknown = await docs.append('room', Uint8Array.of(1)).catch((e: unknown) => e);
		expect(error).toBe(failure);
		expect(error).not.toBeInstanceOf(StorageFullError);
		expect(await docs.stats('room')).toEqual({ updates: 0, bytes: 0 });
	});
});
