import { describe, expect, it } from 'vitest';
import { findMetaCsp, toHeaderCsp } from './csp';

describe('findMetaCsp', () => {
	it('reads the policy SvelteKit writes (double quotes, &quot; and &amp; escaped)', () => {
		const html = `<head><meta charset="utf-8"><meta http-equiv="content-security-policy" content="script-src 'self' 'sha256-a+b='; img-src data: &amp;x &quot;y"></head>`;
		expect(findMetaCsp(html)).toEqual([`script-src 'self' 'sha256-a+b='; img-src data: &x "y`]);
	});

	it('accepts any attribute order, case and quoting', () => {
		const html = `<META CONTENT='default-src &#39;self&#39;' HTTP-EQUIV=Content-Security-Policy />`;
		expect(findMetaCsp(html)).toEqual(["default-src 'self'"]);
	});

	it('ignores other meta tags and empty policies', () => {
		const html = `<meta name="content-security-policy" content="x"><meta http-equiv="refresh" content="0"><meta http-equiv="content-security-policy" content=" ">`;
		expect(findMetaCsp(html)).toEqual([]);
	});
});

describe('toHeaderCsp', () => {
	it("appends frame-ancestors 'none'", () => {
		expect(toHeaderCsp(["default-src 'self'; "])).toBe(
			"default-src 'self'; frame-ancestors 'none'"
		);
	});

	it('replaces a frame-ancestors the meta tag could not enforce anyway', () => {
		expect(toHeaderCsp(["frame-ancestors *; default-src 'self'"])).toBe(
			"default-src 'self'; frame-ancestors 'none'"
		);
	});

	it('keeps several policies apart, each banning framing', () => {
		expect(toHeaderCsp(["default-src 'self'", "img-src 'none'"])).toBe(
			"default-src 'self'; frame-ancestors 'none', img-src 'none'; frame-ancestors 'none'"
		);
	});

	it('gives up on no policy, or one a header cannot carry', () => {
		expect(toHeaderCsp([])).toBeUndefined();
		expect(toHeaderCsp(["default-src 'self'\r\nX-Evil: 1"])).toBeUndefined();
		expect(toHeaderCsp(["default-src 'sélf'"])).toBeUndefined();
	});
});
