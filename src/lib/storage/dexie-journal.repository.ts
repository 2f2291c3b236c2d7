/**
 * The journal in IndexedDB. Rows are `{ id, record }` (see db.ts); this class is the only code
 * that reads or writes the `journal` table.
 */

import type { JournalEntry } from '../domain/journal/entry';
import type { HearthDatabase, JournalRow } from './db';
import { guardWrite } from './guard-write';
import { plainJournalRecordCodec, type JournalRecordCodec } from './journal-record.codec';
import type { JournalRepository, LoadedJournal, StoredJournalRow } from './journal.repository';
import {
	readJournalRecord,
	splitResults,
	type ReadJournalRecordResult
} from './read-journal-record';
import { UnreadableRecordError } from './storage-errors';

export class DexieJournalRepository implements JournalRepository {
	constructor(
		private readonly db: HearthDatabase,
		private readonly codec: JournalRecordCodec = plainJournalRecordCodec
	) {}

	async loadAll(): Promise<LoadedJournal> {
		// Typed as unknown on purpose: the table may hold rows this version never wrote.
		const rows: readonly unknown[] = await this.db.journal.toArray();
		return splitResults(await Promise.all(rows.map((row) => this.readRow(row))));
	}

	async get(id: string): Promise<JournalEntry | undefined> {
		const row: unknown = await this.db.journal.get(id);
		if (row === undefined) return undefined;
		const result = await this.readRow(row);
		if (!result.ok) throw new UnreadableRecordError(result.problem);
		return result.entry;
	}

	async put(entry: JournalEntry): Promise<void> {
		await this.putMany([entry]);
	}

	async putMany(entries: readonly JournalEntry[]): Promise<void> {
		// Encoding first: the codec may await (WebCrypto), which would end a transaction early.
		const rows = await Promise.all(
			entries.map(async (entry) => ({ id: entry.id, record: await this.codec.encode(entry) }))
		);
		await guardWrite(() =>
			this.db.transaction('rw', this.db.journal, () => this.db.journal.bulkPut(rows))
		);
	}

	async remove(id: string): Promise<void> {
		await guardWrite(() => this.db.journal.delete(id));
	}

	async purgeDeleted(olderThan: number): Promise<string[]> {
		// Read and delete are separate transactions because decoding may await. That is safe:
		// only entries past their undo window qualify, and nothing can restore those.
		const { entries } = await this.loadAll();
		const ids = entries
			.filter((entry) => entry.deletedAt !== null && entry.deletedAt < olderThan)
			.map((entry) => entry.id);
		if (ids.length > 0) {
			await guardWrite(() =>
				this.db.transaction('rw', this.db.journal, () => this.db.journal.bulkDelete(ids))
			);
		}
		return ids;
	}

	async count(): Promise<number> {
		return this.db.journal.count();
	}

	async rewriteStale(): Promise<number> {
		const rows: readonly unknown[] = await this.db.journal.toArray();
		const stale = rows.filter(
			(row): row is JournalRow => isJournalRow(row) && this.codec.needsRewrite(row.record)
		);
		const entries: JournalEntry[] = [];
		for (const row of stale) {
			const result = await this.readRow(row);
			if (result.ok) entries.push(result.entry);
		}
		if (entries.length > 0) await this.putMany(entries);
		return entries.length;
	}

	async exportRows(): Promise<StoredJournalRow[]> {
		const rows: readonly unknown[] = await this.db.journal.toArray();
		return rows.filter(isJournalRow).map(({ id, record }) => ({ id, record }));
	}

	async clear(): Promise<void> {
		await guardWrite(() => this.db.journal.clear());
	}

	private async readRow(row: unknown): Promise<ReadJournalRecordResult> {
		if (!isJournalRow(row)) {
			const id = describeKey(row);
			const detail = 'row is not { id: string, record }';
			return { ok: false, problem: { id, reason: 'not-a-journal-row', path: [], detail } };
		}
		return readJournalRecord(this.codec, row.id, row.record);
	}
}

function isJournalRow(row: unknown): row is JournalRow {
	return (
		typeof row === 'object' &&
		row !== null &&
		'id' in row &&
		typeof row.id === 'string' &&
		'record' in row
	);
}

/** The primary key of any row, as text: every row in the table has one under `id`. */
function describeKey(row: unknown): string {
	const key: unknown = typeof row === 'object' && row !== null && 'id' in row ? row.id : row;
	return typeof key === 'string' ? key : (JSON.stringify(key) ?? String(key));
}
