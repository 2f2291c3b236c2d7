import { describeModerationStoreContract } from './moderation-store.contract';
import { MemoryModerationStore } from './memory-moderation-store';

describeModerationStoreContract('MemoryModerationStore', async () => {
	const store = new MemoryModerationStore();
	return { store, dispose: () => store.close() };
});
