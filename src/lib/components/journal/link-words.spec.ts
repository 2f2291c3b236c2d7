import { describe, expect, it } from 'vitest';
import { formatRecoveryCode } from '$lib/domain/identity/recovery-code';
import { formatLinkCode, parseLinkCode } from '$lib/domain/journal-crypto/link-code';
import { DeviceLinkError, type DeviceLinkProblem } from '$lib/state/device-link';
import { acceptProblem, formatCountdown, offerProblemWords } from './link-words';

function mistake(input: string): unknown {
	try {
		parseLinkCode(input);
	} catch (e: unknown) {
		return e;
	}
	throw new Error('expected the code to be refused');
}

const code = formatLinkCode(new Uint8Array(20).fill(9));

describe('link words', () => {
	it.each([
		['nothing typed', '', /Please type the link code/],
		['a group missing', code.slice(0, -5), /36 letters and numbers; this one has 32/],
		['a typo', (code.startsWith('A') ? 'B' : 'A') + code.slice(1), /probably mistyped/],
		['a letter never used', `U${code.slice(1)}`, /without U/]
	])('explain %s', (_what, typed, words) => {
		expect(acceptProblem(mistake(typed)).words).toMatch(words);
	});

	it('notice a recovery code typed in the wrong place', () => {
		const problem = acceptProblem(mistake(formatRecoveryCode(new Uint8Array(32))));
		expect(problem.isRecoveryCode).toBe(true);
		expect(problem.words).toMatch(/recovery code/);
	});

	it.each<[DeviceLinkProblem, RegExp]>([
		['unknown-link', /used already, cancelled, or its 10 minutes ran out/],
		['offline', /can’t reach its server/],
		['already-set-up', /already has a Hearth identity/],
		['too-many-tries', /wait a minute/],
		['damaged', /could not be opened/],
		['newer-version', /newer version/],
		['journal-locked', /locked/],
		['failed', /Something went wrong/]
	])('say what %s means on the new phone', (problem, words) => {
		expect(acceptProblem(new DeviceLinkError(problem)).words).toMatch(words);
	});

	it.each<[DeviceLinkProblem, RegExp]>([
		['not-set-up', /Finish setting up/],
		['journal-locked', /Unlock it first/],
		['signed-out', /isn’t signed in/],
		['offline', /can’t reach its server/],
		['failed', /Nothing has been changed/]
	])('say what %s means on the phone making the code', (problem, words) => {
		expect(offerProblemWords(new DeviceLinkError(problem))).toMatch(words);
	});

	it.each([
		[600_000, '10:00'],
		[65_001, '1:06'],
		[5_000, '0:05'],
		[-1, '0:00']
	])('count %i ms down as %s', (ms, text) => {
		expect(formatCountdown(ms)).toBe(text);
	});
});
