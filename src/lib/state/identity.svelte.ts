/**
 * The person's pseudonymous identity on this device, reactive: made silently at first start (so
 * nothing ever waits on a network), set up at /welcome, restored from a recovery code, and made
 * known to the server whenever a connection allows.
 *
 * - The root secret lives in the identity repository and in this module's private fields only;
 *   it and the recovery code are never logged and never sent. Keys are derived from it on demand,
 *   with code (`identity-crypto.ts`, noble's Ed25519) loaded the first time keys are needed:
 *   signing in, a pseudonym, a restore, or `loadKeys`. Until then `userId` is null; what every
 *   page shows (set-up, the name, registration) needs no keys.
 * - Sessions: signing in is a signed challenge (origin = this page's origin). The token is kept on
 *   the device and reused until shortly before it expires; a 401 on a call signs in again once,
 *   silently. Nothing polls: the identity signs in when a caller needs a session, when set-up
 *   completes, and when a connection appears (which includes the app starting online).
 * - A name chosen offline is sent with the first session (registration) or with PUT /api/me (a
 *   rename). If the server says the name is taken, `registration` or `renameConflict` says so and
 *   the person picks another; nothing else stops working meanwhile.
 */
import { untrack } from 'svelte';
import type { KeyPair } from '../domain/identity/derive-keys';
import { DISPLAY_NAME_MAX_LENGTH, normalizeDisplayName } from '../domain/identity/display-name';
import { formatRecoveryCode, parseRecoveryCode } from '../domain/identity/recovery-code';
import { assertRootSecret, newRootSecret } from '../domain/identity/root-secret';
import type {
	IdentityChanges,
	IdentityRepository,
	StoredIdentity
} from '../storage/identity.repository';
import { IdentityApiError } from '../sync/identity-api-error';
import type {
	Fetch,
	Me,
	RegisteredPseudonym,
	Session,
	SessionClient
} from '../sync/session-client';
import { SignedOutError } from '../sync/sync-problem';
import { connectivity } from './connectivity.svelte';
import { IdentityNotReadyError, NameTakenError } from './identity-errors';
import type * as IdentityCrypto from './identity-crypto';
import { reportStorageError } from './storage-health.svelte';
import { PseudonymKeyring, type PseudonymKeys } from './pseudonym-keyring';

export { IdentityNotReadyError, NameTakenError } from './identity-errors';

export type IdentityStatus = 'loading' | 'ready' | 'failed';

export type Registration =
	| { kind: 'unregistered' }
	| { kind: 'registered' }
	| { kind: 'name-taken'; name: string }
	| { kind: 'failed'; reason: string };

export interface IdentityOptions {
	/** The origin requests go to and sign-ins are signed for; this page's by default. */
	origin?: () => string;
	fetch?: Fetch;
	now?: () => number;
	/** Sign in whenever the connection comes back (the app's singleton; tests call `whenOnline`). */
	followConnectivity?: boolean;
}

/** How many groups of 4 the recovery code is shown in. */
export const RECOVERY_CODE_GROUPS = 14;

/** A session is renewed this long before the server's expiry: device clocks drift. */
export const SESSION_RENEW_MARGIN_MS = 5 * 60_000;

/** Refusals that a fresh challenge may fix: it expired on a slow link, or was used up. */
const RETRY_SIGN_IN = new Set(['challenge-expired', 'challenge-unknown']);
/** Refusals that mean the name, not the person, is the problem: ask for another name. */
const NEEDS_NAME = new Set([
	'display-name-required',
	'display-name-empty',
	'display-name-too-long',
	'display-name-characters'
]);

function freshIdentity(rootSecret: Uint8Array): StoredIdentity {
	return {
		rootSecret,
		displayName: null,
		recoveryConfirmed: false,
		registered: false,
		pendingDisplayName: null,
		session: null,
		pseudonyms: []
	};
}

type Crypto = typeof IdentityCrypto;

export class IdentityState {
	status = $state<IdentityStatus>('loading');
	/** Known once keys are derived (`loadKeys`, or anything that needs them). */
	userId = $state<string | null>(null);
	displayName = $state<string | null>(null);
	/** The name is chosen and the recovery code confirmed (or this identity was restored). */
	setupComplete = $state(false);
	registration = $state<Registration>({ kind: 'unregistered' });
	/** A rename the server refused because someone has that name; the person picks another. */
	renameConflict = $state<string | null>(null);
	/** A name chosen here that the server has not heard yet (offline, or not registered yet). */
	namePending = $state(false);
	/** This person's name in each community they have a pseudonym in, by community id. */
	pseudonymNames = $state<Record<string, string>>({});

