import { describe, expect, it } from 'vitest';
import {
	REFUSED,
	boolean,
	check,
	list,
	nullable,
	number,
	object,
	oneOf,
	optional,
	orNull,
	string,
	withDefault
} from './plain-reader';

describe('plain readers', () => {
	it('read strings, numbers and booleans, and refuse anything else', () => {
		expect(string('a')).toBe('a');
		expect(number(-1.5)).toBe(-1.5);
		expect(number(Infinity)).toBe(Infinity);
		expect(boolean(false)).toBe(false);
		for (const value of [undefined, null, 1, {}, []]) expect(string(value)).toBe(REFUSED);
		for (const value of [NaN, '1', null, undefined]) expect(number(value)).toBe(REFUSED);
		for (const value of [0, 'true', null]) expect(boolean(value)).toBe(REFUSED);
	});

	it('check: refuses what the reader refuses, and what the test does not approve', () => {
		const short = check(string, (value) => value.length <= 3);
		expect(short('abc')).toBe('abc');
		expect(short('abcd')).toBe(REFUSED);
		expect(short(3)).toBe(REFUSED);
	});

	it('oneOf: only the options given', () => {
		const kind = oneOf(['thread', 'reply']);
		expect(kind('reply')).toBe('reply');
		expect(kind('person')).toBe(REFUSED);
		expect(kind(undefined)).toBe(REFUSED);
	});

	it('nullable and optional: null, or a missing value, besides what the reader takes', () => {
		expect(nullable(string)(null)).toBeNull();
		expect(nullable(string)(undefined)).toBe(REFUSED);
		expect(nullable(string)(1)).toBe(REFUSED);
		expect(optional(string)(undefined)).toBeUndefined();
		expect(optional(string)(null)).toBe(REFUSED);
		expect(optional(string)('a')).toBe('a');
	});

	it('withDefault: a fresh fallback for a missing value, the reader for any other', () => {
		const tags = withDefault(list(string), () => []);
		const first = tags(undefined);
		expect(first).toEqual([]);
		expect(tags(undefined)).not.toBe(first);
		expect(tags(['a'])).toEqual(['a']);
		expect(tags(null)).toBe(REFUSED);
		expect(tags([1])).toBe(REFUSED);
	});

	it('list: a copy when every item is good, refused otherwise', () => {
		const given = ['a', 'b'];
		const read = list(string)(given);
		expect(read).toStrictEqual(['a', 'b']);
		expect(read).not.toBe(given);
		expect(list(string)(['a', 1])).toBe(REFUSED);
		expect(list(string)('ab')).toBe(REFUSED);
		expect(list(string)({ 0: 'a', length: 1 })).toBe(REFUSED);
		const withHole: unknown[] = ['a'];
		withHole[2] = 'c';
		expect(list(string)(withHole)).toBe(REFUSED);
	});

	describe('object', () => {
		const person = object({ name: string, age: optional(number), note: nullable(string) });

		it('copies the fields it knows and drops the rest', () => {
			const given = { name: 'Sam', age: 30, note: null, extra: true };
			const read = person(given);
			expect(read).toStrictEqual({ name: 'Sam', age: 30, note: null });
			expect(read).not.toBe(given);
		});

		it('leaves an optional field out when it was left out', () => {
			expect(person({ name: 'Sam', note: 'hi' })).toStrictEqual({ name: 'Sam', note: 'hi' });
		});

		it.each<[string, unknown]>([
			['nothing', undefined],
			['null', null],
			['a string', 'Sam'],
			['a missing field', { age: 30, note: null }],
			['a missing nullable field', { name: 'Sam' }],
			['a field of the wrong type', { name: 'Sam', note: 5 }],
			['an optional field of the wrong type', { name: 'Sam', age: '30', note: null }]
		])('refuses %s', (_, value) => {
			expect(person(value)).toBe(REFUSED);
		});

		it('refuses an object whose nested object is wrong', () => {
			const outer = object({ inner: object({ id: string }) });
			expect(outer({ inner: { id: 'a' } })).toStrictEqual({ inner: { id: 'a' } });
			expect(outer({ inner: { id: 1 } })).toBe(REFUSED);
			expect(outer({ inner: 'a' })).toBe(REFUSED);
		});
	});

	it('orNull turns a refusal into null', () => {
		expect(orNull(REFUSED)).toBeNull();
		expect(orNull('a')).toBe('a');
	});
});
