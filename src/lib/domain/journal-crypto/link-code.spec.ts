import { describe, expect, it } from 'vitest';
import { formatRecoveryCode } from '../identity/recovery-code';
import {
	formatLinkCode,
	LINK_CODE_LENGTH,
	LINK_SECRET_BYTES,
	LinkCodeError,
	newLinkSecret,
	parseLinkCode,
	type LinkCodeProblem
} from './link-code';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const COUNTING = Uint8Array.from({ length: LINK_SECRET_BYTES }, (_, i) => i);

function problemOf(input: string): LinkCodeProblem | 'accepted' {
	try {
		parseLinkCode(input);
		return 'accepted';
	} catch (e: unknown) {
		if (e instanceof LinkCodeError) return e.code;
		throw e;
	}
}

/** The checksum as the module's comment defines it, computed independently here. */
function checksumOf(data: string): string {
	let remainder = 0n;
	for (const char of data) {
		remainder = (remainder * 32n + BigInt(ALPHABET.indexOf(char))) % 1048573n;
	}
	return [15n, 10n, 5n, 0n].map((shift) => ALPHABET[Number((remainder >> shift) & 31n)]).join('');
}

describe('link codes', () => {
	it('carry at least 128 bits of secret, in 9 groups of 4', () => {
		expect(LINK_SECRET_BYTES * 8).toBeGreaterThanOrEqual(128);
		const code = formatLinkCode(newLinkSecret());
		expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){8}[0-9A-HJKMNP-TV-Z]{4}$/);
		expect(code.replace(/-/g, '')).toHaveLength(LINK_CODE_LENGTH);
	});

	it('end in the checksum the format defines', () => {
		const compact = formatLinkCode(COUNTING).replace(/-/g, '');
		expect(compact.slice(32)).toBe(checksumOf(compact.slice(0, 32)));
	});

	it('read back to the same secret, forgivingly', () => {
		for (let i = 0; i < 50; i++) {
			const secret = newLinkSecret();
			const code = formatLinkCode(secret);
			expect(parseLinkCode(code)).toEqual(secret);
			const sloppy = ` ${code.toLowerCase().replace(/-/g, ' – ').replace(/0/g, 'o').replace(/1/g, 'l')} `;
			expect(parseLinkCode(sloppy)).toEqual(secret);
		}
	});

	it('catch every single mistyped character and every swap of neighbours', () => {
		const compact = formatLinkCode(COUNTING).replace(/-/g, '');
		for (let i = 0; i < compact.length; i++) {
			for (const other of ALPHABET) {
				if (other === compact[i]) continue;
				const typo = compact.slice(0, i) + other + compact.slice(i + 1);
				expect(problemOf(typo)).toBe('link-code-checksum');
			}
			const next = compact[i + 1];
			if (next !== undefined && next !== compact[i]) {
				const swapped = compact.slice(0, i) + next + compact[i] + compact.slice(i + 2);
				expect(problemOf(swapped)).toBe('link-code-checksum');
			}
		}
	});

	it.each([
		['a letter it never uses', formatLinkCode(COUNTING).replace(/^./, 'U'), 'link-code-characters'],
		['a group missing', formatLinkCode(COUNTING).slice(0, -5), 'link-code-length'],
		['a recovery code', formatRecoveryCode(new Uint8Array(32).fill(7)), 'link-code-length'],
		['nothing', '', 'link-code-length']
	] as const)('refuse %s', (_what, input, problem) => {
		expect(problemOf(input)).toBe(problem);
	});

	it('say how many characters were typed, and never repeat the code', () => {
		const code = formatLinkCode(COUNTING).slice(0, -5);
		try {
			parseLinkCode(code);
			expect.unreachable();
		} catch (e: unknown) {
			if (!(e instanceof LinkCodeError)) throw e;
			expect(e.typedLength).toBe(32);
			expect(e.message).not.toContain(code.slice(0, 4));
		}
	});
});
