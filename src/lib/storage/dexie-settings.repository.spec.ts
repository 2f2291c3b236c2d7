import Dexie from 'dexie';
import { HearthDatabase } from './db';
import { DexieSettingsRepository } from './dexie-settings.repository';
import { describeSettingsRepositoryContract } from './settings-repository.contract';
import { simulateQuotaExceeded } from './testing/simulate-quota-exceeded';

let databases = 0;

describeSettingsRepositoryContract('DexieSettingsRepository', async (rows = []) => {
	const name = `hearth-settings-test-${++databases}`;
	const db = new HearthDatabase(name);
	// Around the typed table, so that rows the types would refuse can be planted.
	await db.table('settings').bulkPut([...rows]);
	let restore = (): void => {};
	return {
		repository: new DexieSettingsRepository(db),
		fillStorage() {
			restore = simulateQuotaExceeded('commit-aborts', ['settings']);
		},
		async dispose() {
			restore();
			db.close();
			await Dexie.delete(name);
		}
	};
});
