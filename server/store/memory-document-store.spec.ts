import { describeDocumentStoreContract } from './document-store.contract';
import { MemoryDocumentStore } from './memory-document-store';

describeDocumentStoreContract('MemoryDocumentStore', {
	open: async (options) => new MemoryDocumentStore(options)
});
