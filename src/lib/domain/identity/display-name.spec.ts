import { describe, expect, it } from 'vitest';
import {
	canonicalDisplayName,
	DisplayNameError,
	normalizeDisplayName,
	type DisplayNameProblem
} from './display-name';

function problemOf(input: string): DisplayNameProblem | 'accepted' {
	try {
		normalizeDisplayName(input);
		return 'accepted';
	} catch (e: unknown) {
		if (e instanceof DisplayNameError) return e.code;
		throw e;
	}
}

describe('normalizeDisplayName', () => {
	it.each([
		['Sam', 'Sam'],
		['  Sam  ', 'Sam'],
		['Sam   Lee', 'Sam Lee'],
		['Sam\tLee\n', 'Sam Lee'],
		['Sam\u00a0\u2003Lee', 'Sam Lee'],
		['Cafe\u0301', 'Café'],
		['👨‍👩‍👧 family', '👨‍👩‍👧 family'],
		['می‌خواهم', 'می‌خواهم'],
		['x'.repeat(32), 'x'.repeat(32)],
		['😀'.repeat(32), '😀'.repeat(32)]
	])('%j → %j', (input, expected) => {
		expect(normalizeDisplayName(input)).toBe(expected);
	});

	it('gives NFC', () => {
		expect(normalizeDisplayName('Cafe\u0301')).toBe('Caf\u00e9');
	});

	it.each([
		['', 'display-name-empty'],
		['   ', 'display-name-empty'],
		['\n\t', 'display-name-empty'],
		['\u200d', 'display-name-empty'],
		['\u034f\u034f', 'display-name-empty'],
		['x'.repeat(33), 'display-name-too-long'],
		['😀'.repeat(33), 'display-name-too-long'],
		['a'.repeat(20) + '   ' + 'b'.repeat(12), 'display-name-too-long'],
		['Sam\u0000', 'display-name-characters'],
		['Sam\u007f', 'display-name-characters'],
		['Sam\u0085Lee', 'display-name-characters'],
		['\u202eSam', 'display-name-characters'],
		['Sam\u2066x\u2069', 'display-name-characters'],
		['Sam\u00ad', 'display-name-characters'],
		['Sam\ud800', 'display-name-characters']
	])('%j → %s', (input, problem) => {
		expect(problemOf(input)).toBe(problem);
	});

	it('counts code points, not UTF-16 units', () => {
		expect(problemOf('😀'.repeat(32))).toBe('accepted');
		expect('😀'.repeat(32).length).toBe(64);
	});
});

describe('canonicalDisplayName', () => {
	it.each([
		['Sam', 'SAM'],
		['Sam', 'sAm'],
		['Sam', 'Ｓａｍ'],
		['Sam', 'Sa\u200dm'],
		['Straße', 'STRASSE'],
		['Σίσυφος', 'ΣΊΣΥΦΟΣ'],
		['Café', 'Cafe\u0301'],
		['Sam Lee', 'Sam  Lee']
	])('%j and %j are one name', (a, b) => {
		expect(canonicalDisplayName(normalizeDisplayName(a))).toBe(
			canonicalDisplayName(normalizeDisplayName(b))
		);
	});

	it.each([
		['Sam', 'Sam2'],
		['Sam', 'Sem'],
		['Sam Lee', 'SamLee'],
		['Café', 'Cafe']
	])('%j and %j are different names', (a, b) => {
		expect(canonicalDisplayName(a)).not.toBe(canonicalDisplayName(b));
	});
});
