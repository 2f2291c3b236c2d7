import { describe, expect, it } from 'vitest';
import { parseTags } from './parse-tags';

describe('parseTags', () => {
	it.each([
		['', []],
		['   ', []],
		['sleep', ['sleep']],
		['sleep, family', ['sleep', 'family']],
		['Sleep ,sleep,, #family', ['sleep', 'family']],
		['one\ntwo', ['one', 'two']],
		['##', []]
	])('reads %j as %j', (typed, tags) => {
		expect(parseTags(typed)).toEqual(tags);
	});
});
