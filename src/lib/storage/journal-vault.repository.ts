/**
 * Where this device keeps the journal's keys (the vault, see `domain/journal-crypto/vault.ts`)
 * and the lock's bookkeeping. Implementations: `DexieJournalVaultRepository` and
 * `MemoryJournalVaultRepository`, both passing `journal-vault-repository.contract.ts`.
 */

import type { VaultRecord } from '../domain/journal-crypto/vault';

/** Wrong attempts at the lock, kept on the device so a reload does not reset the slow-down. */
export interface LockAttempts {
	failures: number;
	/** Milliseconds; no attempt is taken before this. */
	notBefore: number;
}

export const NO_ATTEMPTS: LockAttempts = { failures: 0, notBefore: 0 };

/** Minutes without a touch or key press before an open, locked-by-passphrase journal locks. */
export const IDLE_CHOICES = [1, 5, 15, 60] as const;
export type IdleMinutes = (typeof IDLE_CHOICES)[number];
export const DEFAULT_IDLE_MINUTES: IdleMinutes = 5;

export interface JournalVaultRepository {
	/** The stored vault as stored, unchecked (`parseVaultRecord` checks it); undefined if none. */
	loadVault(): Promise<unknown>;
	saveVault(record: VaultRecord): Promise<void>;
	loadAttempts(): Promise<LockAttempts>;
	saveAttempts(attempts: LockAttempts): Promise<void>;
	loadIdleMinutes(): Promise<IdleMinutes>;
	saveIdleMinutes(minutes: IdleMinutes): Promise<void>;
	/** Whether every journal row has been sealed (rows from before encryption at rest). */
	isSealed(): Promise<boolean>;
	markSealed(): Promise<void>;
	/** Forgets the keys and the bookkeeping: the person wiped the device. */
	clear(): Promise<void>;
}
