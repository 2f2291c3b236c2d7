/**
 * Document update logs held in memory: the twin of `DexieDocumentRepository`, passing the same
 * contract. It copies bytes in and out, as IndexedDB's structured clone does.
 */

import type {
	DocumentRepository,
	DocumentStats,
	DocumentSummary,
	StoredDocument
} from './document.repository';
import { guardWrite } from './guard-write';

interface Row {
	docName: string;
	update: Uint8Array;
}

export interface MemoryDocumentOptions {
	/**
	 * Called before each write is applied; a throw refuses the write as a failing device would
	 * (throw a `QuotaExceededError` DOMException to stand for a full one).
	 */
	beforeWrite?: () => void;
}

export class MemoryDocumentRepository implements DocumentRepository {
	/** Keyed by log id; a Map iterates in insertion order, but ids are sorted where it matters. */
	private readonly rows = new Map<number, Row>();
	private nextId = 1;
	private readonly beforeWrite: () => void;

	constructor(options: MemoryDocumentOptions = {}) {
		this.beforeWrite = options.beforeWrite ?? (() => {});
	}

	async load(docName: string): Promise<StoredDocument> {
		const rows = this.rowsOf(docName);
		return {
			updates: rows.map(([, row]) => row.update.slice()),
			bytes: sumBytes(rows.map(([, row]) => row.update)),
			lastId: rows.at(-1)?.[0] ?? 0
		};
	}

	async append(docName: string, update: Uint8Array): Promise<void> {
		const copy = update.slice();
		await this.write(() => {
			this.rows.set(this.nextId++, { docName, update: copy });
		});
	}

	async compact(docName: string, upToId: number, merged: Uint8Array): Promise<void> {
		const copy = merged.slice();
		await this.write(() => {
			if (this.rows.get(upToId)?.docName !== docName) return;
			for (const [id] of this.rowsOf(docName)) if (id < upToId) this.rows.delete(id);
			this.rows.set(upToId, { docName, update: copy });
		});
	}

	async stats(docName: string): Promise<DocumentStats> {
		const updates = this.rowsOf(docName).map(([, row]) => row.update);
		return { updates: updates.length, bytes: sumBytes(updates) };
	}

	async remove(docName: string): Promise<void> {
		await this.write(() => {
			for (const [id] of this.rowsOf(docName)) this.rows.delete(id);
		});
	}

	async list(prefix = ''): Promise<DocumentSummary[]> {
		const summaries = new Map<string, DocumentSummary>();
		for (const { docName, update } of this.rows.values()) {
			if (!docName.startsWith(prefix)) continue;
			const summary = summaries.get(docName) ?? { docName, updates: 0, bytes: 0 };
			summary.updates++;
			summary.bytes += update.byteLength;
			summaries.set(docName, summary);
		}
		// IndexedDB orders string keys by code unit; so does a plain comparison.
		return [...summaries.values()].sort((a, b) => (a.docName < b.docName ? -1 : 1));
	}

	async names(prefix = ''): Promise<string[]> {
		const names = new Set<string>();
		for (const { docName } of this.rows.values())
			if (docName.startsWith(prefix)) names.add(docName);
		return [...names].sort((a, b) => (a < b ? -1 : 1));
	}

	private rowsOf(docName: string): [number, Row][] {
		return [...this.rows].filter(([, row]) => row.docName === docName).sort(([a], [b]) => a - b);
	}

	private async write(apply: () => void): Promise<void> {
		await guardWrite(async () => {
			this.beforeWrite();
			apply();
		});
	}
}

function sumBytes(updates: readonly Uint8Array[]): number {
	return updates.reduce((total, update) => total + update.byteLength, 0);
}
