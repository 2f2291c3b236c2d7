import Dexie from 'dexie';
import { HearthDatabase } from './db';
import { DexieModerationCacheRepository } from './dexie-moderation-cache.repository';
import { NOTICES_KEY } from './moderation-cache.repository';
import { describeModerationCacheContract } from './moderation-cache-repository.contract';
import { simulateQuotaExceeded } from './testing/simulate-quota-exceeded';

let databases = 0;

describeModerationCacheContract('DexieModerationCacheRepository', async () => {
	const name = `hearth-moderation-test-${++databases}`;
	const db = new HearthDatabase(name);
	await db.open();
	let restore = (): void => {};
	return {
		repository: new DexieModerationCacheRepository(db),
		fillStorage() {
			restore = simulateQuotaExceeded('request-fails', ['meta']);
		},
		async storeRawNotices(value) {
			await db.meta.put({ key: NOTICES_KEY, value });
		},
		async dispose() {
			restore();
			db.close();
			await Dexie.delete(name);
		}
	};
});
