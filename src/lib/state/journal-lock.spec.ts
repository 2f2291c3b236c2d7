import { afterEach, describe, expect, it, vi } from 'vitest';
import { FREE_ATTEMPTS } from '../domain/journal-crypto/attempt-delay';
import {
	DEFAULT_ITERATIONS,
	MIN_ITERATIONS,
	newKdfParams
} from '../domain/journal-crypto/passphrase-kdf';
import { createVault, withPassphrase, type OpenVault } from '../domain/journal-crypto/vault';
import { MemoryJournalVaultRepository } from '../storage/memory-journal-vault.repository';
import { JournalLock, type JournalLockError } from './journal-lock.svelte';

const PASSPHRASE = 'quiet river morning';

function hooks() {
	const opened: { vault: OpenVault; readPlain: boolean }[] = [];
	let locked = 0;
	return {
		opened,
		get locked() {
			return locked;
		},
		hooks: {
			opened: async (vault: OpenVault, readPlain: boolean) => {
				opened.push({ vault, readPlain });
				return true;
			},
			locking: async () => {
				locked++;
			}
		}
	};
}

// The default 600,000 iterations are tested once, below; elsewhere the floor keeps this quick.
async function start(
	repo: MemoryJournalVaultRepository,
	now = () => Date.now(),
	iterations = MIN_ITERATIONS
) {
	const seen = hooks();
	const lock = new JournalLock({ now, iterations });
	await lock.attach(repo, seen.hooks);
	return { lock, seen };
}

async function lockedJournal(kind: 'pin' | 'passphrase' = 'passphrase', secret = PASSPHRASE) {
	const repo = new MemoryJournalVaultRepository();
	const first = await start(repo);
	await first.lock.setLock(kind, secret);
	return repo;
}

async function failure(promise: Promise<unknown>): Promise<JournalLockError> {
	return promise.then(
		() => expect.fail('expected the attempt to be refused'),
		(e: unknown) => e as JournalLockError
	);
}

afterEach(() => {
	vi.useRealTimers();
});

