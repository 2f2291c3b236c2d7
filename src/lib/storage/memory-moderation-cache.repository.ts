/**
 * Moderation's copy held in memory: the twin of `DexieModerationCacheRepository`, passing the same
 * contract. Values are cloned in and out, as IndexedDB's structured clone does.
 */
import { guardWrite } from './guard-write';
import {
	readCachedNotices,
	readCachedQueue,
	readCachedRoles,
	type CachedNotices,
	type CachedQueue,
	type CachedRoles,
	type ModerationCacheRepository
} from './moderation-cache.repository';

export class MemoryModerationCacheRepository implements ModerationCacheRepository {
	readonly #rows = new Map<string, unknown>();
	readonly #beforeWrite: () => void;

	constructor(options: { beforeWrite?: () => void } = {}) {
		this.#beforeWrite = options.beforeWrite ?? (() => {});
	}

	async loadRoles(): Promise<CachedRoles | null> {
		return readCachedRoles(this.#get('roles'));
	}

	async saveRoles(value: CachedRoles): Promise<void> {
		await this.#put('roles', value);
	}

	async loadNotices(): Promise<CachedNotices | null> {
		return readCachedNotices(this.#get('notices'));
	}

	async saveNotices(value: CachedNotices): Promise<void> {
		await this.#put('notices', value);
	}

	async loadQueue(communityId: string): Promise<CachedQueue | null> {
		return readCachedQueue(this.#get(`queue:${communityId}`));
	}

	async saveQueue(communityId: string, value: CachedQueue): Promise<void> {
		await this.#put(`queue:${communityId}`, value);
	}

	async removeQueue(communityId: string): Promise<void> {
		this.#rows.delete(`queue:${communityId}`);
	}

	/** Puts any value under a key, as a damaged disk might hand it back (for tests). */
	corrupt(key: 'roles' | 'notices' | `queue:${string}`, value: unknown): void {
		this.#rows.set(key, value);
	}

	#get(key: string): unknown {
		const value = this.#rows.get(key);
		return value === undefined ? undefined : structuredClone(value);
	}

	async #put(key: string, value: unknown): Promise<void> {
		await guardWrite(async () => {
			this.#beforeWrite();
			this.#rows.set(key, structuredClone(value));
		});
	}
}
