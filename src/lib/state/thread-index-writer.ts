/**
 * Keeps a community's thread index (`storage/thread-index.repository.ts`) in step with its
 * documents: a moment after they change, the list as the documents now give it is compared with
 * what the index holds, and only the threads that differ are written (a reply moves one row, a
 * first sync of a big community writes them all once).
 *
 * The index is a copy for the first screen, never the truth: a write that fails (a full device)
 * is tried again after the next change, and nothing the person wrote depends on it.
 */
import type {
	IndexedThread,
	ThreadIndexChanges,
	ThreadIndexRepository
} from '../storage/thread-index.repository';
import { whenIdle } from './when-idle';

/** How long after a change the index is brought up to date: a burst of changes is one write. */
export const INDEX_DELAY_MS = 2000;

export interface ThreadIndexWriterOptions {
	community: string;
	repository: ThreadIndexRepository;
	/** The threads as the documents give them now (hidden ones left out), in any order. */
	read: () => readonly IndexedThread[];
	delayMs?: number;
	/** Waits for a quiet moment before the comparison runs; `whenIdle` by default. */
	idle?: () => Promise<void>;
	/** Told when a write failed (it is tried again after the next change). */
	onFailure?: (error: unknown) => void;
}

export class ThreadIndexWriter {
	readonly #options: ThreadIndexWriterOptions;
	/** Thread id → what the index holds for it (its `signature`); null until first read. */
	#stored: Map<string, string> | null = null;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#writing: Promise<void> = Promise.resolve();
	#stopped = false;

	constructor(options: ThreadIndexWriterOptions) {
		this.#options = options;
	}

	/** Something changed: the index is brought up to date after the delay. */
	changed(): void {
		if (this.#stopped || this.#timer !== null) return;
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.flush();
		}, this.#options.delayMs ?? INDEX_DELAY_MS);
	}

	/** Brings the index up to date now (after any write under way). */
	flush(): Promise<void> {
		if (this.#timer !== null) {
			clearTimeout(this.#timer);
			this.#timer = null;
		}
		this.#writing = this.#writing.then(() => this.#write());
		return this.#writing;
	}

	/** No more writes; resolves once a write under way has finished. */
	async stop(): Promise<void> {
		this.#stopped = true;
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#timer = null;
		await this.#writing;
	}

	async #write(): Promise<void> {
		if (this.#stopped) return;
		const { community, repository } = this.#options;
		try {
			await (this.#options.idle ?? whenIdle)();
			if (this.#stopped) return;
			this.#stored ??= new Map(
				(await repository.all(community)).map((thread) => [thread.id, signature(thread)])
			);
			const stored = this.#stored;
			const changes = changesFrom(stored, this.#options.read());
			await repository.update(community, changes);
			for (const thread of changes.put) stored.set(thread.id, signature(thread));
			for (const id of changes.remove) stored.delete(id);
		} catch (e: unknown) {
			this.#options.onFailure?.(e);
		}
	}
}

/** What to write so the index holds `threads`, given what it holds now. */
export function changesFrom(
	stored: ReadonlyMap<string, string>,
	threads: readonly IndexedThread[]
): ThreadIndexChanges {
	const put: IndexedThread[] = [];
	const listed = new Set<string>();
	for (const thread of threads) {
		listed.add(thread.id);
		if (stored.get(thread.id) !== signature(thread)) put.push(thread);
	}
	const remove = [...stored.keys()].filter((id) => !listed.has(id));
	return { put, remove };
}

/** Everything a row shows, in a fixed order: equal signatures, nothing to write. */
function signature(thread: IndexedThread): string {
	return JSON.stringify([
		thread.title,
		thread.excerpt,
		thread.author,
		thread.authorName,
		thread.writtenAt,
		thread.lastActivity,
		thread.replyCount,
		thread.contentWarning,
		thread.tags,
		thread.delivered,
		thread.mine
	]);
}
