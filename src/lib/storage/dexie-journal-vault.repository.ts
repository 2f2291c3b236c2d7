/**
 * The vault in IndexedDB's `meta` table. The device's own key is a non-extractable CryptoKey,
 * which IndexedDB stores as a structured clone: script on this origin can use it, but not read
 * its bytes.
 */

import type { VaultRecord } from '../domain/journal-crypto/vault';
import type { HearthDatabase } from './db';
import { guardWrite } from './guard-write';
import {
	DEFAULT_IDLE_MINUTES,
	IDLE_CHOICES,
	NO_ATTEMPTS,
	type IdleMinutes,
	type JournalVaultRepository,
	type LockAttempts
} from './journal-vault.repository';

const VAULT_KEY = 'journal-vault';
const ATTEMPTS_KEY = 'journal-lock-attempts';
const SEALED_KEY = 'journal-sealed';
const IDLE_KEY = 'journal-lock-idle-minutes';

export class DexieJournalVaultRepository implements JournalVaultRepository {
	constructor(private readonly db: HearthDatabase) {}

	async loadVault(): Promise<unknown> {
		return (await this.db.meta.get(VAULT_KEY))?.value;
	}

	async saveVault(record: VaultRecord): Promise<void> {
		await guardWrite(() => this.db.meta.put({ key: VAULT_KEY, value: record }));
	}

	async loadAttempts(): Promise<LockAttempts> {
		return readAttempts((await this.db.meta.get(ATTEMPTS_KEY))?.value);
	}

	async saveAttempts(attempts: LockAttempts): Promise<void> {
		await guardWrite(() => this.db.meta.put({ key: ATTEMPTS_KEY, value: attempts }));
	}

	async loadIdleMinutes(): Promise<IdleMinutes> {
		return readIdleMinutes((await this.db.meta.get(IDLE_KEY))?.value);
	}

	async saveIdleMinutes(minutes: IdleMinutes): Promise<void> {
		await guardWrite(() => this.db.meta.put({ key: IDLE_KEY, value: minutes }));
	}

	async isSealed(): Promise<boolean> {
		return (await this.db.meta.get(SEALED_KEY))?.value === true;
	}

	async markSealed(): Promise<void> {
		await guardWrite(() => this.db.meta.put({ key: SEALED_KEY, value: true }));
	}

	async clear(): Promise<void> {
		await guardWrite(() =>
			this.db.meta.bulkDelete([VAULT_KEY, ATTEMPTS_KEY, SEALED_KEY, IDLE_KEY])
		);
	}
}

/** A damaged counter must not unlock anything: it reads as the strictest plausible value. */
export function readAttempts(value: unknown): LockAttempts {
	if (value === undefined) return NO_ATTEMPTS;
	if (typeof value === 'object' && value !== null) {
		const { failures, notBefore } = value as Record<string, unknown>;
		if (
			typeof failures === 'number' &&
			Number.isInteger(failures) &&
			failures >= 0 &&
			typeof notBefore === 'number' &&
			Number.isFinite(notBefore)
		) {
			return { failures, notBefore };
		}
	}
	return { failures: DAMAGED_FAILURES, notBefore: 0 };
}

const DAMAGED_FAILURES = 10;

export function readIdleMinutes(value: unknown): IdleMinutes {
	return IDLE_CHOICES.find((choice) => choice === value) ?? DEFAULT_IDLE_MINUTES;
}
