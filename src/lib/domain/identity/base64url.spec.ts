import { describe, expect, it } from 'vitest';
import { Base64UrlError, decodeBase64Url, encodeBase64Url } from './base64url';

describe('base64url', () => {
	it.each([
		[[], ''],
		[[0xff], '_w'],
		[[0xfb, 0xff], '-_8'],
		[[1, 2, 3], 'AQID'],
		[[0, 0, 0, 0], 'AAAAAA']
	])('%j ↔ %j', (bytes, text) => {
		expect(encodeBase64Url(Uint8Array.from(bytes))).toBe(text);
		expect([...decodeBase64Url(text)]).toEqual(bytes);
	});

	it('round-trips every length up to 70 bytes, matching Node', () => {
		for (let length = 0; length <= 70; length++) {
			const bytes = crypto.getRandomValues(new Uint8Array(length));
			const text = encodeBase64Url(bytes);
			expect(text).toBe(Buffer.from(bytes).toString('base64url'));
			expect(decodeBase64Url(text)).toEqual(bytes);
		}
	});

	it('decodes every byte value at every position, as Node does', () => {
		const bytes = Uint8Array.from({ length: 256 * 3 }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
		for (const length of [256 * 3, 256 * 3 - 1, 256 * 3 - 2]) {
			const text = Buffer.from(bytes.subarray(0, length)).toString('base64url');
			expect(decodeBase64Url(text)).toEqual(bytes.subarray(0, length));
		}
	});

	it.each([
		['padding', 'AQ=='],
		['standard alphabet', 'a+b/'],
		['spaces', 'AQ ID'],
		['impossible length', 'AQIDB'],
		['set bits after the last byte', '_x'],
		['set bits after the last two bytes', 'AQJ'],
		['a character past ASCII', 'AQ\u00e9D'],
		['a NUL', 'AQ\u0000D']
	])('refuses %s', (_what, text) => {
		expect(() => decodeBase64Url(text)).toThrow(Base64UrlError);
	});
});
