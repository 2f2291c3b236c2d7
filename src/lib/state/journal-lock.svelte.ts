/**
 * The journal's lock, reactive: whether the journal is open, how it is locked, and the ways to
 * open, lock and change it. The journal key lives only here, in memory, while the journal is
 * open; locking drops it, and the journal state with it (`JournalLockHooks`).
 *
 * Without a passphrase the journal opens by itself on this device (its key wrapped by a device
 * key); encryption at rest still keeps every stored row unreadable on its own. With one, the
 * journal locks after the chosen idle time, when the app goes to the background, and when the
 * person says so; wrong attempts slow down (`attempt-delay.ts`), counted on the device so a
 * reload does not reset them.
 */

import { attemptDelayMs } from '../domain/journal-crypto/attempt-delay';
import { JournalCryptoError } from '../domain/journal-crypto/crypto-error';
import type { LockKind } from '../domain/journal-crypto/lock-secret';
import {
	DEFAULT_ITERATIONS,
	newKdfParams,
	needsUpgrade
} from '../domain/journal-crypto/passphrase-kdf';
import {
	createVault,
	openWithDevice,
	openWithPassphrase,
	openWithRecoveryCode,
	parseVaultRecord,
	withAgreement,
	withKeys,
	withRotatedKey,
	withNewRecoveryCode,
	withoutPassphrase,
	withPassphrase,
	type OpenVault
} from '../domain/journal-crypto/vault';
import { RecoveryCodeError } from '../domain/identity/recovery-code';
import {
	DEFAULT_IDLE_MINUTES,
	NO_ATTEMPTS,
	type IdleMinutes,
	type JournalVaultRepository,
	type LockAttempts
} from '../storage/journal-vault.repository';
import { reportStorageError } from './storage-health.svelte';

export { IDLE_CHOICES, type IdleMinutes } from '../storage/journal-vault.repository';

export type LockStatus = 'loading' | 'locked' | 'open' | 'failed';

export type JournalLockProblem =
	/** The passphrase, PIN or recovery code does not open this journal. */
	| 'wrong-secret'
	/** Too many wrong attempts: `retryAt` says when the next one is taken. */
	| 'slow-down'
	/** The recovery code is mistyped (a character, its length, its checksum). */
	| 'code-mistyped'
	/** The stored keys are damaged; nothing was changed. */
	| 'damaged'
	/** A newer version of Hearth wrote the keys. */
	| 'newer-version'
	/** The journal must be open for this. */
	| 'locked';

export class JournalLockError extends Error {
	override name = 'JournalLockError';

	constructor(
		readonly code: JournalLockProblem,
		message: string,
		readonly retryAt: number | null = null
	) {
		super(message);
	}
}

export interface JournalLockHooks {
	/** The journal key is available: open the journal's storage with it. `readPlain` says rows
	 *  from before encryption at rest may still be there, to be sealed now; resolves to whether
	 *  every row is sealed. */
	opened(vault: OpenVault, readPlain: boolean): Promise<boolean>;
	/** The key is about to be dropped: save what is being typed, then forget the entries. */
	locking(): Promise<void>;
}

