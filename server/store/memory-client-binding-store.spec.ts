import { describeClientBindingStoreContract } from './client-binding-store.contract';
import { MemoryClientBindingStore } from './memory-client-binding-store';

describeClientBindingStoreContract('MemoryClientBindingStore', async () => {
	const store = new MemoryClientBindingStore();
	// Memory is the data: "reopening" hands back the same store.
	return { store, reopen: async () => store, dispose: () => store.close() };
});
