/**
 * The refusals the identity API names (docs/PROTOCOL.md, "Identity and keys"), apart from the
 * client that meets them: the identity state tells them apart on every page, while the client,
 * which signs with Ed25519, is loaded only when a request is made.
 */

export type IdentityApiErrorCode =
	| 'invalid-body'
	| 'invalid-json'
	| 'display-name-required'
	| 'display-name-empty'
	| 'display-name-too-long'
	| 'display-name-characters'
	| 'wrong-origin'
	| 'challenge-unknown'
	| 'challenge-expired'
	| 'bad-signature'
	| 'unauthorized'
	| 'token-expired'
	| 'name-taken'
	| 'key-in-use'
	| 'pseudonym-exists'
	| 'unknown-community'
	/** Any other refusal: a code this client does not know, or none at all. */
	| 'other';

const KNOWN_CODES: ReadonlySet<string> = new Set<IdentityApiErrorCode>([
	'invalid-body',
	'invalid-json',
	'display-name-required',
	'display-name-empty',
	'display-name-too-long',
	'display-name-characters',
	'wrong-origin',
	'challenge-unknown',
	'challenge-expired',
	'bad-signature',
	'unauthorized',
	'token-expired',
	'name-taken',
	'key-in-use',
	'pseudonym-exists',
	'unknown-community'
]);

/** The server refused, and said why. `message` is the server's, for logs; never shown as is. */
export class IdentityApiError extends Error {
	override name = 'IdentityApiError';
	constructor(
		readonly status: number,
		readonly code: IdentityApiErrorCode,
		message: string
	) {
		super(message);
	}
}

export function isKnownCode(code: string): code is IdentityApiErrorCode {
	return KNOWN_CODES.has(code);
}
