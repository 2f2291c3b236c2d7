import { describeJournalVaultRepositoryContract } from './journal-vault-repository.contract';
import { MemoryJournalVaultRepository } from './memory-journal-vault.repository';

describeJournalVaultRepositoryContract('MemoryJournalVaultRepository', async () => {
	let repository = new MemoryJournalVaultRepository();
	return {
		get repository() {
			return repository;
		},
		async plant({ attempts, idle }) {
			repository = new MemoryJournalVaultRepository({ attempts, idle });
		},
		async dispose() {}
	};
});
