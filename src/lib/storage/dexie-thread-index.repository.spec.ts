import Dexie from 'dexie';
import { HearthDatabase } from './db';
import { DexieThreadIndexRepository } from './dexie-thread-index.repository';
import { simulateQuotaExceeded } from './testing/simulate-quota-exceeded';
import { describeThreadIndexRepositoryContract } from './thread-index-repository.contract';

let databases = 0;

describeThreadIndexRepositoryContract('DexieThreadIndexRepository', async () => {
	const name = `hearth-thread-index-test-${++databases}`;
	const db = new HearthDatabase(name);
	let restore = (): void => {};
	return {
		repository: new DexieThreadIndexRepository(db),
		fillStorage() {
			restore = simulateQuotaExceeded('commit-aborts', ['threadIndex']);
		},
		async plant(community, id, value) {
			const lastActivity =
				typeof value === 'object' && value !== null && 'lastActivity' in value
					? String(value.lastActivity)
					: '';
			await db.threadIndex.put({ community, id, lastActivity, thread: value });
		},
		async dispose() {
			restore();
			db.close();
			await Dexie.delete(name);
		}
	};
});
