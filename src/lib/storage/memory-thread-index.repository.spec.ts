import { describeThreadIndexRepositoryContract } from './thread-index-repository.contract';
import { MemoryThreadIndexRepository } from './memory-thread-index.repository';

describeThreadIndexRepositoryContract('MemoryThreadIndexRepository', async () => {
	let full = false;
	const repository = new MemoryThreadIndexRepository({
		beforeWrite() {
			if (full) throw new DOMException('Simulated: the device is full', 'QuotaExceededError');
		}
	});
	return {
		repository,
		fillStorage() {
			full = true;
		},
		async plant(community, id, value) {
			repository.plant(community, id, value);
		},
		async dispose() {}
	};
});
