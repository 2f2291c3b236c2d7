/**
 * Document update logs in IndexedDB: rows `{ id, docName, update }` in the `docUpdates` table
 * (see db.ts). This class is the only code that reads or writes that table.
 */

import Dexie from 'dexie';
import type { HearthDatabase } from './db';
import type {
	DocumentRepository,
	DocumentStats,
	DocumentSummary,
	StoredDocument
} from './document.repository';
import { guardWrite } from './guard-write';

export class DexieDocumentRepository implements DocumentRepository {
	constructor(private readonly db: HearthDatabase) {}

	async load(docName: string): Promise<StoredDocument> {
		const rows = await this.rowsOf(docName).toArray();
		const updates = rows.map((row) => row.update);
		return { updates, bytes: sumBytes(updates), lastId: rows.at(-1)?.id ?? 0 };
	}

	async append(docName: string, update: Uint8Array): Promise<void> {
		await guardWrite(() => this.db.docUpdates.add({ docName, update }));
	}

	async compact(docName: string, upToId: number, merged: Uint8Array): Promise<void> {
		const table = this.db.docUpdates;
		// One transaction: a refused put rolls the deletes back, so a full device loses nothing.
		await guardWrite(() =>
			this.db.transaction('rw', table, async () => {
				const last = await table.get(upToId);
				if (last?.docName !== docName) return;
				await this.rowsOf(docName, upToId).delete();
				// The merged update takes the last replaced row's id, so it stays ahead of rows
				// appended since: the log keeps its order.
				await table.put({ id: upToId, docName, update: merged });
			})
		);
	}

	async stats(docName: string): Promise<DocumentStats> {
		const stats: DocumentStats = { updates: 0, bytes: 0 };
		await this.rowsOf(docName).each((row) => {
			stats.updates++;
			stats.bytes += row.update.byteLength;
		});
		return stats;
	}

	async remove(docName: string): Promise<void> {
		await guardWrite(() => this.rowsOf(docName).delete());
	}

	async list(prefix = ''): Promise<DocumentSummary[]> {
		const summaries: DocumentSummary[] = [];
		// The compound index walks documents in name order, each one's rows together; a prefix
		// narrows the walk to the names that start with it (no name sorts above prefix + U+FFFF).
		const rows =
			prefix === ''
				? this.db.docUpdates.orderBy('[docName+id]')
				: this.db.docUpdates
						.where('[docName+id]')
						.between([prefix, Dexie.minKey], [`${prefix}\uffff`, Dexie.maxKey]);
		await rows.each((row) => {
			let summary = summaries.at(-1);
			if (summary?.docName !== row.docName) {
				summary = { docName: row.docName, updates: 0, bytes: 0 };
				summaries.push(summary);
			}
			summary.updates++;
			summary.bytes += row.update.byteLength;
		});
		return summaries;
	}

	async names(prefix = ''): Promise<string[]> {
		const names: string[] = [];
		const upper = [`${prefix}\uffff`, Dexie.maxKey];
		let lower: [string, unknown] = [prefix, Dexie.minKey];
		// Skips from one document to the next through the index, one key each: no update is read.
		for (;;) {
			const [key] = await this.db.docUpdates
				.where('[docName+id]')
				.between(lower, upper, names.length === 0, true)
				.limit(1)
				.keys();
			const name = Array.isArray(key) ? key[0] : undefined;
			if (typeof name !== 'string') return names;
			names.push(name);
			lower = [name, Dexie.maxKey];
		}
	}

	/** The document's rows in log order; with `belowId`, only those before it. */
	private rowsOf(docName: string, belowId?: number) {
		return this.db.docUpdates
			.where('[docName+id]')
			.between([docName, Dexie.minKey], [docName, belowId ?? Dexie.maxKey]);
	}
}

function sumBytes(updates: readonly Uint8Array[]): number {
	return updates.reduce((total, update) => total + update.byteLength, 0);
}
