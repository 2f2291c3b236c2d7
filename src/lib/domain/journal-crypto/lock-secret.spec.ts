import { describe, expect, it } from 'vitest';
import {
	checkLockSecret,
	MAX_PIN_LENGTH,
	MAX_SECRET_LENGTH,
	MIN_PASSPHRASE_LENGTH,
	MIN_PIN_LENGTH,
	type LockSecretProblem
} from './lock-secret';

describe('checkLockSecret for a PIN', () => {
	it.each<[string, string, LockSecretProblem | null]>([
		['6 digits', '204719', null],
		['12 digits', '204719204719', null],
		['leading zeros', '000000', null],
		['5 digits', '20471', 'pin-length'],
		['13 digits', '2047192047192', 'pin-length'],
		['empty', '', 'pin-length'],
		['a letter', '20471a', 'pin-digits'],
		['a space', '204 719', 'pin-digits'],
		['a trailing space', '204719 ', 'pin-digits'],
		['a sign', '-204719', 'pin-digits'],
		['a decimal point', '2047.19', 'pin-digits'],
		['Arabic-Indic digits', '٢٠٤٧١٩', 'pin-digits'],
		['full-width digits', '２０４７１９', 'pin-digits'],
		['letters and too short', 'abc', 'pin-digits']
	])('%s → %s', (_what, secret, expected) => {
		expect(checkLockSecret('pin', secret)).toBe(expected);
	});

	it('states the documented bounds', () => {
		expect([MIN_PIN_LENGTH, MAX_PIN_LENGTH]).toEqual([6, 12]);
	});
});

describe('checkLockSecret for a passphrase', () => {
	it.each<[string, string, LockSecretProblem | null]>([
		['8 letters', 'tealeafs', null],
		['words with spaces', 'river stone moss', null],
		['8 digits', '12345678', null],
		['7 letters', 'tealeaf', 'passphrase-length'],
		['empty', '', 'passphrase-length'],
		['7 letters padded with spaces', '   tealeaf   ', 'passphrase-length'],
		['8 letters padded with spaces', '  tealeafs  ', null],
		['8 spaces', '        ', 'passphrase-length'],
		['tabs and newlines only', '\t\t\n\n\t\t\n\n', 'passphrase-length'],
		// Counted by code point: 8 emoji are 16 UTF-16 units, 7 are 14, yet only 8 are enough.
		['8 emoji', '🌿🌿🌿🌿🌿🌿🌿🌿', null],
		['7 emoji', '🌿🌿🌿🌿🌿🌿🌿', 'passphrase-length'],
		['8 Devanagari letters', 'नमस्तेदो', null],
		['256 characters', 'a'.repeat(MAX_SECRET_LENGTH), null],
		['257 characters', 'a'.repeat(MAX_SECRET_LENGTH + 1), 'too-long']
	])('%s → %s', (_what, secret, expected) => {
		expect(checkLockSecret('passphrase', secret)).toBe(expected);
	});

	it('states the documented bounds', () => {
		expect([MIN_PASSPHRASE_LENGTH, MAX_SECRET_LENGTH]).toEqual([8, 256]);
	});
});

describe('checkLockSecret with the secret typed twice', () => {
	it.each<[string, 'pin' | 'passphrase', string, string, LockSecretProblem | null]>([
		['matching PIN', 'pin', '204719', '204719', null],
		['PIN with one digit different', 'pin', '204719', '204718', 'mismatch'],
		['PIN repeated short', 'pin', '204719', '20471', 'mismatch'],
		['matching passphrase', 'passphrase', 'river stone moss', 'river stone moss', null],
		['passphrase in other case', 'passphrase', 'river stone moss', 'River stone moss', 'mismatch'],
		[
			'passphrase with a trailing space',
			'passphrase',
			'river stone moss',
			'river stone moss ',
			'mismatch'
		],
		['repeat left empty', 'passphrase', 'river stone moss', '', 'mismatch']
	])('%s → %s', (_what, kind, secret, repeated, expected) => {
		expect(checkLockSecret(kind, secret, repeated)).toBe(expected);
	});

	it('reports what is wrong with the secret before a mismatch', () => {
		expect(checkLockSecret('pin', '123', '456')).toBe('pin-length');
		expect(checkLockSecret('pin', '12345a', '123456')).toBe('pin-digits');
		expect(checkLockSecret('passphrase', 'short', 'other')).toBe('passphrase-length');
		expect(checkLockSecret('passphrase', 'a'.repeat(300), 'b')).toBe('too-long');
	});

	it('refuses a PIN far too long as too long, not as the wrong length', () => {
		expect(checkLockSecret('pin', '1'.repeat(MAX_SECRET_LENGTH + 1))).toBe('too-long');
	});
});
