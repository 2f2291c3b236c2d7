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
 * The one exception is a compaction the person asked for (`compact`, `compactDocument`), whose
 * failure goes back to them.
 *
 * A compaction asked for from outside (the storage controls' "Tidy up") goes through the
 * persistence that has the document open, when one has: it knows what is queued to be written
 * and whether a stored update is unreadable, and keeps its count towards the next compaction right.
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
	/**
	 * Saves what is queued, then merges the whole stored log into one update now, whatever its
	 * size. Does nothing when a stored update is unreadable (merging could drop it). Throws what
	 * the repository threw (`StorageFullError`: the log is as it was).
	 */
	compact(): Promise<void>;
}

/** The open persistences, per repository and document name (see `compactDocument`). */
const open = new WeakMap<DocumentRepository, Map<string, DocPersistence>>();

/**
 * Merges a stored document's log into one update: through its persistence when the document is
 * open on this page, else directly. A log holding an update that cannot be read is left as it is.
 * Throws what the repository threw; the log is then as it was.
 */
export async function compactDocument(
	repository: DocumentRepository,
	docName: string
): Promise<void> {
	const live = open.get(repository)?.get(docName);
	if (live !== undefined) {
		await live.compact();
		return;
	}
	const stored = await repository.load(docName);
	if (stored.updates.length < 2 || !allReadable(stored.updates)) return;
	await repository.compact(docName, stored.lastId, Y.mergeUpdates(stored.updates));
}

/** Whether every update applies to a scratch document without an error. */
function allReadable(updates: readonly Uint8Array[]): boolean {
	const scratch = new Y.Doc();
	try {
		for (const update of updates) Y.applyUpdate(scratch, update);
		return true;
	} catch {
		return false;
	} finally {
		scratch.destroy();
	}
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
		runCompaction().catch((e: unknown) => {
			report({ kind: 'compaction-failed', docName, error: e });
		});
	}

	/** Starts one compaction; `compaction` tracks it (never rejecting) until it ends. */
	function runCompaction(): Promise<void> {
		const run = compact();
		compaction = run
			.catch(() => {})
			.finally(() => {
				compaction = null;
			});
		return run;
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
			throw e;
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
		const opened = open.get(repository);
		if (opened?.get(docName) === persistence) opened.delete(docName);
	}

	async function flush(): Promise<void> {
		await enqueue(null);
		while (compaction !== null) await compaction;
	}

	doc.on('update', onUpdate);
	doc.on('destroy', destroy);

	const persistence: DocPersistence = {
		whenLoaded,
		flush,
		destroy,
		origin,
		get hasUnsaved() {
			return unsaved !== null;
		},
		async compact() {
			await whenLoaded;
			await flush();
			// A background compaction may have started since; one at a time.
			while (compaction !== null) await compaction;
			if (destroyed || compactionPaused) return;
			await runCompaction();
		}
	};
	const opened = open.get(repository) ?? new Map<string, DocPersistence>();
	opened.set(docName, persistence);
	open.set(repository, opened);
	return persistence;
}

function firstBytes(updates: readonly Uint8Array[]): number {
	return updates[0]?.byteLength ?? 0;
}

function describe(e: unknown): string {
	return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