	#repo: IdentityRepository | null = null;
	#stored: StoredIdentity | null = null;
	/** The key code, once loaded; the same for every identity this state holds. */
	#crypto: Crypto | null = null;
	#loadingCrypto: Promise<Crypto> | null = null;
	/** The identity key pair of `#stored`, derived the first time it is needed. */
	#identityKeys: KeyPair | null = null;
	readonly #pseudonyms = new PseudonymKeyring();
	#signingIn: Promise<string> | null = null;
	#syncing: Promise<void> | null = null;
	#syncAgain = false;
	/** GET /api/me has answered since this identity was loaded (names come back from it). */
	#meFetched = false;
	readonly #origin: () => string;
	readonly #fetch: Fetch | undefined;
	readonly #now: () => number;
	readonly #followConnectivity: boolean;

	constructor(options: IdentityOptions = {}) {
		this.#origin = options.origin ?? (() => location.origin);
		this.#fetch = options.fetch;
		this.#now = options.now ?? Date.now;
		this.#followConnectivity = options.followConnectivity ?? false;
	}

	/** Whether restoring another identity here would replace one the person has been using. */
	get hasActivity(): boolean {
		return this.setupComplete || this.registration.kind === 'registered';
	}

	async attach(repo: IdentityRepository): Promise<void> {
		this.#repo = repo;
		try {
			const { identity, problems } = await repo.load();
			// Keys only: values may be names or tokens, which stay out of logs.
			if (problems.length) {
				console.warn(
					'Some identity fields could not be read',
					problems.map(({ key }) => key)
				);
			}
			const stored = identity ?? freshIdentity(newRootSecret());
			this.#adopt(stored);
			this.status = 'ready';
			if (!identity) await this.#persist(() => repo.replace(stored));
		} catch (e: unknown) {
			// An unreadable stored identity is left as it is: replacing it would lose it for good.
			if (this.status !== 'ready') this.status = 'failed';
			reportStorageError(e);
			return;
		}
		if (this.#followConnectivity) this.#followConnection();
	}

	/** The recovery code for this identity, in 14 groups of 4. Show it; never log or send it. */
	recoveryCode(): string {
		return formatRecoveryCode(this.#ready().rootSecret);
	}

	/**
	 * Whether `typed` is group `group` (1–14) of the recovery code, read as forgivingly as a whole
	 * code is: case, spaces and dashes do not matter, and O, I and L read as 0, 1 and 1.
	 */
	recoveryGroupMatches(group: number, typed: string): boolean {
		const expected = this.recoveryCode().split('-')[group - 1];
		const compact = typed
			.normalize('NFKC')
			.replace(/[\s\-\u2010-\u2015\u2212]+/gu, '')
			.toUpperCase()
			.replace(/O/g, '0')
			.replace(/[IL]/g, '1');
		return expected !== undefined && compact === expected;
	}

	/**
	 * Chooses or changes the display name. Throws `DisplayNameError` for a name the rules refuse.
	 * Kept on the device at once; the server hears it at the next connection.
	 */
	async setDisplayName(input: string): Promise<void> {
		const stored = this.#ready();
		const name = normalizeDisplayName(input);
		this.displayName = name;
		this.renameConflict = null;
		if (this.registration.kind === 'name-taken' || this.registration.kind === 'failed') {
			this.registration = { kind: 'unregistered' };
		}
		await this.#save({ displayName: name, pendingDisplayName: stored.registered ? name : null });
		if (this.setupComplete) this.whenOnline();
	}

	/** The person showed they kept the recovery code: set-up is done. */
	async confirmRecoveryCode(): Promise<void> {
		this.#ready();
		this.setupComplete = true;
		await this.#save({ recoveryConfirmed: true });
		this.whenOnline();
	}

	/**
	 * Replaces this device's identity with the one `code` spells. Throws `RecoveryCodeError` for a
	 * code that does not check out (nothing changes then), `StorageFullError` when the device
	 * refuses the write. The name comes back from the server when there is a connection.
	 */
	async restore(code: string): Promise<void> {
		if (!this.#repo || this.status === 'loading') throw new IdentityNotReadyError('loading');
		await this.restoreSecret(parseRecoveryCode(code));
	}

	/**
	 * Replaces this device's identity with the root secret itself, as a linked phone sends it;
	 * `displayName` is shown until the server's comes back. Throws as `restore` does.
	 */
	async restoreSecret(rootSecret: Uint8Array, displayName: string | null = null): Promise<void> {
		const repo = this.#repo;
		if (!repo || this.status === 'loading') throw new IdentityNotReadyError('loading');
		assertRootSecret(rootSecret);
		// Loaded before anything changes, so the restored identity's user id is known at once.
		await this.#loadCrypto();
		const restored: StoredIdentity = {
			...freshIdentity(rootSecret),
			displayName,
			recoveryConfirmed: true
		};
		try {
			await repo.replace(restored);
		} catch (e: unknown) {
			reportStorageError(e);
			throw e;
		}
		this.#adopt(restored);
		// A sign-in still out is for the identity that went; the next caller starts afresh.
		this.#signingIn = null;
		this.status = 'ready';
		this.whenOnline();
	}

	/**
	 * Derives this identity's keys, loading the key code the first time; `userId` is set then.
	 * Signing in and restoring do it themselves; call it before `pseudonymKeys`, or to show the
	 * user id. Throws `IdentityNotReadyError` while the identity is loading or failed to load.
	 */
	async loadKeys(): Promise<void> {
		this.#ready();
		const crypto = await this.#loadCrypto();
		this.#identityKeyPair(crypto, this.#ready());
	}

	/**
	 * This person's key in one community. Synchronous, so names never flicker: it needs the key
	 * code loaded (`loadKeys`), and throws `IdentityNotReadyError` ('loading') until it is.
	 */
	pseudonymKeys(communityId: string): PseudonymKeys {
		const stored = this.#ready();
		const crypto = this.#crypto;
		if (!crypto) throw new IdentityNotReadyError('loading');
		return this.#pseudonyms.get(communityId, () => {
			const pair = crypto.derivePseudonymKeyPair(stored.rootSecret, communityId);
			return { id: crypto.pseudonymIdFromPublicKey(pair.publicKey), ...pair };
		});
	}

	/**
	 * A live session token, signing in (and registering, the first time) when needed. Throws
	 * `IdentityNotReadyError` before set-up is complete, `NameTakenError` while registration waits
	 * for another name, `SignedOutError` when the server refuses this identity, and the fetch's own
	 * error when the server cannot be reached.
	 */
	async sessionToken(): Promise<string> {
		const stored = this.#ready();
		if (!this.setupComplete) throw new IdentityNotReadyError('setup-incomplete');
		if (this.registration.kind === 'name-taken') throw new NameTakenError(this.registration.name);
		const session = stored.session;
		if (session && session.expiresAt - SESSION_RENEW_MARGIN_MS > this.#now()) return session.token;
		this.#signingIn ??= this.#signIn().finally(() => (this.#signingIn = null));
		return this.#signingIn;
	}

	/** A caller's request was refused with this token (401): the next `sessionToken` signs in. */
	sessionRefused(token: string): void {
		if (this.#stored?.session?.token !== token) return;
		void this.#save({ session: null });
	}

	/**
	 * Ties this person's pseudonym in `communityId` to their identity, under `displayName`.
	 * Idempotent. Throws `NameTakenError` when another member there has that name, and whatever
	 * `sessionToken` throws.
	 */
	async registerPseudonym(communityId: string, displayName: string): Promise<void> {
		const name = normalizeDisplayName(displayName);
		this.#ready();
		const crypto = await this.#loadCrypto();
		const pseudonym = this.pseudonymKeys(communityId);
		const identity = this.#identityKeyPair(crypto, this.#ready());
		let registered: RegisteredPseudonym;
		try {
			registered = await this.#authed(async (token) =>
				(await this.#client()).registerPseudonym(token, communityId, { identity, pseudonym }, name)
			);
		} catch (e: unknown) {
			if (e instanceof IdentityApiError && e.code === 'name-taken') throw new NameTakenError(name);
			throw e;
		}
		if (!this.#pseudonyms.holds(communityId, pseudonym)) return;
		this.pseudonymNames = { ...this.pseudonymNames, [communityId]: registered.displayName };
		await this.#save({ pseudonyms: this.#pseudonymList() });
	}

	/**
	 * A connection is (or may be) there: register, send a name chosen offline, and fetch the
	 * names the server knows. Cheap when there is nothing to do: no request at all.
	 */
	whenOnline(): void {
		if (this.status !== 'ready' || !this.setupComplete) return;
		if (this.#syncing) {
			// Something changed while a round was under way (a rename): one more round after it.
			this.#syncAgain = true;
			return;
		}
		this.#syncing = this.#sync().finally(() => {
			this.#syncing = null;
			if (this.#syncAgain) {
				this.#syncAgain = false;
				this.whenOnline();
			}
		});
	}

	/** Resolves when the work started by `whenOnline` has finished, for callers and tests. */
	async settled(): Promise<void> {
		while (this.#syncing) await this.#syncing;
	}

	async #sync(): Promise<void> {
		try {
			const pending = this.#stored?.pendingDisplayName;
			const needsMe = !this.#meFetched || (pending !== null && pending !== undefined);
			if (this.registration.kind === 'name-taken' || !needsMe) return;
			await this.sessionToken();
			const me = pending
				? await this.#sendRename(pending)
				: await this.#authed(async (token) => (await this.#client()).getMe(token));
			if (me) await this.#applyMe(me);
		} catch (e: unknown) {
			// Offline, a name to choose, a refusal: each is shown where it matters, through
			// `registration` and `renameConflict`; the next connection tries again.
			if (!(e instanceof TypeError || e instanceof NameTakenError)) {
				console.warn('Could not bring the identity up to date with the server', errorSummary(e));
			}
		}
	}

	async #sendRename(name: string): Promise<Me | null> {
		try {
			return await this.#authed(async (token) => (await this.#client()).putMe(token, name));
		} catch (e: unknown) {
			if (!(e instanceof IdentityApiError && e.code === 'name-taken')) throw e;
			// The server keeps the old name; show that, and ask for another.
			this.renameConflict = name;
			await this.#save({ pendingDisplayName: null });
			return await this.#authed(async (token) => (await this.#client()).getMe(token));
		}
	}

	async #applyMe(me: Me): Promise<void> {
		if (me.userId !== this.userId) return;
		this.#meFetched = true;
		const pending = this.#stored?.pendingDisplayName;
		// A rename chosen while the request was on its way wins over the answer.
		if (pending && pending !== me.displayName) return;
		this.displayName = me.displayName;
		this.pseudonymNames = Object.fromEntries(
			me.pseudonyms.map(({ communityId, displayName }) => [communityId, displayName])
		);
		await this.#save({
			displayName: me.displayName,
			pendingDisplayName: null,
			pseudonyms: this.#pseudonymList()
		});
	}

	async #signIn(): Promise<string> {
		const crypto = await this.#loadCrypto();
		const stored = this.#ready();
		const identity = this.#identityKeyPair(crypto, stored);
		const name = this.displayName ?? undefined;
		const client = await this.#client();
		let session: Session;
		try {
			session = await client.signIn(identity, name).catch((e: unknown) => {
				if (e instanceof IdentityApiError && RETRY_SIGN_IN.has(e.code)) {
					return client.signIn(identity, name);
				}
				throw e;
			});
		} catch (e: unknown) {
			throw this.#signInRefused(e, name);
		}
		// Restored over while the request was out: this answer is for the identity that went.
		if (this.#stored !== stored) throw new IdentityNotReadyError('loading');
		if (session.userId !== this.userId) {
			this.registration = { kind: 'failed', reason: 'wrong-user' };
			throw new SignedOutError('The server answered for another identity.');
		}
		this.registration = { kind: 'registered' };
		const changes: IdentityChanges = { registered: true, session: { ...session } };
		// The server's name wins (a restore, a rename on another device) unless the person chose
		// another here that it has not heard yet: one still pending, or one picked while this
		// sign-in was on its way, which becomes a rename.
		const current = this.displayName;
		const pickedMeanwhile = current !== null && current !== (name ?? null);
		if (pickedMeanwhile && !this.#stored?.pendingDisplayName) {
			changes.pendingDisplayName = current === session.displayName ? null : current;
		} else if (!this.#stored?.pendingDisplayName && session.displayName !== current) {
			this.displayName = session.displayName;
			changes.displayName = session.displayName;
		}
		await this.#save(changes);
		return session.token;
	}

	/** Turns a refused sign-in into what callers handle, and what the person is shown. */
	#signInRefused(e: unknown, name: string | undefined): unknown {
		if (!(e instanceof IdentityApiError)) return e;
		if (e.code === 'name-taken' && name !== undefined) {
			this.registration = { kind: 'name-taken', name };
			return new NameTakenError(name);
		}
		this.registration = { kind: 'failed', reason: e.code };
		if (NEEDS_NAME.has(e.code)) return new IdentityNotReadyError('needs-name');
		return new SignedOutError(`The server refused to sign in (${e.code}).`);
	}

	/** Runs an authenticated call; a 401 signs in again, once, without bothering the person. */
	async #authed<T>(call: (token: string) => Promise<T>): Promise<T> {
		const token = await this.sessionToken();
		try {
			return await call(token);
		} catch (e: unknown) {
			if (!(e instanceof IdentityApiError && e.status === 401)) throw e;
		}
		this.sessionRefused(token);
		const fresh = await this.sessionToken();
		try {
			return await call(fresh);
		} catch (e: unknown) {
			if (e instanceof IdentityApiError && e.status === 401) {
				await this.#save({ session: null });
				throw new SignedOutError();
			}
			throw e;
		}
	}

	#followConnection(): void {
		$effect.root(() => {
			$effect(() => {
				if (connectivity.status === 'online') untrack(() => this.whenOnline());
			});
		});
	}

	async #client(): Promise<SessionClient> {
		const crypto = await this.#loadCrypto();
		// Answers are checked against the user id: derived here if nothing has needed it yet (a
		// session kept from last time signs in without keys).
		if (this.#stored) this.#identityKeyPair(crypto, this.#stored);
		return new crypto.SessionClient({ origin: this.#origin(), fetch: this.#fetch });
	}

	/** The key code, imported once; a failed import (a dropped link) is tried again next time. */
	#loadCrypto(): Promise<Crypto> {
		if (this.#crypto) return Promise.resolve(this.#crypto);
		this.#loadingCrypto ??= import('./identity-crypto').then(
			(crypto) => (this.#crypto = crypto),
			(e: unknown) => {
				this.#loadingCrypto = null;
				throw e;
			}
		);
		return this.#loadingCrypto;
	}

	/** The identity key pair of `stored` (the identity held now), derived once. */
	#identityKeyPair(crypto: Crypto, stored: StoredIdentity): KeyPair {
		if (this.#identityKeys && stored === this.#stored) return this.#identityKeys;
		const keys = crypto.deriveIdentityKeyPair(stored.rootSecret);
		if (stored === this.#stored) {
			this.#identityKeys = keys;
			this.userId = crypto.userIdFromPublicKey(keys.publicKey);
		}
		return keys;
	}

	#adopt(stored: StoredIdentity): void {
		this.#stored = stored;
		this.#identityKeys = null;
		this.#pseudonyms.clear();
		this.#meFetched = false;
		this.userId = null;
		if (this.#crypto) this.#identityKeyPair(this.#crypto, stored);
		this.displayName = stored.pendingDisplayName ?? stored.displayName;
		this.setupComplete = stored.recoveryConfirmed;
		this.registration = stored.registered ? { kind: 'registered' } : { kind: 'unregistered' };
		this.renameConflict = null;
		this.namePending = !stored.registered || stored.pendingDisplayName !== null;
		this.pseudonymNames = Object.fromEntries(
			stored.pseudonyms.map(({ communityId, displayName }) => [communityId, displayName])
		);
	}

	#ready(): StoredIdentity {
		if (this.status !== 'ready' || !this.#stored) throw new IdentityNotReadyError('loading');
		return this.#stored;
	}

	#pseudonymList(): StoredIdentity['pseudonyms'] {
		return Object.entries(this.pseudonymNames).map(([communityId, displayName]) => ({
			communityId,
			displayName
		}));
	}

	/** Keeps changes in memory at once and on the device as it allows; a failure is reported. */
	async #save(changes: IdentityChanges): Promise<void> {
		const stored = this.#stored;
		const repo = this.#repo;
		if (!stored || !repo) return;
		Object.assign(stored, changes);
		this.namePending = !stored.registered || stored.pendingDisplayName !== null;
		await this.#persist(() => repo.update(changes));
	}

	async #persist(write: () => Promise<void>): Promise<void> {
		try {
			await write();
		} catch (e: unknown) {
			reportStorageError(e);
		}
	}
}

/** A name like the one that was taken, for the person to take or change. */
export function suggestDisplayName(taken: string, random: () => number = Math.random): string {
	const suffix = ` ${10 + Math.floor(random() * 90)}`;
	const base = [...taken]
		.slice(0, DISPLAY_NAME_MAX_LENGTH - suffix.length)
		.join('')
		.trim();
	return base + suffix;
}

/** Error names and codes only: messages may quote what the server was sent. */
function errorSummary(e: unknown): string {
	if (e instanceof IdentityApiError) return `${e.name} ${e.status} ${e.code}`;
	return e instanceof Error ? e.name : typeof e;
}

export const identity = new IdentityState({ followConnectivity: true });
