/**
 * What every `JournalVaultRepository` must do. Run by `dexie-journal-vault.repository.spec.ts`
 * (IndexedDB, through fake-indexeddb) and `memory-journal-vault.repository.spec.ts`.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { createVault, openWithDevice, parseVaultRecord } from '../domain/journal-crypto/vault';
import { DEFAULT_IDLE_MINUTES, NO_ATTEMPTS } from './journal-vault.repository';
import type { JournalVaultRepository } from './journal-vault.repository';

export interface JournalVaultHarness {
	repository: JournalVaultRepository;
	/** Writes raw values where the repository keeps its attempts and idle choice. */
	plant(values: { attempts?: unknown; idle?: unknown }): Promise<void>;
	dispose(): Promise<void>;
}

export function describeJournalVaultRepositoryContract(
	name: string,
	create: () => Promise<JournalVaultHarness>
): void {
	describe(`${name} (JournalVaultRepository contract)`, () => {
		const harnesses: JournalVaultHarness[] = [];
		async function open(): Promise<JournalVaultHarness> {
			const harness = await create();
			harnesses.push(harness);
			return harness;
		}
		afterEach(async () => {
			await Promise.all(harnesses.splice(0).map((harness) => harness.dispose()));
		});

		it('starts empty', async () => {
			const { repository } = await open();
			expect(await repository.loadVault()).toBeUndefined();
			expect(await repository.loadAttempts()).toEqual(NO_ATTEMPTS);
			expect(await repository.loadIdleMinutes()).toBe(DEFAULT_IDLE_MINUTES);
			expect(await repository.isSealed()).toBe(false);
		});

		it('keeps the vault, its device key still usable after storing', async () => {
			const { repository } = await open();
			const vault = await createVault();
			await repository.saveVault(vault.record);
			const stored = parseVaultRecord(await repository.loadVault());
			const reopened = await openWithDevice(stored);
			expect(reopened.current).toBe(vault.current);
			expect(stored.device?.key.extractable).toBe(false);
		});

		it('keeps attempts, the idle choice and the sealed mark, and forgets all on clear', async () => {
			const { repository } = await open();
			await repository.saveVault((await createVault()).record);
			await repository.saveAttempts({ failures: 6, notBefore: 1234 });
			await repository.saveIdleMinutes(15);
			await repository.markSealed();
			expect(await repository.loadAttempts()).toEqual({ failures: 6, notBefore: 1234 });
			expect(await repository.loadIdleMinutes()).toBe(15);
			expect(await repository.isSealed()).toBe(true);
			await repository.clear();
			expect(await repository.loadVault()).toBeUndefined();
			expect(await repository.loadAttempts()).toEqual(NO_ATTEMPTS);
			expect(await repository.isSealed()).toBe(false);
		});

		it('reads a damaged attempt count as many failures, never as none', async () => {
			const harness = await open();
			for (const attempts of [null, 'x', { failures: -1, notBefore: 0 }, { failures: 2 }]) {
				await harness.plant({ attempts });
				expect((await harness.repository.loadAttempts()).failures).toBeGreaterThan(4);
			}
		});

		it('reads an idle choice it does not offer as the default', async () => {
			const harness = await open();
			for (const idle of [0, 7, 'five', -1]) {
				await harness.plant({ idle });
				expect(await harness.repository.loadIdleMinutes()).toBe(DEFAULT_IDLE_MINUTES);
			}
		});
	});
}
