/**
 * Linking a second phone of the same person. The phone already set up offers a link: it seals
 * the root secret and every journal key under a fresh link code (`link-payload.ts`), leaves the
 * sealed box with the server, and shows the code. The new phone accepts it: from the typed code
 * it finds the box, takes it (once), opens it, and becomes the same person with the same journal
 * keys, the other phone's current key included, so what either writes opens on both.
 *
 * The server sees only the sealed box and a drop id derived one-way from the code. Linking
 * replaces the new phone's identity, so it is refused on a phone whose identity is in use
 * (before the box is taken, so the code still works on the right phone).
 */
import { parseRecoveryCode } from '../domain/identity/recovery-code';
import type { SealedBox } from '../domain/journal-crypto/aes-gcm';
import { JournalCryptoError } from '../domain/journal-crypto/crypto-error';
import { formatLinkCode, newLinkSecret, parseLinkCode } from '../domain/journal-crypto/link-code';
import {
	linkDropId,
	openLinkPayload,
	sealLinkPayload,
	type LinkPayload
} from '../domain/journal-crypto/link-payload';
import type { OpenVault } from '../domain/journal-crypto/vault';
import { LinkApiError, LinkClient } from '../sync/link-client';
import { SignedOutError } from '../sync/sync-problem';
import { IdentityNotReadyError, NameTakenError } from './identity-errors';
import { identity, type IdentityState } from './identity.svelte';
import { journalLock, JournalLockError, type JournalLock } from './journal-lock.svelte';
import { journalSyncSwitch } from './journal-sync-switch.svelte';

export { LinkCodeError, type LinkCodeProblem } from '../domain/journal-crypto/link-code';

export type DeviceLinkProblem =
	/** Offering: this phone is not set up yet, so it has nothing to link. */
	| 'not-set-up'
	/** The journal is locked: its keys are needed (to send, or to add to). */
	| 'journal-locked'
	/** Offering: the phone could not sign in (a name to choose, or the server refused). */
	| 'signed-out'
	/** No connection to the server. */
	| 'offline'
	/** Accepting: no link waits under the code: already used, cancelled, or run out. */
	| 'unknown-link'
	/** Accepting: too many codes tried from this network in a minute. */
	| 'too-many-tries'
	/** Accepting: this phone already has an identity in use, which linking would replace. */
	| 'already-set-up'
	/** Accepting: the box does not open or is damaged. */
	| 'damaged'
	/** Accepting: a newer Hearth made the link. */
	| 'newer-version'
	/** Anything else: the server had trouble, or the phone could not save. */
	| 'failed';

export class DeviceLinkError extends Error {
	override name = 'DeviceLinkError';
	constructor(
		readonly code: DeviceLinkProblem,
		options?: ErrorOptions
	) {
		super(`Linking a device failed: ${code}`, options);
	}
}

export interface LinkOffer {
	/** The link code, in hyphen-separated groups of 4. Show it; never log or send it. */
	code: string;
	/** When the server forgets the box, by this device's clock. */
	expiresAt: number;
}

/** What linking needs of the person's identity (`identity.svelte.ts` provides it). */
export type LinkIdentity = Pick<
	IdentityState,
	| 'status'
	| 'setupComplete'
	| 'hasActivity'
	| 'displayName'
	| 'recoveryCode'
	| 'sessionToken'
	| 'sessionRefused'
	| 'restoreSecret'
>;

export interface DeviceLinkDeps {
	identity: LinkIdentity;
	lock: Pick<JournalLock, 'vault' | 'addKeys'>;
	/** Linking is for keeping the journal on both phones: it turns the journal's sync on. */
	journalSync: { set(on: boolean): Promise<void> };
	client: LinkClient;
	now: () => number;
}

function appDeps(): DeviceLinkDeps {
	return {
		identity,
		lock: journalLock,
		journalSync: journalSyncSwitch,
		client: new LinkClient({ origin: location.origin }),
		now: Date.now
	};
}

