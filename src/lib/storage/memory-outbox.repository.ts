/** The outbox held in memory: the twin of `DexieOutboxRepository`, passing the same contract. */

import { guardWrite } from './guard-write';
import { readOutbox, type OutboxRepository } from './outbox.repository';

export interface MemoryOutboxOptions {
	/** A stored value to start from, as if read from disk: not checked, so tests can plant one. */
	stored?: unknown;
	/** Called before each write; a throw refuses it as a failing device would. */
	beforeWrite?: () => void;
}

export class MemoryOutboxRepository implements OutboxRepository {
	#stored: unknown;
	readonly #beforeWrite: () => void;

	constructor(options: MemoryOutboxOptions = {}) {
		this.#stored = structuredClone(options.stored);
		this.#beforeWrite = options.beforeWrite ?? (() => {});
	}

	async load(): Promise<unknown[]> {
		return readOutbox(structuredClone(this.#stored));
	}

	async save(items: readonly unknown[]): Promise<void> {
		await guardWrite(async () => {
			this.#beforeWrite();
			this.#stored = structuredClone([...items]);
		});
	}
}
