import { describe, expect, it } from 'vitest';
import {
	formatRecoveryCode,
	parseRecoveryCode,
	RECOVERY_CODE_LENGTH,
	RecoveryCodeError,
	type RecoveryCodeProblem
} from './recovery-code';
import { newRootSecret, RootSecretError } from './root-secret';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const COUNTING = Uint8Array.from({ length: 32 }, (_, i) => i);
const COUNTING_CODE = '000G-40R4-0M30-E209-185G-R38E-1W81-24GK-2GAH-C5RR-34D1-P70X-3RFG-3MQA';

function problemOf(input: string): RecoveryCodeProblem | 'accepted' {
	try {
		parseRecoveryCode(input);
		return 'accepted';
	} catch (e: unknown) {
		if (e instanceof RecoveryCodeError) return e.code;
		throw e;
	}
}

/** The checksum as the module's comment defines it, computed independently here. */
function checksumOf(data: string): string {
	let remainder = 0n;
	for (const char of data)
		remainder = (remainder * 32n + BigInt(ALPHABET.indexOf(char))) % 1048573n;
	return [15n, 10n, 5n, 0n].map((shift) => ALPHABET[Number((remainder >> shift) & 31n)]).join('');
}

describe('formatRecoveryCode', () => {
	it.each([
		['0, 1, …, 31', COUNTING, COUNTING_CODE],
		['all zero', new Uint8Array(32), Array(14).fill('0000').join('-')],
		['all 0xff', new Uint8Array(32).fill(255), `${Array(12).fill('ZZZZ').join('-')}-ZZZG-GMY6`]
	])('writes %s as a fixed code', (_what, secret, code) => {
		expect(formatRecoveryCode(secret)).toBe(code);
	});

	it('writes 14 groups of 4 Crockford characters, ending in the documented checksum', () => {
		for (let i = 0; i < 50; i++) {
			const code = formatRecoveryCode(newRootSecret());
			expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){13}$/);
			const compact = code.replace(/-/g, '');
			expect(compact.slice(52)).toBe(checksumOf(compact.slice(0, 52)));
		}
	});

	it('refuses a secret of the wrong size', () => {
		expect(() => formatRecoveryCode(new Uint8Array(16))).toThrow(RootSecretError);
	});
});

describe('parseRecoveryCode', () => {
	it('round-trips random secrets', () => {
		for (let i = 0; i < 200; i++) {
			const secret = newRootSecret();
			expect(parseRecoveryCode(formatRecoveryCode(secret))).toEqual(secret);
		}
	});

	it.each([
		['lower case', COUNTING_CODE.toLowerCase()],
		['spaces for hyphens', COUNTING_CODE.replace(/-/g, ' ')],
		['no separators', COUNTING_CODE.replace(/-/g, '')],
		[
			'line breaks and stray spaces',
			` ${COUNTING_CODE.slice(0, 24)}\n${COUNTING_CODE.slice(24)}  `
		],
		['typographic dashes', COUNTING_CODE.replace(/-/g, '\u2013')],
		['O for 0', COUNTING_CODE.replace(/0/g, 'O')],
		['o for 0', COUNTING_CODE.replace(/0/g, 'o')],
		['I and L for 1', COUNTING_CODE.replace('1W81', 'IW8L')],
		['full-width characters', COUNTING_CODE.replace('000G', '０００Ｇ')]
	])('reads a code written with %s', (_what, input) => {
		expect(parseRecoveryCode(input)).toEqual(COUNTING);
	});

	it('catches every single mistyped character', () => {
		const compact = COUNTING_CODE.replace(/-/g, '');
		let variants = 0;
		for (let at = 0; at < compact.length; at++) {
			for (const wrong of ALPHABET) {
				if (wrong === compact[at]) continue;
				const typo = compact.slice(0, at) + wrong + compact.slice(at + 1);
				expect(problemOf(typo), `${wrong} at ${at}`).toBe('recovery-code-checksum');
				variants++;
			}
		}
		expect(variants).toBe(RECOVERY_CODE_LENGTH * 31);
	});

	it('catches every swap of two different characters in the secret', () => {
		const compact = formatRecoveryCode(newRootSecret()).replace(/-/g, '');
		for (let a = 0; a < 52; a++) {
			for (let b = a + 1; b < 52; b++) {
				if (compact[a] === compact[b]) continue;
				const chars = [...compact];
				[chars[a], chars[b]] = [chars[b] ?? '', chars[a] ?? ''];
				expect(problemOf(chars.join('')), `swap ${a} and ${b} of ${compact}`).toBe(
					'recovery-code-checksum'
				);
			}
		}
	});

	it('refuses set bits after the secret even when the checksum matches', () => {
		const data = '0'.repeat(51) + '1';
		expect(problemOf(data + checksumOf(data))).toBe('recovery-code-checksum');
		expect(problemOf('0'.repeat(52) + checksumOf('0'.repeat(52)))).toBe('accepted');
	});

	it.each([
		['a missing character', COUNTING_CODE.slice(0, -1), 'recovery-code-length'],
		['an extra character', `${COUNTING_CODE}0`, 'recovery-code-length'],
		['a missing group', COUNTING_CODE.slice(5), 'recovery-code-length'],
		['nothing', '', 'recovery-code-length'],
		['a U', COUNTING_CODE.replace('000G', '000U'), 'recovery-code-characters'],
		['punctuation', COUNTING_CODE.replace('-', '.'), 'recovery-code-characters'],
		['words with a U', 'dull purple unicorn', 'recovery-code-characters']
	])('refuses %s', (_what, input, problem) => {
		expect(problemOf(input)).toBe(problem);
	});

	it('never repeats the code in its message', () => {
		const typo = COUNTING_CODE.replace('3MQA', '3MQB');
		expect(() => parseRecoveryCode(typo)).toThrow(RecoveryCodeError);
		try {
			parseRecoveryCode(typo);
		} catch (e: unknown) {
			expect(e instanceof Error && e.message).not.toContain('000G');
		}
	});
});
