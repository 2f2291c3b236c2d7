import Dexie from 'dexie';
import { HearthDatabase } from './db';
import { DexieIdentityRepository } from './dexie-identity.repository';
import { describeIdentityRepositoryContract } from './identity-repository.contract';
import { simulateQuotaExceeded } from './testing/simulate-quota-exceeded';

let databases = 0;

describeIdentityRepositoryContract('DexieIdentityRepository', async (rows = []) => {
	const name = `hearth-identity-test-${++databases}`;
	const db = new HearthDatabase(name);
	// Around the typed table, so that rows the types would refuse can be planted.
	await db.table('identity').bulkPut([...rows]);
	let restore = (): void => {};
	return {
		repository: new DexieIdentityRepository(db),
		fillStorage() {
			restore = simulateQuotaExceeded('commit-aborts', ['identity']);
		},
		async dispose() {
			restore();
			db.close();
			await Dexie.delete(name);
		}
	};
});