/** Makes a link code on the phone already set up. Throws `DeviceLinkError`. */
export async function offerLink(deps: DeviceLinkDeps = appDeps()): Promise<LinkOffer> {
	if (!deps.identity.setupComplete) throw new DeviceLinkError('not-set-up');
	const vault = openVault(deps.lock);
	try {
		const secret = newLinkSecret();
		const box = await sealLinkPayload(secret, {
			// The recovery code is the root secret written out: read back, it is the secret itself.
			rootSecret: parseRecoveryCode(deps.identity.recoveryCode()),
			keys: vault.rawKeys,
			current: vault.current,
			displayName: deps.identity.displayName
		});
		const dropId = await linkDropId(secret);
		const waitMs = await authed(deps.identity, (token) => deps.client.leave(token, dropId, box));
		await deps.journalSync.set(true);
		return { code: formatLinkCode(secret), expiresAt: deps.now() + waitMs };
	} catch (e: unknown) {
		throw toDeviceLinkError(e);
	}
}

/** Withdraws the open link, so its code stops working. Throws `DeviceLinkError`. */
export async function cancelLink(deps: DeviceLinkDeps = appDeps()): Promise<void> {
	try {
		await authed(deps.identity, (token) => deps.client.cancel(token));
	} catch (e: unknown) {
		throw toDeviceLinkError(e);
	}
}

/**
 * Makes this phone the same person as the one that showed `code`. Throws `LinkCodeError` for a
 * code that does not check out (nothing is asked of the server then), `DeviceLinkError` for the
 * rest. Resolves with the person's name as the other phone knew it.
 */
export async function acceptLink(
	code: string,
	deps: DeviceLinkDeps = appDeps()
): Promise<{ displayName: string | null }> {
	const secret = parseLinkCode(code);
	if (deps.identity.status !== 'ready') throw new DeviceLinkError('failed');
	if (deps.identity.hasActivity) throw new DeviceLinkError('already-set-up');
	openVault(deps.lock);
	let box: SealedBox;
	try {
		box = await deps.client.take(await linkDropId(secret));
	} catch (e: unknown) {
		throw toDeviceLinkError(e);
	}
	let payload: LinkPayload;
	try {
		payload = await openLinkPayload(secret, box);
	} catch (e: unknown) {
		const newer = e instanceof JournalCryptoError && e.code === 'unsupported-version';
		throw new DeviceLinkError(newer ? 'newer-version' : 'damaged', { cause: e });
	}
	try {
		// Keys first: extra keys harm nothing if the identity cannot be saved after them.
		await deps.lock.addKeys(payload.keys, payload.current);
		await deps.identity.restoreSecret(payload.rootSecret, payload.displayName);
		await deps.journalSync.set(true);
	} catch (e: unknown) {
		throw toDeviceLinkError(e);
	}
	return { displayName: payload.displayName };
}

function openVault(lock: Pick<JournalLock, 'vault'>): OpenVault {
	try {
		return lock.vault;
	} catch (e: unknown) {
		throw toDeviceLinkError(e);
	}
}

/** Runs an authenticated call; a 401 signs in again, once, without bothering the person. */
async function authed<T>(session: LinkIdentity, call: (token: string) => Promise<T>): Promise<T> {
	const token = await session.sessionToken();
	try {
		return await call(token);
	} catch (e: unknown) {
		if (!(e instanceof LinkApiError && e.status === 401)) throw e;
		session.sessionRefused(token);
	}
	return call(await session.sessionToken());
}

function toDeviceLinkError(e: unknown): DeviceLinkError {
	if (e instanceof DeviceLinkError) return e;
	// fetch rejects with a TypeError when the request never reached the server.
	if (e instanceof TypeError) return new DeviceLinkError('offline', { cause: e });
	if (e instanceof JournalLockError && e.code === 'locked') {
		return new DeviceLinkError('journal-locked', { cause: e });
	}
	if (
		e instanceof SignedOutError ||
		e instanceof IdentityNotReadyError ||
		e instanceof NameTakenError
	) {
		return new DeviceLinkError('signed-out', { cause: e });
	}
	if (e instanceof LinkApiError) {
		if (e.status === 401) return new DeviceLinkError('signed-out', { cause: e });
		if (e.code === 'unknown-link') return new DeviceLinkError('unknown-link', { cause: e });
		if (e.status === 429) return new DeviceLinkError('too-many-tries', { cause: e });
	}
	return new DeviceLinkError('failed', { cause: e });
}
