import { describeCommunityRepositoryContract } from './community-repository.contract';
import { MemoryCommunityRepository } from './memory-community.repository';

describeCommunityRepositoryContract('MemoryCommunityRepository', async () => {
	let full = false;
	const repository = new MemoryCommunityRepository({
		beforeWrite() {
			if (full) throw new DOMException('Simulated: the device is full', 'QuotaExceededError');
		}
	});
	return {
		repository,
		fillStorage() {
			full = true;
		},
		async storeRawJoined(id, value) {
			// The twin keeps values as given; reach its private map the way a damaged disk would.
			const rows: unknown = Reflect.get(repository, 'joined');
			if (rows instanceof Map) rows.set(id, value);
		},
		async dispose() {}
	};
});
