/**
 * Measures the device's tables in IndexedDB (see `storage-measure.repository.ts`). Reads rows, so
 * it runs on demand only, never at start.
 */
import {
	CONFIRMED_KEY_PREFIX,
	deletionsPrefix,
	heldPrefix,
	DELETIONS_KEY_PREFIX,
	HELD_KEY_PREFIX
} from './community.repository';
import Dexie from 'dexie';
import type { HearthDatabase } from './db';
import { QUEUE_KEY_PREFIX } from './moderation-cache.repository';
import { ROW_OVERHEAD_BYTES } from './document.repository';
import type { StorageMeasureRepository, TableSize } from './storage-measure.repository';
import { storedSize } from './stored-size';

/** Meta rows that belong to one community, counted with it rather than with the rest. */
const COMMUNITY_META_PREFIXES = [
	CONFIRMED_KEY_PREFIX,
	HELD_KEY_PREFIX,
	DELETIONS_KEY_PREFIX,
	QUEUE_KEY_PREFIX
];

export class DexieStorageMeasureRepository implements StorageMeasureRepository {
	constructor(private readonly db: HearthDatabase) {}

	async journal(): Promise<TableSize> {
		return measure(await this.db.journal.toArray());
	}

	async community(id: string): Promise<TableSize> {
		const prefixes = [
			`${CONFIRMED_KEY_PREFIX}community:${id}:`,
			heldPrefix(id),
			deletionsPrefix(id),
			QUEUE_KEY_PREFIX + id
		];
		const [joined, marks, threads, ...meta] = await Promise.all([
			this.db.communities.where('id').equals(id).toArray(),
			this.db.readMarks.where('community').equals(id).toArray(),
			this.db.threadIndex
				.where('[community+id]')
				.between([id, Dexie.minKey], [id, Dexie.maxKey])
				.toArray(),
			...prefixes.map((prefix) => this.db.meta.where('key').startsWith(prefix).toArray())
		]);
		return measure([...joined, ...marks, ...threads, ...meta.flat()]);
	}

	async other(): Promise<TableSize> {
		const [settings, identity, meta] = await Promise.all([
			this.db.settings.toArray(),
			this.db.identity.toArray(),
			this.db.meta.toArray()
		]);
		const shared = meta.filter(
			(row) => !COMMUNITY_META_PREFIXES.some((prefix) => row.key.startsWith(prefix))
		);
		return measure([...settings, ...identity, ...shared]);
	}
}

function measure(rows: readonly unknown[]): TableSize {
	return {
		rows: rows.length,
		bytes: rows.reduce<number>((total, row) => total + storedSize(row) + ROW_OVERHEAD_BYTES, 0)
	};
}
