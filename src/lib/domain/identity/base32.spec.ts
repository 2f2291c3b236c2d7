import { describe, expect, it } from 'vitest';
import { isId } from '../ids';
import { encodeLowerBase32, fromFiveBitGroups, toFiveBitGroups } from './base32';

describe('five-bit groups', () => {
	it.each([
		[[], []],
		[[0xff], [31, 28]],
		[
			[0x00, 0x01],
			[0, 0, 0, 16]
		],
		[
			[0x84, 0x21, 0x08, 0x42, 0x10],
			[16, 16, 16, 16, 16, 16, 16, 16]
		]
	])('%j → %j', (bytes, groups) => {
		expect(toFiveBitGroups(Uint8Array.from(bytes))).toEqual(groups);
	});

	it('round-trips every length up to 40 bytes, with no spare bits', () => {
		for (let length = 0; length <= 40; length++) {
			const bytes = crypto.getRandomValues(new Uint8Array(length));
			expect(fromFiveBitGroups(toFiveBitGroups(bytes), length)).toEqual({ bytes, spareBits: 0 });
		}
	});

	it('reports set bits beyond the last byte', () => {
		expect(fromFiveBitGroups([31, 29], 1)).toEqual({ bytes: Uint8Array.of(0xff), spareBits: 1 });
	});

	it('refuses too few groups', () => {
		expect(() => fromFiveBitGroups([31], 1)).toThrow(RangeError);
	});
});

describe('encodeLowerBase32', () => {
	it('writes RFC 4648 base32 in lower case, without padding', () => {
		// RFC 4648 §10: BASE32("foobar") = "MZXW6YTBOI======"
		expect(encodeLowerBase32(new TextEncoder().encode('foobar'))).toBe('mzxw6ytboi');
	});

	it('gives 16 bytes the shape of a record id', () => {
		expect(isId(encodeLowerBase32(crypto.getRandomValues(new Uint8Array(16))))).toBe(true);
	});
});
