import { describe, expect, it } from 'vitest';
import { acceptedCodings } from './accept-encoding';

describe('acceptedCodings', () => {
	it.each([
		[undefined, []],
		['', []],
		['identity', []],
		['gzip, deflate, br, zstd', ['br', 'gzip']],
		['gzip', ['gzip']],
		['x-gzip', ['gzip']],
		['BR', ['br']],
		['br;q=0, gzip', ['gzip']],
		['gzip;q=1.0, br;q=0.5', ['gzip', 'br']],
		['gzip; q=0.8, br; q=0.8', ['br', 'gzip']],
		['*', ['br', 'gzip']],
		['*;q=0', []],
		['*, gzip;q=0', ['br']],
		['br;q=abc', []]
	])('%j → %j', (header, codings) => {
		expect(acceptedCodings(header)).toEqual(codings);
	});
});
