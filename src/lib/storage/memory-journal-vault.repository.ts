/** The vault held in memory: the twin of `DexieJournalVaultRepository`, for tests. */

import type { VaultRecord } from '../domain/journal-crypto/vault';
import { readAttempts, readIdleMinutes } from './dexie-journal-vault.repository';
import { guardWrite } from './guard-write';
import type { IdleMinutes, JournalVaultRepository, LockAttempts } from './journal-vault.repository';

export class MemoryJournalVaultRepository implements JournalVaultRepository {
	#vault: unknown;
	#attempts: unknown;
	#sealed = false;
	#idle: unknown;

	/** Values as if read from disk, unchecked. */
	constructor(options: { vault?: unknown; attempts?: unknown; idle?: unknown } = {}) {
		this.#vault = options.vault;
		this.#attempts = options.attempts;
		this.#idle = options.idle;
	}

	async loadVault(): Promise<unknown> {
		return this.#vault === undefined ? undefined : structuredClone(this.#vault);
	}

	async saveVault(record: VaultRecord): Promise<void> {
		await guardWrite(async () => {
			this.#vault = structuredClone(record);
		});
	}

	async loadAttempts(): Promise<LockAttempts> {
		return readAttempts(this.#attempts);
	}

	async saveAttempts(attempts: LockAttempts): Promise<void> {
		this.#attempts = { ...attempts };
	}

	async loadIdleMinutes(): Promise<IdleMinutes> {
		return readIdleMinutes(this.#idle);
	}

	async saveIdleMinutes(minutes: IdleMinutes): Promise<void> {
		this.#idle = minutes;
	}

	async isSealed(): Promise<boolean> {
		return this.#sealed;
	}

	async markSealed(): Promise<void> {
		this.#sealed = true;
	}

	async clear(): Promise<void> {
		this.#vault = undefined;
		this.#attempts = undefined;
		this.#sealed = false;
		this.#idle = undefined;
	}
}
