/**
 * What can stop the identity from giving a session or a pseudonym, named where the identity
 * raises them (`identity.svelte.ts`) and turned into calm words at the edge.
 */

export type NotReadyReason =
	/** The identity is still loading, or could not be loaded. */
	| 'loading'
	/** The person has not finished set-up: no name yet, or the recovery code not confirmed. */
	| 'setup-incomplete'
	/** The server does not know this identity and needs a name to register it. */
	| 'needs-name';

export class IdentityNotReadyError extends Error {
	override name = 'IdentityNotReadyError';
	readonly code = 'identity-not-ready';
	constructor(readonly reason: NotReadyReason) {
		super(`The identity is not ready (${reason}).`);
	}
}

/** The server already has someone by this name: the person (or the caller) picks another. */
export class NameTakenError extends Error {
	override name = 'NameTakenError';
	readonly code = 'name-taken';
	constructor(readonly displayName: string) {
		super('That name is already taken on this server.');
	}
}
