import Dexie from 'dexie';
import { describeCommunityRepositoryContract } from './community-repository.contract';
import { HearthDatabase } from './db';
import { DexieCommunityRepository } from './dexie-community.repository';
import { simulateQuotaExceeded } from './testing/simulate-quota-exceeded';

let databases = 0;

describeCommunityRepositoryContract('DexieCommunityRepository', async () => {
	const name = `hearth-community-test-${++databases}`;
	const db = new HearthDatabase(name);
	await db.open();
	let restore = (): void => {};
	return {
		repository: new DexieCommunityRepository(db),
		fillStorage() {
			restore = simulateQuotaExceeded('request-fails', ['communities', 'readMarks', 'meta']);
		},
		async storeRawJoined(id, value) {
			await db.communities.put({ id, value });
		},
		async dispose() {
			restore();
			db.close();
			await Dexie.delete(name);
		}
	};
});
