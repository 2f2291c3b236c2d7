/**
 * The thread index in memory: the twin of `DexieThreadIndexRepository`, passing the same contract.
 * Values are cloned in and out, as IndexedDB's structured clone does.
 */
import { guardWrite } from './guard-write';
import {
	byLatestActivity,
	readIndexedThread,
	type IndexedThread,
	type ThreadIndexChanges,
	type ThreadIndexRepository
} from './thread-index.repository';

export interface MemoryThreadIndexOptions {
	/** Called before each write; a throw refuses it as a failing device would. */
	beforeWrite?: () => void;
}

export class MemoryThreadIndexRepository implements ThreadIndexRepository {
	/** Per community, thread id → the stored value as it is (damaged or not). */
	readonly #rows = new Map<string, Map<string, unknown>>();
	readonly #beforeWrite: () => void;
	/** Rows written so far, so tests can see that only changes are written. */
	written = 0;

	constructor(options: MemoryThreadIndexOptions = {}) {
		this.#beforeWrite = options.beforeWrite ?? (() => {});
	}

	async latest(community: string, limit: number): Promise<IndexedThread[]> {
		return (await this.all(community)).sort(byLatestActivity).slice(0, limit);
	}

	async all(community: string): Promise<IndexedThread[]> {
		return [...(this.#rows.get(community) ?? new Map<string, unknown>())].flatMap(([id, value]) => {
			const thread = readIndexedThread(structuredClone(value));
			return thread !== null && thread.id === id ? [thread] : [];
		});
	}

	async update(community: string, changes: ThreadIndexChanges): Promise<void> {
		if (changes.put.length === 0 && changes.remove.length === 0) return;
		await guardWrite(async () => {
			this.#beforeWrite();
			const rows = this.#rows.get(community) ?? new Map<string, unknown>();
			for (const id of changes.remove) rows.delete(id);
			for (const thread of changes.put) rows.set(thread.id, structuredClone(thread));
			this.#rows.set(community, rows);
			this.written += changes.put.length;
		});
	}

	async removeCommunity(community: string): Promise<void> {
		this.#rows.delete(community);
	}

	/** Plants a value as it is under `id`, as a damaged disk would hand it back. */
	plant(community: string, id: string, value: unknown): void {
		const rows = this.#rows.get(community) ?? new Map<string, unknown>();
		rows.set(id, value);
		this.#rows.set(community, rows);
	}
}
