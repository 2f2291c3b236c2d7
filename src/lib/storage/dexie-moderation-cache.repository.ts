/** Moderation's copy on this device, as rows of `meta` (see `moderation-cache.repository.ts`). */
import type { HearthDatabase } from './db';
import { guardWrite } from './guard-write';
import {
	NOTICES_KEY,
	QUEUE_KEY_PREFIX,
	ROLES_KEY,
	readCachedNotices,
	readCachedQueue,
	readCachedRoles,
	type CachedNotices,
	type CachedQueue,
	type CachedRoles,
	type ModerationCacheRepository
} from './moderation-cache.repository';

export class DexieModerationCacheRepository implements ModerationCacheRepository {
	constructor(private readonly db: HearthDatabase) {}

	async loadRoles(): Promise<CachedRoles | null> {
		return readCachedRoles((await this.db.meta.get(ROLES_KEY))?.value);
	}

	async saveRoles(value: CachedRoles): Promise<void> {
		await guardWrite(() => this.db.meta.put({ key: ROLES_KEY, value }));
	}

	async loadNotices(): Promise<CachedNotices | null> {
		return readCachedNotices((await this.db.meta.get(NOTICES_KEY))?.value);
	}

	async saveNotices(value: CachedNotices): Promise<void> {
		await guardWrite(() => this.db.meta.put({ key: NOTICES_KEY, value }));
	}

	async loadQueue(communityId: string): Promise<CachedQueue | null> {
		return readCachedQueue((await this.db.meta.get(QUEUE_KEY_PREFIX + communityId))?.value);
	}

	async saveQueue(communityId: string, value: CachedQueue): Promise<void> {
		await guardWrite(() => this.db.meta.put({ key: QUEUE_KEY_PREFIX + communityId, value }));
	}

	async removeQueue(communityId: string): Promise<void> {
		await this.db.meta.delete(QUEUE_KEY_PREFIX + communityId);
	}
}
