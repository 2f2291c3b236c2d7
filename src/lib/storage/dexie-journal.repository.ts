/**
 * The journal in IndexedDB. Rows are `{ id, record }` (see db.ts); this class is the only code
 * that reads or writes the `journal` table, and the `journal-order` row of `meta`: the sealed
 * order index (`journal-order.ts`), kept in step with the rows in the same transactions once a
 * full read has told this instance what it should hold.
 */

import type { JournalEntry } from '../domain/journal/entry';
import type { HearthDatabase, JournalRow } from './db';
import { guardWrite } from './guard-write';
import { plainJournalRecordCodec, type JournalRecordCodec } from './journal-record.codec';
import type {
	JournalRepository,
	LoadedJournal,
	LoadOptions,
	StoredJournalRow
} from './journal.repository';
import { openAll, openNewest, orderOf, sameRecord, type OpenedRecord } from './journal-load-phases';
import {
	firstReads,
	orderRecord,
	parseOrder,
	sameOrder,
	unknownCount,
	type JournalOrder
} from './journal-order';
import {
	readJournalRecord,
	splitResults,
	type ReadJournalRecordResult
} from './read-journal-record';
import { UnreadableRecordError } from './storage-errors';

/** The `meta` key of the sealed order index. */
export const ORDER_KEY = 'journal-order';

export class DexieJournalRepository implements JournalRepository {
	/** What the order index holds, known after this instance's first full read; until then,
	 *  writes leave the stored index alone (the next start opens what it does not name). */
	#order: JournalOrder | null = null;

	constructor(
		private readonly db: HearthDatabase,
		private readonly codec: JournalRecordCodec = plainJournalRecordCodec
	) {}

	async loadAll(options: LoadOptions = {}): Promise<LoadedJournal> {
		const stored = await this.readOrder();
		let opened = new Map<string, OpenedRecord>();
		if (options.newest) {
			const keys = await this.db.journal.toCollection().primaryKeys();
			const ids = keys.filter((key): key is string => typeof key === 'string');
			const plan = firstReads(ids, stored);
			const mustOpen = unknownCount(ids, stored);
			// Without a useful index every record is opened anyway: the full read alone does it.
			if (mustOpen < plan.length) {
				const first = await openNewest(plan, mustOpen, options.newest.count, (batch) =>
					this.openRows(batch)
				);
				opened = first.opened;
				options.newest.show(first.newest);
			}
		}
		// Typed as unknown on purpose: the table may hold rows this version never wrote.
		const rows: readonly unknown[] = await this.db.journal.toArray();
		const loaded = splitResults(
			await openAll(
				rows,
				(row) => this.readRow(row),
				(row) => {
					if (!isJournalRow(row)) return undefined;
					const earlier = opened.get(row.id);
					return earlier && sameRecord(earlier.record, row.record) ? earlier.result : undefined;
				}
			)
		);
		await this.keepOrder(stored, orderOf(loaded.entries));
		return loaded;
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
		// An edit keeps its entry's date, so most saves leave the index as it is.
		const order = this.#order && withDates(this.#order, entries);
		const sealed = order ? await this.sealOrder(order) : undefined;
		await guardWrite(() =>
			this.db.transaction('rw', this.db.journal, this.db.meta, async () => {
				await this.db.journal.bulkPut(rows);
				if (sealed !== undefined) await this.db.meta.put({ key: ORDER_KEY, value: sealed });
			})
		);
		if (order) this.#order = order;
	}

	async remove(id: string): Promise<void> {
		await this.removeMany([id]);
	}

	async removeMany(ids: readonly string[]): Promise<void> {
		const order = this.#order && withoutIds(this.#order, ids);
		const sealed = order ? await this.sealOrder(order) : undefined;
		await guardWrite(() =>
			this.db.transaction('rw', this.db.journal, this.db.meta, async () => {
				await this.db.journal.bulkDelete([...ids]);
				if (sealed !== undefined) await this.db.meta.put({ key: ORDER_KEY, value: sealed });
			})
		);
		if (order) this.#order = order;
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
		await guardWrite(() =>
			this.db.transaction('rw', this.db.journal, this.db.meta, async () => {
				await this.db.journal.clear();
				await this.db.meta.delete(ORDER_KEY);
			})
		);
		if (this.#order) this.#order = new Map();
	}

	/** Opens the rows stored under `ids` (missing ones are skipped). */
	private async openRows(ids: readonly string[]): Promise<Map<string, OpenedRecord>> {
		const rows: readonly unknown[] = await this.db.journal.bulkGet([...ids]);
		const opened = new Map<string, OpenedRecord>();
		const results = await Promise.all(
			rows.map(async (row) => (isJournalRow(row) ? { row, result: await this.readRow(row) } : null))
		);
		for (const item of results) {
			if (item) opened.set(item.row.id, { record: item.row.record, result: item.result });
		}
		return opened;
	}

	/** The stored order index; null when there is none or it cannot be trusted (then every
	 *  record is opened, and the index written afresh after the full read). */
	private async readOrder(): Promise<JournalOrder | null> {
		const seal = this.codec.order;
		if (!seal) return null;
		const row = await this.db.meta.get(ORDER_KEY);
		if (row === undefined) return null;
		try {
			const order = parseOrder(await seal.open(row.value));
			if (order === null) console.warn('The journal order index is damaged; rebuilding it.');
			return order;
		} catch (e: unknown) {
			console.warn('The journal order index does not open; rebuilding it.', e);
			return null;
		}
	}

	/** After a full read: remembers the index, and rewrites it if what is stored differs. */
	private async keepOrder(stored: JournalOrder | null, found: JournalOrder): Promise<void> {
		if (!this.codec.order) return;
		this.#order = found;
		if (stored !== null && sameOrder(stored, found)) return;
		try {
			const sealed = await this.sealOrder(found);
			await guardWrite(() => this.db.meta.put({ key: ORDER_KEY, value: sealed }));
		} catch (e: unknown) {
			// The journal opened; only the next start's first screen is slower (a full device, say).
			console.warn('The journal order index was not saved.', e);
		}
	}

	private async sealOrder(order: JournalOrder): Promise<unknown> {
		const seal = this.codec.order;
		if (!seal) throw new Error('This codec keeps no order index.');
		return seal.seal(orderRecord(order));
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

/** The index with these entries' dates, or null when it already has them. */
function withDates(order: JournalOrder, entries: readonly JournalEntry[]): JournalOrder | null {
	if (entries.every((entry) => order.get(entry.id) === entry.createdAt)) return null;
	const next = new Map(order);
	for (const entry of entries) next.set(entry.id, entry.createdAt);
	return next;
}

/** The index without these ids, or null when it holds none of them. */
function withoutIds(order: JournalOrder, ids: readonly string[]): JournalOrder | null {
	if (!ids.some((id) => order.has(id))) return null;
	const next = new Map(order);
	for (const id of ids) next.delete(id);
	return next;
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
