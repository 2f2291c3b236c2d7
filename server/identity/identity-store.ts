/**
 * Who is who, as only the server knows it: each person's identity (the Ed25519 key they sign
 * in with, and their display name) and the pseudonym they use in each community. Other members
 * see pseudonyms only; this store is the one place that links them, so moderation can act on a
 * person rather than on one of their masks. Implementations: SQLite (sqlite-identity-store.ts)
 * and in memory (memory-identity-store.ts); both pass identity-store.contract.ts. Every method
 * is async, as in DocumentStore, so a networked database can implement it later.
 *
 * Invariants every implementation keeps:
 * - user ids, pseudonym ids and public keys are each unique across the store;
 * - identities' display names are unique by canonical form (display-name.ts), globally;
 *   pseudonyms' display names are unique by canonical form within their community;
 * - a person has at most one pseudonym per community;
 * - a failed write changes nothing.
 * Names are stored as given: callers pass names already through `normalizeDisplayName`.
 */

export interface Identity {
	userId: string;
	publicKey: Uint8Array;
	displayName: string;
	/** Milliseconds since the epoch, server time. */
	createdAt: number;
}

export interface Pseudonym {
	pseudonymId: string;
	/** The person behind it: never sent to anyone but that person. */
	userId: string;
	communityId: string;
	publicKey: Uint8Array;
	displayName: string;
	createdAt: number;
}

export type IdentityStoreProblem =
	/** Another identity, or another pseudonym in the same community, has the name. */
	| 'name-taken'
	/** The user id, pseudonym id or public key is registered already. */
	| 'already-registered'
	| 'unknown-identity'
	| 'unknown-pseudonym'
	/** The person already has a (different) pseudonym in that community. */
	| 'pseudonym-exists';

export class IdentityStoreError extends Error {
	override name = 'IdentityStoreError';
	constructor(
		readonly code: IdentityStoreProblem,
		message: string
	) {
		super(message);
	}
}

export interface IdentityStore {
	getIdentity(userId: string): Promise<Identity | undefined>;
	/** Throws IdentityStoreError: name-taken, already-registered. */
	createIdentity(identity: Identity): Promise<void>;
	/** Throws IdentityStoreError: name-taken, unknown-identity. Renaming to one's own name is fine. */
	renameIdentity(userId: string, displayName: string): Promise<Identity>;
	/** Removes the identity and all its pseudonyms, freeing their names. */
	deleteIdentity(userId: string): Promise<void>;

	getPseudonym(pseudonymId: string): Promise<Pseudonym | undefined>;
	/** The person's pseudonym in the community, if they have one. */
	pseudonymIn(userId: string, communityId: string): Promise<Pseudonym | undefined>;
	/** The person's pseudonyms, oldest first. */
	pseudonymsOf(userId: string): Promise<Pseudonym[]>;
	/**
	 * Throws IdentityStoreError: unknown-identity, pseudonym-exists, already-registered,
	 * name-taken (checked in that order).
	 */
	createPseudonym(pseudonym: Pseudonym): Promise<void>;
	/** Throws IdentityStoreError: name-taken (within its community), unknown-pseudonym. */
	renamePseudonym(pseudonymId: string, displayName: string): Promise<Pseudonym>;

	close(): Promise<void>;
}
