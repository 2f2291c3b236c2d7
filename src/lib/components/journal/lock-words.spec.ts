import { describe, expect, it } from 'vitest';
import { JournalLockError } from '$lib/state/journal-lock.svelte';
import { lockErrorWords, secretProblemWords, waitWords } from './lock-words';

const NOW = 1_800_000_000_000;

describe('waitWords', () => {
	it.each([
		[null, ''],
		[NOW, ''],
		[NOW - 5_000, ''],
		[NOW + 20_000, 'in less than a minute'],
		[NOW + 60_000, 'in about 1 minute.'],
		[NOW + 61_000, 'in about 2 minutes.'],
		[NOW + 30 * 60_000, 'in about 30 minutes.']
	])('says when a try at %j is taken', (retryAt, expected) => {
		const words = waitWords(retryAt, NOW);
		if (expected === '') expect(words).toBe('');
		else expect(words).toContain(expected);
	});
});

describe('lockErrorWords', () => {
	it('names what was wrong in the way the person tried', () => {
		const wrong = new JournalLockError('wrong-secret', 'x');
		expect(lockErrorWords(wrong, 'passphrase', NOW)).toMatch(/^That passphrase does not open/);
		expect(lockErrorWords(wrong, 'pin', NOW)).toMatch(/^That PIN does not open/);
		expect(lockErrorWords(wrong, 'code', NOW)).toMatch(/account recovery code is a different/);
	});

	it('says a wrong try must now wait, and until when', () => {
		const wrong = new JournalLockError('wrong-secret', 'x', NOW + 90_000);
		const words = lockErrorWords(wrong, 'pin', NOW);
		expect(words).toMatch(/^That PIN does not open/);
		expect(words).toContain('in about 2 minutes');
	});

	it('says when the next try is taken while slowed down', () => {
		const slow = new JournalLockError('slow-down', 'x', NOW + 4 * 60_000);
		expect(lockErrorWords(slow, 'passphrase', NOW)).toContain('in about 4 minutes');
	});

	it.each([
		['code-mistyped', /typing mistake/],
		['damaged', /could not read the journal’s keys/],
		['newer-version', /newer version of Hearth/],
		['locked', /locked in the meantime/]
	] as const)('has words for %s', (code, expected) => {
		expect(lockErrorWords(new JournalLockError(code, 'x'), 'code', NOW)).toMatch(expected);
	});

	it('has calm words for anything unexpected, and never shows its message', () => {
		const words = lockErrorWords(new Error('QuotaExceededError: disk full'), 'passphrase', NOW);
		expect(words).toMatch(/nothing has been changed/);
		expect(words).not.toContain('Quota');
	});
});

describe('secretProblemWords', () => {
	it.each([
		['pin-digits', /numbers only/],
		['pin-length', /6 to 12/],
		['passphrase-length', /at least 8/],
		['too-long', /256/],
		['mismatch', /do not match/]
	] as const)('explains %s', (problem, expected) => {
		expect(secretProblemWords(problem)).toMatch(expected);
	});
});
