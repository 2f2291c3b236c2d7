import { describeIdentityStoreContract } from './identity-store.contract';
import { MemoryIdentityStore } from './memory-identity-store';

describeIdentityStoreContract('MemoryIdentityStore', async () => {
	const store = new MemoryIdentityStore();
	return { store, dispose: () => store.close() };
});
