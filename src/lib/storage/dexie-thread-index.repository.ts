/** The thread index in IndexedDB: `threadIndex` rows (see `db.ts`). */
import Dexie from 'dexie';
import type { HearthDatabase, ThreadIndexRow } from './db';
import { guardWrite } from './guard-write';
import {
	byLatestActivity,
	readIndexedThread,
	type IndexedThread,
	type ThreadIndexChanges,
	type ThreadIndexRepository
} from './thread-index.repository';

export class DexieThreadIndexRepository implements ThreadIndexRepository {
	constructor(private readonly db: HearthDatabase) {}

	async latest(community: string, limit: number): Promise<IndexedThread[]> {
		// Latest first through the index; a few extra rows stand in for any unreadable ones.
		const rows = await this.db.threadIndex
			.where('[community+lastActivity]')
			.between([community, Dexie.minKey], [community, Dexie.maxKey])
			.reverse()
			.limit(limit + SPARE_ROWS)
			.toArray();
		return readRows(rows).sort(byLatestActivity).slice(0, limit);
	}

	async all(community: string): Promise<IndexedThread[]> {
		return readRows(await this.#rowsOf(community).toArray());
	}

	async update(community: string, changes: ThreadIndexChanges): Promise<void> {
		if (changes.put.length === 0 && changes.remove.length === 0) return;
		await guardWrite(() =>
			this.db.transaction('rw', this.db.threadIndex, async () => {
				await this.db.threadIndex.bulkDelete(changes.remove.map((id) => [community, id]));
				await this.db.threadIndex.bulkPut(
					changes.put.map((thread) => ({
						community,
						id: thread.id,
						lastActivity: thread.lastActivity,
						thread
					}))
				);
			})
		);
	}

	async removeCommunity(community: string): Promise<void> {
		await this.#rowsOf(community).delete();
	}

	#rowsOf(community: string) {
		return this.db.threadIndex
			.where('[community+id]')
			.between([community, Dexie.minKey], [community, Dexie.maxKey]);
	}
}

/** Rows past the limit read in case some are unreadable (a damaged row is rare). */
const SPARE_ROWS = 5;

/** Checked rows whose id matches their key: a row under another thread's key is refused. */
function readRows(rows: readonly ThreadIndexRow[]): IndexedThread[] {
	return rows.flatMap((row) => {
		const thread = readIndexedThread(row.thread);
		return thread !== null && thread.id === row.id && thread.lastActivity === row.lastActivity
			? [thread]
			: [];
	});
}
