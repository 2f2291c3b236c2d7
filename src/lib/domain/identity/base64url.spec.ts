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

	it.each([
		['padding', 'AQ=='],
		['standard alphabet', 'a+b/'],
		['spaces', 'AQ ID'],
		['impossible length', 'AQIDB'],
		['set bits after the last byte', '_x']
	])('refuses %s', (_what, text) => {
		expect(() => decodeBase64Url(text)).toThrow(Base64UrlError);
	});
});
