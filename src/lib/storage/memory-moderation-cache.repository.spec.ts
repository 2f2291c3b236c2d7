import { MemoryModerationCacheRepository } from './memory-moderation-cache.repository';
import { describeModerationCacheContract } from './moderation-cache-repository.contract';

describeModerationCacheContract('MemoryModerationCacheRepository', async () => {
	let full = false;
	const repository = new MemoryModerationCacheRepository({
		beforeWrite() {
			if (full) throw new DOMException('Simulated: the device is full', 'QuotaExceededError');
		}
	});
	return {
		repository,
		fillStorage() {
			full = true;
		},
		async storeRawNotices(value) {
			repository.corrupt('notices', value);
		},
		async dispose() {}
	};
});
