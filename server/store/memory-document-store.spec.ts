import { describeDocumentStoreContract } from './document-store.contract';
import { MemoryDocumentStore } from './memory-document-store';

describeDocumentStoreContract('MemoryDocumentStore', {
	open: async () => new MemoryDocumentStore()
});
