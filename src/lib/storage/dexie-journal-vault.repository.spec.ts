import Dexie from 'dexie';
import { HearthDatabase } from './db';
import { DexieJournalVaultRepository } from './dexie-journal-vault.repository';
import { describeJournalVaultRepositoryContract } from './journal-vault-repository.contract';

let databases = 0;

describeJournalVaultRepositoryContract('DexieJournalVaultRepository', async () => {
	const name = `hearth-vault-test-${++databases}`;
	const db = new HearthDatabase(name);
	return {
		repository: new DexieJournalVaultRepository(db),
		async plant({ attempts, idle }) {
			if (attempts !== undefined) {
				await db.meta.put({ key: 'journal-lock-attempts', value: attempts });
			}
			if (idle !== undefined) await db.meta.put({ key: 'journal-lock-idle-minutes', value: idle });
		},
		async dispose() {
			db.close();
			await Dexie.delete(name);
		}
	};
});
