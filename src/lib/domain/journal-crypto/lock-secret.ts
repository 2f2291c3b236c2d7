/**
 * What a journal lock may be: a PIN of digits, or a passphrase. A short PIN keeps out a casual
 * look at a shared phone, not someone who copies the phone's storage and guesses offline (a
 * 6-digit PIN is a million guesses; a few hours of a laptop's time even at 600,000 PBKDF2
 * iterations each), which is why the app recommends a passphrase and says why.
 */

export type LockKind = 'pin' | 'passphrase';

export const MIN_PIN_LENGTH = 6;
export const MAX_PIN_LENGTH = 12;
export const MIN_PASSPHRASE_LENGTH = 8;
export const MAX_SECRET_LENGTH = 256;

export type LockSecretProblem =
	'pin-digits' | 'pin-length' | 'passphrase-length' | 'too-long' | 'mismatch';

/** Null when the secret may be used; otherwise what is wrong with it. */
export function checkLockSecret(
	kind: LockKind,
	secret: string,
	repeated: string = secret
): LockSecretProblem | null {
	if (secret.length > MAX_SECRET_LENGTH) return 'too-long';
	if (kind === 'pin') {
		if (!/^\d*$/.test(secret)) return 'pin-digits';
		if (secret.length < MIN_PIN_LENGTH || secret.length > MAX_PIN_LENGTH) return 'pin-length';
	} else if ([...secret.trim()].length < MIN_PASSPHRASE_LENGTH) {
		return 'passphrase-length';
	}
	return secret === repeated ? null : 'mismatch';
}
