import Dexie from 'dexie';
import { HearthDatabase } from './db';
import { DexieOutboxRepository } from './dexie-outbox.repository';
import { OUTBOX_KEY } from './outbox.repository';
import { describeOutboxRepositoryContract } from './outbox-repository.contract';
import { simulateQuotaExceeded } from './testing/simulate-quota-exceeded';

let databases = 0;

describeOutboxRepositoryContract('DexieOutboxRepository', async (stored) => {
	const name = `hearth-outbox-test-${++databases}`;
	const db = new HearthDatabase(name);
	if (stored !== undefined) await db.meta.put({ key: OUTBOX_KEY, value: stored });
	let restore = (): void => {};
	return {
		repository: new DexieOutboxRepository(db),
		fillStorage() {
			restore = simulateQuotaExceeded('commit-aborts', ['meta']);
		},
		async dispose() {
			restore();
			db.close();
			await Dexie.delete(name);
		}
	};
});
