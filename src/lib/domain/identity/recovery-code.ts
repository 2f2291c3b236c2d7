/**
 * The recovery code: the root secret written for a person to copy onto paper and type back on a
 * new device, e.g. `7ZQ3-M0KD-…-4F9A` (14 groups of 4, 56 characters).
 *
 * Layout: 52 characters of Crockford base32 carry the 256-bit secret (the last one holds 1 bit
 * and 4 zero bits), then 4 characters carry a 20-bit checksum: the 52 data characters read as
 * one base-32 number, modulo the prime 1,048,573. Because the prime is larger than 31 and 32
 * has a large order modulo it, a single wrong character, or any two characters swapped, always
 * changes the checksum; any other mistake slips through about once in a million.
 *
 * Reading is forgiving where people are: case does not matter, spaces and hyphens are ignored,
 * and the confusable letters O, I and L read as 0, 1 and 1 (Crockford's rule; U is not used).
 * A code that still does not check out is refused with a RecoveryCodeError whose `code` the UI
 * turns into calm words. Messages never repeat the code: it is the person's whole identity.
 */
import { fromFiveBitGroups, toFiveBitGroups } from './base32';
import { assertRootSecret, ROOT_SECRET_BYTES } from './root-secret';

const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_CHARS = Math.ceil((ROOT_SECRET_BYTES * 8) / 5);
const CHECK_CHARS = 4;
export const RECOVERY_CODE_LENGTH = DATA_CHARS + CHECK_CHARS;
const GROUP_SIZE = 4;
/** The largest prime below 2^20, so the checksum fills its 4 characters. */
const CHECK_MODULUS = 1_048_573;
// Spaces and dashes of every kind: a code pasted from a note app may carry typographic dashes.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]+/gu;
const CONFUSABLES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

export type RecoveryCodeProblem =
	'recovery-code-characters' | 'recovery-code-length' | 'recovery-code-checksum';

export class RecoveryCodeError extends Error {
	override name = 'RecoveryCodeError';
	constructor(
		readonly code: RecoveryCodeProblem,
		message: string
	) {
		super(message);
	}
}

/** The root secret as a recovery code, in hyphen-separated groups of 4 upper-case characters. */
export function formatRecoveryCode(secret: Uint8Array): string {
	assertRootSecret(secret);
	const data = toFiveBitGroups(secret);
	const symbols = [...data, ...checksumSymbols(data)];
	const text = symbols.map((value) => CROCKFORD_ALPHABET[value]).join('');
	return (text.match(new RegExp(`.{1,${GROUP_SIZE}}`, 'g')) ?? []).join('-');
}

/** The root secret a recovery code spells; throws RecoveryCodeError when it does not check out. */
export function parseRecoveryCode(input: string): Uint8Array {
	const compact = input.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
	const symbols: number[] = [];
	let unknown = 0;
	for (const char of compact) {
		const value = CROCKFORD_ALPHABET.indexOf(CONFUSABLES[char] ?? char);
		if (value === -1) unknown++;
		symbols.push(value);
	}
	if (unknown > 0) {
		throw new RecoveryCodeError(
			'recovery-code-characters',
			`The recovery code has ${unknown === 1 ? 'a character' : `${unknown} characters`} ` +
				'that it never uses: only digits and the letters A–Z except U.'
		);
	}
	if (symbols.length !== RECOVERY_CODE_LENGTH) {
		throw new RecoveryCodeError(
			'recovery-code-length',
			`A recovery code has ${RECOVERY_CODE_LENGTH} characters; this one has ${symbols.length}.`
		);
	}
	const data = symbols.slice(0, DATA_CHARS);
	const check = symbols.slice(DATA_CHARS);
	const { bytes, spareBits } = fromFiveBitGroups(data, ROOT_SECRET_BYTES);
	// Nonzero spare bits would give one secret two spellings; no code we write has them.
	if (spareBits !== 0 || !sameSymbols(check, checksumSymbols(data))) {
		throw new RecoveryCodeError(
			'recovery-code-checksum',
			'The recovery code does not check out: a character is probably mistyped.'
		);
	}
	return bytes;
}

function checksumSymbols(data: readonly number[]): number[] {
	let remainder = 0;
	for (const value of data) remainder = (remainder * 32 + value) % CHECK_MODULUS;
	const symbols: number[] = [];
	for (let i = CHECK_CHARS - 1; i >= 0; i--) symbols.push((remainder >>> (5 * i)) & 31);
	return symbols;
}

function sameSymbols(a: readonly number[], b: readonly number[]): boolean {
	return a.length === b.length && a.every((value, i) => value === b[i]);
}
