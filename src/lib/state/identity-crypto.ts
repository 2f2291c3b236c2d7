/**
 * The part of the identity that stands on noble's Ed25519, HKDF and SHA-256: deriving keys and
 * signing sign-ins. It is most of the identity's weight, and most pages never need it, so
 * `identity.svelte.ts` imports it only when keys are needed (signing in, pseudonyms, a restore).
 */
export {
	deriveIdentityKeyPair,
	derivePseudonymKeyPair,
	pseudonymIdFromPublicKey,
	userIdFromPublicKey
} from '../domain/identity/derive-keys';
export { SessionClient } from '../sync/session-client';
