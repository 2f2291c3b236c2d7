/** The behaviour every `OutboxRepository` shares, run against each implementation. */

import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxRepository } from './outbox.repository';
import { StorageFullError } from './storage-errors';

export interface OutboxFixture {
	repository: OutboxRepository;
	/** From now on the device refuses writes as when it is full. */
	fillStorage(): void;
	dispose(): Promise<void>;
}

export function describeOutboxRepositoryContract(
	name: string,
	make: (stored?: unknown) => Promise<OutboxFixture>
): void {
	describe(`${name} (outbox contract)`, () => {
		let fixture: OutboxFixture | null = null;
		const open = async (stored?: unknown) => (fixture = await make(stored));
		afterEach(async () => {
			await fixture?.dispose();
			fixture = null;
		});

		it('starts empty', async () => {
			const { repository } = await open();
			expect(await repository.load()).toEqual([]);
		});

		it('gives back what was saved, in order, replacing the list each time', async () => {
			const { repository } = await open();
			await repository.save([{ id: 'a' }, { id: 'b' }]);
			expect(await repository.load()).toEqual([{ id: 'a' }, { id: 'b' }]);
			await repository.save([{ id: 'b' }]);
			expect(await repository.load()).toEqual([{ id: 'b' }]);
		});

		it('reads an unreadable row as empty', async () => {
			const { repository } = await open('not a list');
			expect(await repository.load()).toEqual([]);
		});

		it('says when the device is full, keeping the list it had', async () => {
			const { repository, fillStorage } = await open();
			await repository.save([{ id: 'a' }]);
			fillStorage();
			await expect(repository.save([{ id: 'a' }, { id: 'b' }])).rejects.toThrow(StorageFullError);
			expect(await repository.load()).toEqual([{ id: 'a' }]);
		});
	});
}
