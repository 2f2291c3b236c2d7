import { MemoryOutboxRepository } from './memory-outbox.repository';
import { describeOutboxRepositoryContract } from './outbox-repository.contract';

describeOutboxRepositoryContract('MemoryOutboxRepository', async (stored) => {
	let full = false;
	return {
		repository: new MemoryOutboxRepository({
			stored,
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
