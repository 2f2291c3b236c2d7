import Dexie from 'dexie';
import { describeDataMeterRepositoryContract } from './data-meter-repository.contract';
import { HearthDatabase } from './db';
import { DexieDataMeterRepository } from './dexie-data-meter.repository';
import { simulateQuotaExceeded } from './testing/simulate-quota-exceeded';

let databases = 0;

describeDataMeterRepositoryContract('DexieDataMeterRepository', async (stored = {}) => {
	const name = `hearth-data-meter-test-${++databases}`;
	const db = new HearthDatabase(name);
	if ('id' in stored) await db.meta.put({ key: 'dataMeter.id', value: stored.id });
	if ('totals' in stored) await db.meta.put({ key: 'dataMeter.month', value: stored.totals });
	let restore = (): void => {};
	return {
		repository: new DexieDataMeterRepository(db),
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
