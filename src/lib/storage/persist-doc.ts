/**
 * Keeps a Y.Doc saved on this device as an update log (see `document.repository.ts`).
 *
 * Loading applies every stored update in one transaction whose origin is this persistence, so
 * the `update` event it causes is recognised and not written back. From then on every other
 * update, local or from the network, is appended, one write at a time and in order. When the log
 * grows past a threshold, a background compaction replaces what it loaded by one merged update;
 * appends carry on meanwhile, and the repository keeps whatever they add (`compact`'s `upToId`).
 *
 * Nothing here throws at the caller after setup: a refused write, an unreadable stored update or
 * a failed compaction is reported through `onProblem`, and the document keeps working in memory.
 */

import * as Y from 'yjs';
import type { DocumentRepository, DocumentStats } from './document.repository';

export interface CompactionThreshold {
	/** Compact once the log holds this many updates... */
	updates: number;
	/** ...or this many bytes, whichever comes first. */
	bytes: number;
}

export const DEFAULT_COMPACT_AFTER: CompactionThreshold = { updates: 50, bytes: 256 * 1024 };

export type DocPersistenceProblem =
	/**
	 * A stored update could not be applied. It was skipped and stays stored, untouched, for a
	 * later version or a recovery tool; compaction is paused for this document so it is not lost.
	 */
	| { kind: 'corrupt-update'; docName: string; index: number; detail: string }
	/**
	 * An update could not be saved (`error` is `StorageFullError` when the device is full). The
	 * document still holds it, and it is retried with the next write and on `flush`.
	 */
	| { kind: 'write-failed'; docName: string; error: unknown }
	/** Compaction failed; the log is as it was, and compaction is retried after more updates. */
	| { kind: 'compaction-failed'; docName: string; error: unknown };

export interface PersistDocOptions {
	compactAfter?: Partial<CompactionThreshold>;
	onProblem?: (problem: DocPersistenceProblem) => void;
}

export interface DocPersistence {
	/** Resolves once the stored updates are in the document; rejects if they could not be read. */
	readonly whenLoaded: Promise<void>;
	/** Resolves once every update so far is saved or reported, and no compaction is running. */
	flush(): Promise<void>;
	/** Stops saving new updates; writes already under way still finish. */
	destroy(): void;
	/** The transaction origin of updates applied from storage. */
	readonly origin: object;
	/** Whether some updates are only in memory because the device refused them. */
	readonly hasUnsaved: boolean;
}

export function persistDoc(
	doc: Y.Doc,
	docName: string,
	repository: DocumentRepository,
	options: PersistDocOptions = {}
): DocPersistence {
	const threshold: CompactionThreshold = { ...DEFAULT_COMPACT_AFTER, ...options.compactAfter };
	const onProblem = options.onProblem ?? (() => {});
	const origin = { persistence: docName };
	let destroyed = false;
	/**
	 * Log growth counted towards the next compaction. Bytes leave out the log's first update (the
	 * last compaction's result): a document whose merged state alone passes the byte threshold
	 * would otherwise be compacted again on every append.
	 */
	let growth: DocumentStats = { updates: 0, bytes: 0 };
	/** What the device refused, merged into one update, to go out with the next write. */
	let unsaved: Uint8Array | null = null;
	let compaction: Promise<void> | null = null;
	/** Set when a stored update is unreadable: merging would fail, or drop it. */
	let compactionPaused = false;

	function report(problem: DocPersistenceProblem): void {
		try {
			onProblem(problem);
		} catch (e: unknown) {
			// A failing callback must not stop the write queue, nor vanish: rethrow outside it.
			setTimeout(() => {
				throw e;
			});
		}
	}

	async function load(): Promise<void> {
		const stored = await repository.load(docName);
		if (destroyed) return;
		growth = { updates: stored.updates.length, bytes: stored.bytes - firstBytes(stored.updates) };
		Y.transact(
			doc,
			() => {
				stored.updates.forEach((update, index) => {
					try {
						Y.applyUpdate(doc, update, origin);
					} catch (e: unknown) {
						compactionPaused = true;
						report({ kind: 'corrupt-update', docName, index, detail: describe(e) });
					}
				});
			},
			origin
		);
		maybeCompact();
	}

	async function save(update: Uint8Array | null): Promise<void> {
		const batch = [unsaved, update].filter((u): u is Uint8Array => u !== null);
		if (batch.length === 0) return;
		const merged = Y.mergeUpdates(batch);
		try {
			await repository.append(docName, merged);
		} catch (e: unknown) {
			unsaved = merged;
			report({ kind: 'write-failed', docName, error: e });
			return;
		}
		unsaved = null;
		growth = { updates: growth.updates + 1, bytes: growth.bytes + merged.byteLength };
		maybeCompact();
	}

	function maybeCompact(): void {
		if (destroyed || compaction !== null || compactionPaused || growth.updates < 2) return;
		if (growth.updates < threshold.updates && growth.bytes < threshold.bytes) return;
		compaction = compact().finally(() => {
			compaction = null;
		});
	}

	async function compact(): Promise<void> {
		try {
			const stored = await repository.load(docName);
			let base = firstBytes(stored.updates);
			if (stored.updates.length > 1) {
				const merged = Y.mergeUpdates(stored.updates);
				await repository.compact(docName, stored.lastId, merged);
				base = merged.byteLength;
			}
			const stats = await repository.stats(docName);
			growth = { updates: stats.updates, bytes: Math.max(0, stats.bytes - base) };
		} catch (e: unknown) {
			// Start counting again, so a failing compaction is not retried on every append.
			growth = { updates: 0, bytes: 0 };
			report({ kind: 'compaction-failed', docName, error: e });
		}
	}

	const whenLoaded = load();
	// Writes wait for loading (a failed load is the caller's to handle through `whenLoaded`),
	// then run one at a time so the log keeps the order Yjs produced them in.
	let writes: Promise<void> = whenLoaded.catch(() => {});

	function enqueue(update: Uint8Array | null): Promise<void> {
		writes = writes.then(() => save(update));
		return writes;
	}

	function onUpdate(update: Uint8Array, updateOrigin: unknown): void {
		if (updateOrigin !== origin) void enqueue(update);
	}

	function destroy(): void {
		destroyed = true;
		doc.off('update', onUpdate);
		doc.off('destroy', destroy);
	}

	doc.on('update', onUpdate);
	doc.on('destroy', destroy);

	return {
		whenLoaded,
		async flush() {
			await enqueue(null);
			while (compaction !== null) await compaction;
		},
		destroy,
		origin,
		get hasUnsaved() {
			return unsaved !== null;
		}
	};
}

function firstBytes(updates: readonly Uint8Array[]): number {
	return updates[0]?.byteLength ?? 0;
}

function describe(e: unknown): string {
	return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
