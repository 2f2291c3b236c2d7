import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { clearCachedData, deleteAllStorage } from './delete-all-storage';
import { openStorage } from './open-storage';

describe('deleteAllStorage', () => {
	it('deletes the whole database once it is closed', async () => {
		const storage = await openStorage({ name: 'hearth-delete-test' });
		await storage.settings.set('deviceId', 'phone');
		storage.close();
		await deleteAllStorage('hearth-delete-test');
		expect(await Dexie.exists('hearth-delete-test')).toBe(false);
	});
});

describe('clearCachedData', () => {
	it('clears every cache but the app’s own code', async () => {
		const names = ['workbox-precache-v2-https://h.example/', 'pictures', 'answers'];
		const deleted: string[] = [];
		const storage = {
			keys: async () => names,
			delete: async (name: string) => {
				deleted.push(name);
				return true;
			}
		} satisfies Pick<CacheStorage, 'keys' | 'delete'>;
		await clearCachedData(storage);
		expect(deleted.sort()).toEqual(['answers', 'pictures']);
	});

	it('does nothing where there is no Cache Storage', async () => {
		await expect(clearCachedData(undefined)).resolves.toBeUndefined();
	});
});
