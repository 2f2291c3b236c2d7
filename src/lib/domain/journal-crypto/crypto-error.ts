/**
 * Everything that can go wrong opening or sealing the journal's secrets, as one error with a
 * `code` the UI turns into calm words. Messages never contain a key, a passphrase or a record's
 * words.
 */

export type JournalCryptoProblem =
	/** The passphrase, PIN or recovery code does not open this journal. */
	| 'wrong-secret'
	/** A sealed record or key was changed after it was written, or belongs elsewhere. */
	| 'tampered'
	/** A record names a key this device has never had. */
	| 'unknown-key'
	/** Stored data is not in a shape this version writes. */
	| 'malformed'
	/** A newer version of Hearth wrote it; an update will read it. */
	| 'unsupported-version';

export class JournalCryptoError extends Error {
	override name = 'JournalCryptoError';

	constructor(
		readonly code: JournalCryptoProblem,
		message: string
	) {
		super(message);
	}
}