describe('JournalLock', () => {
	it('makes a key on first start and opens by itself, sealing older plain rows once', async () => {
		const repo = new MemoryJournalVaultRepository();
		const first = await start(repo);
		expect(first.lock.status).toBe('open');
		expect(first.lock.kind).toBeNull();
		expect(first.seen.opened).toHaveLength(1);
		expect(first.seen.opened[0]?.readPlain).toBe(true);
		expect(await repo.isSealed()).toBe(true);
		const again = await start(repo);
		expect(again.lock.status).toBe('open');
		expect(again.seen.opened[0]?.readPlain).toBe(false);
		expect(again.lock.vault.current).toBe(first.lock.vault.current);
	});

	it('keeps plain rows readable when sealing them did not finish', async () => {
		const repo = new MemoryJournalVaultRepository();
		const lock = new JournalLock();
		await lock.attach(repo, { opened: async () => false, locking: async () => {} });
		expect(await repo.isSealed()).toBe(false);
	});

	it('with a lock, starts locked and opens only with the passphrase', async () => {
		const repo = await lockedJournal();
		const { lock, seen } = await start(repo);
		expect(lock.status).toBe('locked');
		expect(lock.kind).toBe('passphrase');
		expect(seen.opened).toHaveLength(0);
		expect(() => lock.vault).toThrow(/locked/);
		const wrong = await failure(lock.unlock('quiet river evening'));
		expect(wrong.code).toBe('wrong-secret');
		expect(lock.status).toBe('locked');
		await lock.unlock(PASSPHRASE);
		expect(lock.status).toBe('open');
		expect(seen.opened).toHaveLength(1);
		expect(await repo.loadAttempts()).toEqual({ failures: 0, notBefore: 0 });
	});

	it('slows wrong attempts down, counted on the device across restarts', async () => {
		let now = 1_800_000_000_000;
		const repo = await lockedJournal('pin', '482913');
		let { lock } = await start(repo, () => now);
		for (let i = 0; i < FREE_ATTEMPTS; i++) {
			expect((await failure(lock.unlock('000000'))).retryAt).toBeNull();
		}
		const fifth = await failure(lock.unlock('000000'));
		expect(fifth.code).toBe('wrong-secret');
		expect(fifth.retryAt).toBe(now + 30_000);
		// A reload does not reset the count, and even the right PIN waits.
		({ lock } = await start(repo, () => now));
		expect(lock.retryAt).toBe(now + 30_000);
		const early = await failure(lock.unlock('482913'));
		expect(early).toMatchObject({ code: 'slow-down', retryAt: now + 30_000 });
		now += 30_000;
		expect((await failure(lock.unlock('000000'))).retryAt).toBe(now + 60_000);
		now += 60_000;
		await lock.unlock('482913');
		expect(lock.status).toBe('open');
		expect(lock.retryAt).toBeNull();
	});

	it('opens with the journal recovery code; a mistyped code is not counted as a guess', async () => {
		const repo = new MemoryJournalVaultRepository();
		const first = await start(repo);
		await first.lock.setLock('passphrase', PASSPHRASE);
		const code = await first.lock.newRecoveryCode();
		expect(first.lock.recoveryCreatedAt).not.toBeNull();
		const { lock } = await start(repo);
		// One character changed (never to itself: a code ending in X would otherwise stay right).
		const typo = code.endsWith('X') ? 'Y' : 'X';
		const mistyped = await failure(lock.unlockWithRecoveryCode(code.slice(0, -1) + typo));
		expect(mistyped.code).toBe('code-mistyped');
		expect((await repo.loadAttempts()).failures).toBe(0);
		await lock.unlockWithRecoveryCode(code);
		expect(lock.status).toBe('open');
		// A new code replaces the old one.
		const newer = await lock.newRecoveryCode();
		const { lock: later } = await start(repo);
		expect((await failure(later.unlockWithRecoveryCode(code))).code).toBe('wrong-secret');
		await later.unlockWithRecoveryCode(newer);
		expect(later.status).toBe('open');
	});

	it('changes the passphrase without touching the journal keys', async () => {
		const repo = await lockedJournal();
		const { lock } = await start(repo);
		await lock.unlock(PASSPHRASE);
		const keys = lock.vault.record.keys;
		await lock.setLock('passphrase', 'a brand new phrase');
		const { lock: later } = await start(repo);
		expect((await failure(later.unlock(PASSPHRASE))).code).toBe('wrong-secret');
		await later.unlock('a brand new phrase');
		expect(later.vault.record.keys).toEqual(keys);
	});

	it('turning the lock off opens the journal by itself again', async () => {
		const repo = await lockedJournal();
		const { lock } = await start(repo);
		await lock.unlock(PASSPHRASE);
		await lock.removeLock();
		expect(lock.kind).toBeNull();
		const { lock: later } = await start(repo);
		expect(later.status).toBe('open');
	});

	it('raises stored key-derivation parameters at the next unlock', async () => {
		const vault = await createVault();
		const weak = await withPassphrase(
			vault,
			'passphrase',
			PASSPHRASE,
			newKdfParams(MIN_ITERATIONS)
		);
		const repo = new MemoryJournalVaultRepository({ vault: weak.record });
		const { lock } = await start(repo, Date.now, DEFAULT_ITERATIONS);
		await lock.unlock(PASSPHRASE);
		const stored = (await repo.loadVault()) as typeof weak.record;
		expect(stored.passphrase?.kdf.iterations).toBe(DEFAULT_ITERATIONS);
		expect(stored.keys).toEqual(weak.record.keys);
		const { lock: later } = await start(repo, Date.now, DEFAULT_ITERATIONS);
		await later.unlock(PASSPHRASE);
		expect(later.status).toBe('open');
	});

	it('locks when asked, after the idle time, and when the page is hidden', async () => {
		const repo = await lockedJournal();
		const { lock, seen } = await start(repo);
		await lock.unlock(PASSPHRASE);
		await lock.lock();
		expect(lock.status).toBe('locked');
		expect(seen.locked).toBe(1);

		vi.useFakeTimers();
		await lock.unlock(PASSPHRASE);
		await lock.setIdleMinutes(1);
		await vi.advanceTimersByTimeAsync(45_000);
		lock.noteActivity();
		await vi.advanceTimersByTimeAsync(45_000);
		expect(lock.status).toBe('open');
		await vi.advanceTimersByTimeAsync(20_000);
		expect(lock.status).toBe('locked');
		expect(await repo.loadIdleMinutes()).toBe(1);

		await lock.unlock(PASSPHRASE);
		lock.pageHidden();
		await vi.advanceTimersByTimeAsync(0);
		expect(lock.status).toBe('locked');
	});

	it('stays open while a file picker hides the page', async () => {
		const repo = await lockedJournal();
		const { lock } = await start(repo);
		await lock.unlock(PASSPHRASE);
		await lock.keepOpenDuring(async () => {
			lock.pageHidden();
			await Promise.resolve();
		});
		expect(lock.status).toBe('open');
	});

	it('does nothing on lock when there is no lock to lock with', async () => {
		const { lock, seen } = await start(new MemoryJournalVaultRepository());
		await lock.lock();
		lock.pageHidden();
		expect(lock.status).toBe('open');
		expect(seen.locked).toBe(0);
	});

	it('fails, changing nothing, when the stored keys are damaged or newer', async () => {
		for (const stored of [{ v: 1, current: 'x' }, 'junk', { v: 99 }]) {
			const repo = new MemoryJournalVaultRepository({ vault: stored });
			const { lock, seen } = await start(repo);
			expect(lock.status).toBe('failed');
			expect(seen.opened).toHaveLength(0);
			expect(await repo.loadVault()).toEqual(stored);
		}
	});
});
