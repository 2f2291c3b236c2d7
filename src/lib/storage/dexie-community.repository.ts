/**
 * Communities in IndexedDB: joined communities in `communities` (`{ id, value }`), read marks in
 * `readMarks` (`{ community, thread, at }`), and the catalogue, the activity marker, each
 * document's confirmed state vector, held records and the block lists to send as rows of `meta`.
 */

import {
	ACTIVITY_SEEN_KEY,
	BLOCKS_TO_SEND_KEY,
	deletionsKey,
	deletionsPrefix,
	heldKey,
	heldPrefix,
	readCommunityIds,
	readDeletions,
	readHeld,
	sortHeld,
	type HeldMap,
	type HeldRecord,
	type SeenDeletion,
	CATALOGUE_KEY,
	CONFIRMED_KEY_PREFIX,
	readCatalogue,
	readConfirmed,
	readJoined,
	storedConfirmed,
	type CachedCatalogue,
	type CommunityRepository,
	type JoinedCommunityRecord
} from './community.repository';
import type { HearthDatabase } from './db';
import { guardWrite } from './guard-write';

export class DexieCommunityRepository implements CommunityRepository {
	constructor(private readonly db: HearthDatabase) {}

	async listJoined(): Promise<JoinedCommunityRecord[]> {
		const rows = await this.db.communities.toArray();
		return rows
			.map((row) => readJoined(row.value))
			.filter((record): record is JoinedCommunityRecord => record !== null)
			.sort((a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1));
	}

	async getJoined(id: string): Promise<JoinedCommunityRecord | null> {
		const row = await this.db.communities.get(id);
		return row === undefined ? null : readJoined(row.value);
	}

	async saveJoined(record: JoinedCommunityRecord): Promise<void> {
		await guardWrite(() => this.db.communities.put({ id: record.id, value: record }));
	}

	async removeJoined(id: string): Promise<void> {
		const prefix = `${CONFIRMED_KEY_PREFIX}community:${id}:`;
		await this.db.transaction(
			'rw',
			[this.db.communities, this.db.readMarks, this.db.meta],
			async () => {
				await this.db.communities.delete(id);
				await this.db.readMarks.where('community').equals(id).delete();
				await this.db.meta.where('key').startsWith(prefix).delete();
				await this.db.meta.where('key').startsWith(heldPrefix(id)).delete();
				await this.db.meta.where('key').startsWith(deletionsPrefix(id)).delete();
			}
		);
	}

	async readMarks(community: string): Promise<Map<string, string>> {
		const rows = await this.db.readMarks.where('community').equals(community).toArray();
		return new Map(
			rows.filter((row) => typeof row.at === 'string').map((row) => [row.thread, row.at])
		);
	}

	async markRead(community: string, thread: string, at: string): Promise<void> {
		await guardWrite(() =>
			this.db.transaction('rw', this.db.readMarks, async () => {
				const current = await this.db.readMarks.get([community, thread]);
				if (current !== undefined && current.at >= at) return;
				await this.db.readMarks.put({ community, thread, at });
			})
		);
	}

	async loadCatalogue(): Promise<CachedCatalogue | null> {
		const row = await this.db.meta.get(CATALOGUE_KEY);
		return row === undefined ? null : readCatalogue(row.value);
	}

	async saveCatalogue(catalogue: CachedCatalogue): Promise<void> {
		await guardWrite(() => this.db.meta.put({ key: CATALOGUE_KEY, value: catalogue }));
	}

	async loadConfirmed(docName: string): Promise<Map<number, number>> {
		const row = await this.db.meta.get(CONFIRMED_KEY_PREFIX + docName);
		return readConfirmed(row?.value);
	}

	async saveConfirmed(docName: string, vector: ReadonlyMap<number, number>): Promise<void> {
		const value = storedConfirmed(vector);
		await guardWrite(() => this.db.meta.put({ key: CONFIRMED_KEY_PREFIX + docName, value }));
	}

	async loadActivitySeen(): Promise<number> {
		const row = await this.db.meta.get(ACTIVITY_SEEN_KEY);
		return typeof row?.value === 'number' ? row.value : 0;
	}

	async saveActivitySeen(at: number): Promise<void> {
		await guardWrite(() => this.db.meta.put({ key: ACTIVITY_SEEN_KEY, value: at }));
	}

	async listHeld(community: string): Promise<HeldRecord[]> {
		const rows = await this.db.meta.where('key').startsWith(heldPrefix(community)).toArray();
		const held = rows
			.map((row) => readHeld(row.value))
			.filter((record): record is HeldRecord => record?.community === community);
		return sortHeld(held);
	}

	async saveHeld(records: readonly HeldRecord[]): Promise<void> {
		const rows = records.map((record) => ({
			key: heldKey(record.community, record.map, record.key),
			value: record
		}));
		await guardWrite(() => this.db.meta.bulkPut(rows));
	}

	async listDeletions(community: string): Promise<Map<string, SeenDeletion[]>> {
		const rows = await this.db.meta.where('key').startsWith(deletionsPrefix(community)).toArray();
		const found = new Map<string, SeenDeletion[]>();
		for (const row of rows) {
			const kept = readDeletions(row.value);
			if (kept !== null && kept.deletions.length > 0) found.set(kept.docName, kept.deletions);
		}
		return found;
	}

	async saveDeletions(
		community: string,
		docName: string,
		deletions: readonly SeenDeletion[]
	): Promise<void> {
		const key = deletionsKey(community, docName);
		await guardWrite(async () => {
			if (deletions.length === 0) await this.db.meta.delete(key);
			else await this.db.meta.put({ key, value: { docName, deletions: [...deletions] } });
		});
	}

	async removeHeld(
		community: string,
		keys: readonly { map: HeldMap; key: string }[]
	): Promise<void> {
		const rowKeys = keys.map(({ map, key }) => heldKey(community, map, key));
		await guardWrite(() => this.db.meta.bulkDelete(rowKeys));
	}

	async loadBlocksToSend(): Promise<string[]> {
		const row = await this.db.meta.get(BLOCKS_TO_SEND_KEY);
		return readCommunityIds(row?.value);
	}

	async saveBlocksToSend(communities: readonly string[]): Promise<void> {
		const value = [...new Set(communities)];
		await guardWrite(() => this.db.meta.put({ key: BLOCKS_TO_SEND_KEY, value }));
	}
}
