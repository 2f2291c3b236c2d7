/**
 * Where this device keeps its identity: the root secret every key is derived from, the chosen
 * display name, how far set-up got, and what the server has told it (registered or not, the
 * session). Implementations: `DexieIdentityRepository` and `MemoryIdentityRepository`; both pass
 * `identity-repository.contract.ts`.
 *
 * The root secret is the person's whole identity. A stored one that cannot be read is reported
 * with `UnreadableIdentityError` and never replaced silently: making a new secret over it would
 * lose the identity for good, while the damaged row may still be recovered.
 */

/** A session the server granted: used until `expiresAt` (milliseconds since the epoch). */
export interface StoredSession {
	token: string;
	expiresAt: number;
}

/** A pseudonym the server confirmed, by community. */
export interface StoredPseudonym {
	communityId: string;
	displayName: string;
}

export interface StoredIdentity {
	/** 32 random bytes; never sent, never logged. */
	rootSecret: Uint8Array;
	displayName: string | null;
	/** The person showed they kept the recovery code (or restored from it). */
	recoveryConfirmed: boolean;
	/** The server knows this identity's key. */
	registered: boolean;
	/** A name chosen while the server could not hear it; sent with the next session. */
	pendingDisplayName: string | null;
	session: StoredSession | null;
	pseudonyms: StoredPseudonym[];
}

/** Every field but the root secret, which only `replace` writes. */
export type IdentityChanges = Partial<Omit<StoredIdentity, 'rootSecret'>>;

export type IdentityField = keyof StoredIdentity;

/** A stored field that could not be used; it reads as its default until written again. */
export interface IdentityRowProblem {
	key: string;
	reason: 'not-an-identity-row' | 'unknown-key' | 'invalid-value';
}

export interface LoadedIdentity {
	/** `null` when this device has no identity yet. */
	identity: StoredIdentity | null;
	problems: IdentityRowProblem[];
}

export interface IdentityRepository {
	/** Throws `UnreadableIdentityError` when a root secret is stored but damaged. */
	load(): Promise<LoadedIdentity>;
	/**
	 * Replaces everything stored with `identity`, in one transaction (a first run, a restore).
	 * Throws `StorageFullError` when the device refuses; what was stored stays as it was.
	 */
	replace(identity: StoredIdentity): Promise<void>;
	/**
	 * Writes these fields, in one transaction. Throws `NoIdentityError` when there is no identity
	 * to change, `StorageFullError` when the device refuses.
	 */
	update(changes: IdentityChanges): Promise<void>;
}
