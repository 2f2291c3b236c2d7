import { describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../logger';
import { CHALLENGE_TTL_MS, ChallengeBook } from './challenge-book';

function book(options: { capacity?: number; log?: Logger } = {}) {
	let time = 1_000_000;
	const challenges = new ChallengeBook({
		now: () => time,
		log: options.log ?? silentLogger,
		...options
	});
	return { challenges, advance: (ms: number) => (time += ms), now: () => time };
}

describe('ChallengeBook', () => {
	it('issues distinct 32-byte challenges that last two minutes', () => {
		const { challenges, now } = book();
		const a = challenges.issue('key-a');
		const b = challenges.issue('key-a');
		expect(a.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(a.challenge).not.toBe(b.challenge);
		expect(a.expiresAt).toBe(now() + CHALLENGE_TTL_MS);
	});

	it('accepts a challenge once, for the key it was issued to', () => {
		const { challenges } = book();
		const { challenge } = challenges.issue('key-a');
		expect(challenges.take(challenge, 'key-a')).toEqual({ ok: true });
		expect(challenges.take(challenge, 'key-a')).toEqual({
			ok: false,
			problem: 'challenge-unknown'
		});
	});

	it('uses a challenge up when another key presents it', () => {
		const { challenges } = book();
		const { challenge } = challenges.issue('key-a');
		expect(challenges.take(challenge, 'key-b')).toEqual({
			ok: false,
			problem: 'challenge-unknown'
		});
		expect(challenges.take(challenge, 'key-a')).toEqual({
			ok: false,
			problem: 'challenge-unknown'
		});
	});

	it('expires a challenge at its expiry time', () => {
		const { challenges, advance } = book();
		const early = challenges.issue('key-a');
		const late = challenges.issue('key-a');
		advance(CHALLENGE_TTL_MS - 1);
		expect(challenges.take(early.challenge, 'key-a')).toEqual({ ok: true });
		advance(1);
		expect(challenges.take(late.challenge, 'key-a')).toEqual({
			ok: false,
			problem: 'challenge-expired'
		});
	});

	it('holds at most its capacity, dropping expired ones first, quietly', () => {
		const warnings: string[] = [];
		const log: Logger = { ...silentLogger, warn: (message) => warnings.push(message) };
		const { challenges, advance } = book({ capacity: 3, log });
		const old = [challenges.issue('k'), challenges.issue('k')];
		advance(CHALLENGE_TTL_MS);
		const fresh = [challenges.issue('k'), challenges.issue('k')];
		expect(challenges.size).toBe(2);
		expect(warnings).toEqual([]);
		expect(challenges.take(old[0]?.challenge ?? '', 'k')).toMatchObject({ ok: false });
		expect(challenges.take(fresh[0]?.challenge ?? '', 'k')).toEqual({ ok: true });
	});

	it('drops the oldest live challenges when flooded, and warns once a minute', () => {
		const warnings: string[] = [];
		const log: Logger = { ...silentLogger, warn: (message) => warnings.push(message) };
		const { challenges } = book({ capacity: 3, log });
		const issued = Array.from({ length: 6 }, () => challenges.issue('k').challenge);
		expect(challenges.size).toBe(3);
		expect(issued.map((challenge) => challenges.take(challenge, 'k').ok)).toEqual([
			false,
			false,
			false,
			true,
			true,
			true
		]);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).not.toContain(issued[0]);
	});
});