export interface JournalLockOptions {
	now?: () => number;
	/** Lock on idle time and on going to the background (the app's singleton); tests drive it. */
	followPage?: boolean;
	/** PBKDF2 iterations for new wraps, and the floor an unlock raises older ones to. */
	iterations?: number;
}

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export class JournalLock {
	status = $state<LockStatus>('loading');
	/** How the journal is locked; null when it opens by itself on this device. */
	kind = $state<LockKind | null>(null);
	/** When the journal recovery code was made; null when there is none. */
	recoveryCreatedAt = $state<number | null>(null);
	idleMinutes = $state<IdleMinutes>(DEFAULT_IDLE_MINUTES);
	/** While wrong attempts are slowing things down: when the next attempt is taken. */
	retryAt = $state<number | null>(null);
	#vault: OpenVault | null = null;
	#repo: JournalVaultRepository | null = null;
	#hooks: JournalLockHooks | null = null;
	#now: () => number;
	#followPage: boolean;
	#iterations: number;
	#idleTimer: ReturnType<typeof setTimeout> | undefined;
	#holds = 0;
	#stopFollowing: (() => void) | null = null;

	constructor(options: JournalLockOptions = {}) {
		this.#now = options.now ?? Date.now;
		this.#followPage = options.followPage ?? false;
		this.#iterations = options.iterations ?? DEFAULT_ITERATIONS;
	}

	/** Whether the journal's keys are in memory (also while the journal itself is opening). */
	get hasKeys(): boolean {
		return this.#vault !== null;
	}

	/** The open vault, for backup and device linking; throws when the journal is locked. */
	get vault(): OpenVault {
		if (this.#vault === null) {
			throw new JournalLockError('locked', 'The journal is locked.');
		}
		return this.#vault;
	}

	async attach(repo: JournalVaultRepository, hooks: JournalLockHooks): Promise<void> {
		this.#repo = repo;
		this.#hooks = hooks;
		this.status = 'loading';
		try {
			this.idleMinutes = await repo.loadIdleMinutes();
			const stored = await repo.loadVault();
			if (stored === undefined) {
				// First start, or the first since encryption at rest: the key is saved before any
				// row is sealed with it, so a crash midway can never strand a sealed row.
				const vault = await createVault();
				await repo.saveVault(vault.record);
				await this.#open(vault);
				return;
			}
			const record = parseVaultRecord(stored);
			this.#describe(record.passphrase?.kind ?? null, record.recovery?.createdAt ?? null);
			if (record.device !== null) {
				await this.#open(await openWithDevice(record));
			} else {
				this.status = 'locked';
				this.#showSlowDown(await repo.loadAttempts());
			}
		} catch (e: unknown) {
			this.status = 'failed';
			reportStorageError(e);
		}
	}

	/** Opens with the passphrase or PIN. Throws `JournalLockError`. */
	async unlock(secret: string): Promise<void> {
		await this.#attempt(async (record) => {
			const vault = await openWithPassphrase(record, secret);
			const kdf = vault.record.passphrase?.kdf;
			// Parameters stored with the key can be raised: a successful unlock re-wraps.
			if (kdf !== undefined && needsUpgrade(kdf, this.#iterations)) {
				const kind = vault.record.passphrase?.kind ?? 'passphrase';
				const params = newKdfParams(this.#iterations);
				const upgraded = await withPassphrase(vault, kind, secret, params);
				await this.#save(upgraded);
				return upgraded;
			}
			return vault;
		});
	}

	/** Opens with the journal recovery code (the passphrase is forgotten). The lock stays on:
	 *  the person is asked to choose a new passphrase next. */
	async unlockWithRecoveryCode(code: string): Promise<void> {
		await this.#attempt((record) => openWithRecoveryCode(record, code));
	}

	/** Turns the lock on, or changes its passphrase or PIN: the entries are not re-encrypted. */
	async setLock(kind: LockKind, secret: string): Promise<void> {
		const vault = await withPassphrase(this.vault, kind, secret, newKdfParams(this.#iterations));
		await this.#save(vault);
		this.kind = kind;
		this.#armIdle();
	}

	/** Turns the lock off: the journal opens by itself on this device again. */
	async removeLock(): Promise<void> {
		const vault = await withoutPassphrase(this.vault);
		await this.#save(vault);
		this.kind = null;
		clearTimeout(this.#idleTimer);
	}

	/** Makes a new journal recovery code (the old one stops working) and returns it, to show once. */
	async newRecoveryCode(): Promise<string> {
		const { vault, code } = await withNewRecoveryCode(this.vault, this.#now());
		await this.#save(vault);
		this.recoveryCreatedAt = vault.record.recovery?.createdAt ?? null;
		return code;
	}

	/** Adds keys learnt from a backup or another device, so their records open here; `current`
	 *  (a linked device's) becomes the key new records are sealed with. */
	async addKeys(keys: ReadonlyMap<string, Uint8Array>, current?: string): Promise<void> {
		const vault = await withKeys(this.vault, keys, current);
		if (vault !== this.#vault) await this.#save(vault);
	}

	/** A fresh current journal key (a device was unlinked); older keys stay to read older records. */
	async rotateKey(): Promise<OpenVault> {
		const vault = await withRotatedKey(this.vault);
		await this.#save(vault);
		return vault;
	}

	/** Keeps this device's key-grant secret in the vault, under the lock like the keys. */
	async setAgreement(secret: Uint8Array): Promise<void> {
		await this.#save(await withAgreement(this.vault, secret));
	}

	async setIdleMinutes(minutes: IdleMinutes): Promise<void> {
		this.idleMinutes = minutes;
		this.#armIdle();
		await this.#repo?.saveIdleMinutes(minutes);
	}

	/** Locks now, if there is a lock to lock with; saves what is being typed first. */
	async lock(): Promise<void> {
		if (this.kind === null || this.status !== 'open') return;
		clearTimeout(this.#idleTimer);
		await this.#hooks?.locking();
		this.#vault = null;
		this.status = 'locked';
	}

	/** Keeps the journal open while `work` runs, even if the page is hidden meanwhile (a file
	 *  picker or share sheet hides it on many phones). */
	async keepOpenDuring<T>(work: () => Promise<T>): Promise<T> {
		this.#holds++;
		try {
			return await work();
		} finally {
			this.#holds--;
			this.#armIdle();
		}
	}

	/** A touch or key press: the idle time starts again. */
	noteActivity(): void {
		if (this.status === 'open') this.#armIdle();
	}

	/** The page went to the background. */
	pageHidden(): void {
		if (this.#holds === 0) void this.lock();
	}

	detachPage(): void {
		this.#stopFollowing?.();
		this.#stopFollowing = null;
		clearTimeout(this.#idleTimer);
	}

	async #attempt(open: (record: ReturnType<typeof parseVaultRecord>) => Promise<OpenVault>) {
		const repo = this.#requireRepo();
		if (this.status === 'open') return;
		const attempts = await repo.loadAttempts();
		if (attempts.notBefore > this.#now()) {
			this.#showSlowDown(attempts);
			throw new JournalLockError(
				'slow-down',
				'Too many tries in a row: the next one is taken a little later.',
				attempts.notBefore
			);
		}
		let vault: OpenVault;
		try {
			vault = await open(parseVaultRecord(await repo.loadVault()));
		} catch (e: unknown) {
			throw await this.#failed(e, attempts);
		}
		await repo.saveAttempts(NO_ATTEMPTS);
		this.retryAt = null;
		await this.#open(vault);
	}

	async #failed(e: unknown, attempts: LockAttempts): Promise<JournalLockError> {
		if (e instanceof RecoveryCodeError) {
			// A typing mistake the checksum caught: no guess was tried, so none is counted.
			return new JournalLockError('code-mistyped', e.message);
		}
		if (!(e instanceof JournalCryptoError)) {
			reportStorageError(e);
			return new JournalLockError('damaged', 'The journal’s keys could not be read.');
		}
		if (e.code === 'unsupported-version') return new JournalLockError('newer-version', e.message);
		if (e.code !== 'wrong-secret') return new JournalLockError('damaged', e.message);
		const failures = attempts.failures + 1;
		const next = { failures, notBefore: this.#now() + attemptDelayMs(failures) };
		await this.#requireRepo().saveAttempts(next);
		this.#showSlowDown(next);
		return new JournalLockError('wrong-secret', 'That does not open this journal.', this.retryAt);
	}

	async #open(vault: OpenVault): Promise<void> {
		this.#vault = vault;
		this.#describe(vault.record.passphrase?.kind ?? null, vault.record.recovery?.createdAt ?? null);
		const readPlain = !(await this.#requireRepo().isSealed());
		const sealed = (await this.#hooks?.opened(vault, readPlain)) ?? false;
		if (readPlain && sealed) await this.#requireRepo().markSealed();
		this.status = 'open';
		this.#follow();
		this.#armIdle();
	}

	async #save(vault: OpenVault): Promise<void> {
		await this.#requireRepo().saveVault(vault.record);
		this.#vault = vault;
	}

	#describe(kind: LockKind | null, recoveryCreatedAt: number | null): void {
		this.kind = kind;
		this.recoveryCreatedAt = recoveryCreatedAt;
	}

	#showSlowDown(attempts: LockAttempts): void {
		this.retryAt = attempts.notBefore > this.#now() ? attempts.notBefore : null;
	}

	#armIdle(): void {
		clearTimeout(this.#idleTimer);
		if (this.kind === null || this.status !== 'open' || this.#holds > 0) return;
		this.#idleTimer = setTimeout(() => void this.lock(), this.idleMinutes * 60_000);
	}

	#follow(): void {
		if (!this.#followPage || this.#stopFollowing !== null || typeof document === 'undefined') {
			return;
		}
		const onActivity = () => this.noteActivity();
		const onVisibility = () => {
			if (document.visibilityState === 'hidden') this.pageHidden();
		};
		for (const type of ACTIVITY_EVENTS) {
			window.addEventListener(type, onActivity, { passive: true, capture: true });
		}
		document.addEventListener('visibilitychange', onVisibility);
		this.#stopFollowing = () => {
			for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, true);
			document.removeEventListener('visibilitychange', onVisibility);
		};
	}

	#requireRepo(): JournalVaultRepository {
		if (this.#repo === null) throw new JournalLockError('locked', 'The journal is not set up yet.');
		return this.#repo;
	}
}

export const journalLock = new JournalLock({ followPage: true });
