/**
 * The link code: a one-time secret shown on a phone already set up and typed into a new one, so
 * the new phone can fetch and open the sealed identity and journal keys (`link-payload.ts`),
 * e.g. `7ZQ3-M0KD-…-4F9A` (9 groups of 4, 36 characters).
 *
 * Layout: 32 characters of Crockford base32 carry the 160-bit secret exactly (no spare bits),
 * then 4 characters carry a 20-bit checksum, computed as the recovery code's is
 * (`../identity/recovery-code.ts`): the data characters read as one base-32 number, modulo the
 * prime 1,048,573, so a single wrong character or two swapped ones are always caught. 160 bits
 * are far beyond any offline guessing, which matters because the server holds the sealed box.
 *
 * Reading is as forgiving as the recovery code's: case, spaces and dashes do not matter, and O, I
 * and L read as 0, 1 and 1. Messages never repeat the code.
 */
import { fromFiveBitGroups, toFiveBitGroups } from '../identity/base32';

export const LINK_SECRET_BYTES = 20;
const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_CHARS = (LINK_SECRET_BYTES * 8) / 5;
const CHECK_CHARS = 4;
export const LINK_CODE_LENGTH = DATA_CHARS + CHECK_CHARS;
export const LINK_CODE_GROUP_SIZE = 4;
/** The largest prime below 2^20, so the checksum fills its 4 characters. */
const CHECK_MODULUS = 1_048_573;
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]+/gu;
const CONFUSABLES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

export type LinkCodeProblem = 'link-code-characters' | 'link-code-length' | 'link-code-checksum';

export class LinkCodeError extends Error {
	override name = 'LinkCodeError';
	constructor(
		readonly code: LinkCodeProblem,
		message: string,
		/** How many code characters were typed (separators left out), for the length message. */
		readonly typedLength: number
	) {
		super(message);
	}
}

export function newLinkSecret(): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(LINK_SECRET_BYTES));
}

/** The secret as a link code, in hyphen-separated groups of 4 upper-case characters. */
export function formatLinkCode(secret: Uint8Array): string {
	if (secret.length !== LINK_SECRET_BYTES) {
		throw new RangeError(`A link secret is ${LINK_SECRET_BYTES} bytes, not ${secret.length}.`);
	}
	const data = toFiveBitGroups(secret);
	const text = [...data, ...checksumSymbols(data)].map((v) => CROCKFORD_ALPHABET[v]).join('');
	return (text.match(new RegExp(`.{1,${LINK_CODE_GROUP_SIZE}}`, 'g')) ?? []).join('-');
}

/** The secret a link code spells; throws LinkCodeError when it does not check out. */
export function parseLinkCode(input: string): Uint8Array {
	const compact = input.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
	const symbols = [...compact].map((char) => CROCKFORD_ALPHABET.indexOf(CONFUSABLES[char] ?? char));
	const typed = symbols.length;
	const unknown = symbols.filter((value) => value === -1).length;
	if (unknown > 0) {
		throw new LinkCodeError(
			'link-code-characters',
			`The link code has ${unknown === 1 ? 'a character' : `${unknown} characters`} ` +
				'that it never uses: only digits and the letters A–Z except U.',
			typed
		);
	}
	if (typed !== LINK_CODE_LENGTH) {
		throw new LinkCodeError(
			'link-code-length',
			`A link code has ${LINK_CODE_LENGTH} characters; this one has ${typed}.`,
			typed
		);
	}
	const data = symbols.slice(0, DATA_CHARS);
	const check = symbols.slice(DATA_CHARS);
	const expected = checksumSymbols(data);
	if (!check.every((value, i) => value === expected[i])) {
		throw new LinkCodeError(
			'link-code-checksum',
			'The link code does not check out: a character is probably mistyped.',
			typed
		);
	}
	return fromFiveBitGroups(data, LINK_SECRET_BYTES).bytes;
}

function checksumSymbols(data: readonly number[]): number[] {
	let remainder = 0;
	for (const value of data) remainder = (remainder * 32 + value) % CHECK_MODULUS;
	const symbols: number[] = [];
	for (let i = CHECK_CHARS - 1; i >= 0; i--) symbols.push((remainder >>> (5 * i)) & 31);
	return symbols;
}
