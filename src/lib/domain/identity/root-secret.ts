/**
 * The root secret: 32 random bytes made on the device at first run. Every key a person has is
 * derived from it (derive-keys.ts), and the recovery code is this secret written out
 * (recovery-code.ts), so it is the one thing that must be kept, and the one thing never sent.
 */

export const ROOT_SECRET_BYTES = 32;

export class RootSecretError extends Error {
	override name = 'RootSecretError';
}

export function newRootSecret(): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(ROOT_SECRET_BYTES));
}

/** Guards every function that takes a root secret: a short one would derive weak keys. */
export function assertRootSecret(secret: Uint8Array): void {
	if (secret.length !== ROOT_SECRET_BYTES) {
		throw new RootSecretError(`A root secret is ${ROOT_SECRET_BYTES} bytes, not ${secret.length}.`);
	}
}
