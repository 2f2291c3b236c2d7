/**
 * The journal held in memory: the twin of `DexieJournalRepository`, passing the same contract.
 * It stores encoded records, not entries, so it validates, copies and reports damage exactly as
 * the real store does.
 */

import type { JournalEntry } from '../domain/journal/entry';
import { guardWrite } from './guard-write';
import { plainJournalRecordCodec, type JournalRecordCodec } from './journal-record.codec';
import type {
	JournalRepository,
	LoadedJournal,
	LoadOptions,
	StoredJournalRow
} from './journal.repository';
import { readJournalRecord, splitResults } from './read-journal-record';
import { UnreadableRecordError } from './storage-errors';

export interface MemoryJournalOptions {
	codec?: JournalRecordCodec;
	/** Stored records to start from, as if read from disk: they are not encoded or checked. */
	records?: Iterable<readonly [id: string, record: unknown]>;
	/**
	 * Called before each write is applied; a throw refuses the write as a failing device would
	 * (throw a `QuotaExceededError` DOMException to stand for a full one).
	 */
	beforeWrite?: () => void;
}

export class MemoryJournalRepository implements JournalRepository {
	private readonly codec: JournalRecordCodec;
	private readonly records: Map<string, unknown>;
	private readonly beforeWrite: () => void;

	constructor(options: MemoryJournalOptions = {}) {
		this.codec = options.codec ?? plainJournalRecordCodec;
		this.records = new Map(options.records);
		this.beforeWrite = options.beforeWrite ?? (() => {});
	}

	/** Keeps no order index: it opens everything, then shows the newest before resolving, so
	 *  callers meet both phases. */
	async loadAll(options: LoadOptions = {}): Promise<LoadedJournal> {
		const ids = this.sortedIds();
		const loaded = splitResults(
			await Promise.all(ids.map((id) => readJournalRecord(this.codec, id, this.records.get(id))))
		);
		if (options.newest) {
			const live = loaded.entries.filter((entry) => entry.deletedAt === null);
			live.sort((a, b) => b.createdAt - a.createdAt);
			options.newest.show(live.slice(0, options.newest.count));
		}
		return loaded;
	}

	async get(id: string): Promise<JournalEntry | undefined> {
		if (!this.records.has(id)) return undefined;
		const result = await readJournalRecord(this.codec, id, this.records.get(id));
		if (!result.ok) throw new UnreadableRecordError(result.problem);
		return result.entry;
	}

	async put(entry: JournalEntry): Promise<void> {
		await this.putMany([entry]);
	}

	async putMany(entries: readonly JournalEntry[]): Promise<void> {
		const encoded = await Promise.all(
			entries.map(async (entry): Promise<[string, unknown]> => [
				entry.id,
				await this.codec.encode(entry)
			])
		);
		await this.write(() => {
			for (const [id, record] of encoded) this.records.set(id, record);
		});
	}

	async remove(id: string): Promise<void> {
		await this.write(() => this.records.delete(id));
	}

	async removeMany(ids: readonly string[]): Promise<void> {
		await this.write(() => ids.forEach((id) => this.records.delete(id)));
	}

	async count(): Promise<number> {
		return this.records.size;
	}

	async rewriteStale(): Promise<number> {
		const entries: JournalEntry[] = [];
		for (const id of this.sortedIds()) {
			const record = this.records.get(id);
			if (!this.codec.needsRewrite(record)) continue;
			const result = await readJournalRecord(this.codec, id, record);
			if (result.ok) entries.push(result.entry);
		}
		if (entries.length > 0) await this.putMany(entries);
		return entries.length;
	}

	async exportRows(): Promise<StoredJournalRow[]> {
		return this.sortedIds().map((id) => ({ id, record: structuredClone(this.records.get(id)) }));
	}

	async clear(): Promise<void> {
		await this.write(() => this.records.clear());
	}

	/** IndexedDB returns string keys in code-unit order; so does a plain sort. */
	private sortedIds(): string[] {
		return [...this.records.keys()].sort();
	}

	private async write(apply: () => void): Promise<void> {
		await guardWrite(async () => {
			this.beforeWrite();
			apply();
		});
	}
}
