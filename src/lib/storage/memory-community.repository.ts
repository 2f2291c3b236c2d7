/**
 * Communities held in memory: the twin of `DexieCommunityRepository`, passing the same contract.
 * Values are cloned in and out, as IndexedDB's structured clone does.
 */

import {
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
	readCatalogue,
	readConfirmed,
	readJoined,
	storedConfirmed,
	type CachedCatalogue,
	type CommunityRepository,
	type JoinedCommunityRecord
} from './community.repository';
import { guardWrite } from './guard-write';

export interface MemoryCommunityOptions {
	/** Called before each write; a throw refuses it as a failing device would. */
	beforeWrite?: () => void;
}

export class MemoryCommunityRepository implements CommunityRepository {
	private readonly joined = new Map<string, unknown>();
	private readonly marks = new Map<string, Map<string, string>>();
	private readonly confirmed = new Map<string, unknown>();
	private catalogue: unknown = undefined;
	private activitySeen = 0;
	private readonly held = new Map<string, unknown>();
	private readonly deletions = new Map<string, unknown>();
	private blocksToSend: unknown = undefined;
	private readonly beforeWrite: () => void;

	constructor(options: MemoryCommunityOptions = {}) {
		this.beforeWrite = options.beforeWrite ?? (() => {});
	}

	async listJoined(): Promise<JoinedCommunityRecord[]> {
		return [...this.joined.values()]
			.map((value) => readJoined(structuredClone(value)))
			.filter((record): record is JoinedCommunityRecord => record !== null)
			.sort((a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1));
	}

	async getJoined(id: string): Promise<JoinedCommunityRecord | null> {
		const value = this.joined.get(id);
		return value === undefined ? null : readJoined(structuredClone(value));
	}

	async saveJoined(record: JoinedCommunityRecord): Promise<void> {
		const copy = structuredClone(record);
		await this.write(() => this.joined.set(record.id, copy));
	}

	async removeJoined(id: string): Promise<void> {
		await this.write(() => {
			this.joined.delete(id);
			this.marks.delete(id);
			for (const docName of [...this.confirmed.keys()]) {
				if (docName.startsWith(`community:${id}:`)) this.confirmed.delete(docName);
			}
			for (const key of [...this.held.keys()]) {
				if (key.startsWith(heldPrefix(id))) this.held.delete(key);
			}
			for (const key of [...this.deletions.keys()]) {
				if (key.startsWith(deletionsPrefix(id))) this.deletions.delete(key);
			}
		});
	}

	async readMarks(community: string): Promise<Map<string, string>> {
		return new Map(this.marks.get(community));
	}

	async markRead(community: string, thread: string, at: string): Promise<void> {
		await this.write(() => {
			const marks = this.marks.get(community) ?? new Map<string, string>();
			const current = marks.get(thread);
			if (current === undefined || current < at) marks.set(thread, at);
			this.marks.set(community, marks);
		});
	}

	async loadCatalogue(): Promise<CachedCatalogue | null> {
		return this.catalogue === undefined ? null : readCatalogue(structuredClone(this.catalogue));
	}

	async saveCatalogue(catalogue: CachedCatalogue): Promise<void> {
		const copy = structuredClone(catalogue);
		await this.write(() => {
			this.catalogue = copy;
		});
	}

	async loadConfirmed(docName: string): Promise<Map<number, number>> {
		return readConfirmed(structuredClone(this.confirmed.get(docName)));
	}

	async saveConfirmed(docName: string, vector: ReadonlyMap<number, number>): Promise<void> {
		const value = storedConfirmed(vector);
		await this.write(() => this.confirmed.set(docName, value));
	}

	async loadActivitySeen(): Promise<number> {
		return this.activitySeen;
	}

	async saveActivitySeen(at: number): Promise<void> {
		await this.write(() => {
			this.activitySeen = at;
		});
	}

	async listHeld(community: string): Promise<HeldRecord[]> {
		const held = [...this.held.entries()]
			.filter(([key]) => key.startsWith(heldPrefix(community)))
			.map(([, value]) => readHeld(structuredClone(value)))
			.filter((record): record is HeldRecord => record?.community === community);
		return sortHeld(held);
	}

	async saveHeld(records: readonly HeldRecord[]): Promise<void> {
		const copies = records.map((record) => structuredClone(record));
		await this.write(() => {
			for (const copy of copies) this.held.set(heldKey(copy.community, copy.map, copy.key), copy);
		});
	}

	async listDeletions(community: string): Promise<Map<string, SeenDeletion[]>> {
		const found = new Map<string, SeenDeletion[]>();
		for (const [key, value] of this.deletions) {
			if (!key.startsWith(deletionsPrefix(community))) continue;
			const kept = readDeletions(structuredClone(value));
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
		const value = { docName, deletions: structuredClone([...deletions]) };
		await this.write(() => {
			if (deletions.length === 0) this.deletions.delete(key);
			else this.deletions.set(key, value);
		});
	}

	async removeHeld(
		community: string,
		keys: readonly { map: HeldMap; key: string }[]
	): Promise<void> {
		await this.write(() => {
			for (const { map, key } of keys) this.held.delete(heldKey(community, map, key));
		});
	}

	async loadBlocksToSend(): Promise<string[]> {
		return readCommunityIds(structuredClone(this.blocksToSend));
	}

	async saveBlocksToSend(communities: readonly string[]): Promise<void> {
		const value = [...new Set(communities)];
		await this.write(() => {
			this.blocksToSend = value;
		});
	}

	private async write(apply: () => void): Promise<void> {
		await guardWrite(async () => {
			this.beforeWrite();
			apply();
		});
	}
}
