import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
	createTokenService,
	SESSION_TOKEN_TTL_MS,
	SYNC_TOKEN_TTL_MS,
	TokenError,
	type TokenKind,
	type TokenProblem
} from './tokens';

const secret = new Uint8Array(32).fill(3);
let clock = 1_700_000_000_000;
const tokens = createTokenService({ secret, now: () => clock });

function problemOf(token: string, kind: TokenKind = 'session'): TokenProblem | 'valid' {
	try {
		tokens.verify(token, kind);
		return 'valid';
	} catch (e: unknown) {
		if (e instanceof TokenError) return e.code;
		throw e;
	}
}

/** A token for any payload text, signed with the real secret as the service would. */
function forge(payloadText: string, key: Uint8Array = secret): string {
	const payload = Buffer.from(payloadText).toString('base64url');
	const mac = createHmac('sha256', key).update('hearth-token-v1\n').update(payload).digest();
	return `${payload}.${mac.toString('base64url')}`;
}

describe('tokens', () => {
	it('gives back the claims of a session token, expiring in 24 hours', () => {
		const issued = tokens.issue({ sub: 'u-sam', kind: 'session' });
		expect(issued.expiresAt).toBe(clock + SESSION_TOKEN_TTL_MS);
		expect(tokens.verify(issued.token, 'session')).toEqual({
			sub: 'u-sam',
			kind: 'session',
			exp: issued.expiresAt,
			iat: clock
		});
	});

	it('gives back a sync token’s room and author, expiring in 5 minutes', () => {
		const issued = tokens.issue({
			sub: 'u-sam',
			kind: 'sync',
			room: 'community:grief:recent',
			author: 'p-1'
		});
		expect(issued.expiresAt).toBe(clock + SYNC_TOKEN_TTL_MS);
		expect(tokens.verify(issued.token, 'sync')).toEqual({
			sub: 'u-sam',
			kind: 'sync',
			room: 'community:grief:recent',
			author: 'p-1',
			exp: issued.expiresAt,
			iat: clock
		});
	});

	it('reads a token issued before `iat` existed as issued one lifetime before it expires', () => {
		const exp = clock + 1000;
		const claims = tokens.verify(
			forge(JSON.stringify({ sub: 'u', kind: 'session', exp })),
			'session'
		);
		expect(claims.iat).toBe(exp - SESSION_TOKEN_TTL_MS);
	});

	it('is URL-safe as it is', () => {
		const { token } = tokens.issue({ sub: 'u-sam', kind: 'sync', room: 'journal:x/y?z' });
		expect(encodeURIComponent(token)).toBe(token);
	});

	it('expires at exp, not a millisecond later', () => {
		const { token, expiresAt } = tokens.issue({ sub: 'u-sam', kind: 'session' });
		const start = clock;
		try {
			clock = expiresAt - 1;
			expect(problemOf(token)).toBe('valid');
			clock = expiresAt;
			expect(problemOf(token)).toBe('expired');
		} finally {
			clock = start;
		}
	});

	it('refuses a token of the other kind', () => {
		expect(problemOf(tokens.issue({ sub: 'u', kind: 'sync', room: 'r' }).token, 'session')).toBe(
			'wrong-kind'
		);
		expect(problemOf(tokens.issue({ sub: 'u', kind: 'session' }).token, 'sync')).toBe('wrong-kind');
	});

	it('refuses any change to the payload or the signature', () => {
		const { token } = tokens.issue({ sub: 'u-sam', kind: 'session' });
		const [payload = '', mac = ''] = token.split('.');
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as unknown;
		const raised = Buffer.from(JSON.stringify({ ...Object(claims), sub: 'u-kim' })).toString(
			'base64url'
		);
		expect(problemOf(`${raised}.${mac}`)).toBe('bad-signature');
		const flipped = mac.startsWith('A') ? `B${mac.slice(1)}` : `A${mac.slice(1)}`;
		expect(problemOf(`${payload}.${flipped}`)).toBe('bad-signature');
	});

	it('accepts one spelling of the signature only', () => {
		const { token } = tokens.issue({ sub: 'u-sam', kind: 'session' });
		const last = token.at(-1) ?? '';
		// The 43rd character carries 4 bits of the MAC and 2 spare bits; flipping a spare bit
		// decodes to the same bytes in Node, yet must not verify.
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
		const twin = alphabet[alphabet.indexOf(last) ^ 1] ?? '';
		const respelled = token.slice(0, -1) + twin;
		expect(Buffer.from(respelled.split('.')[1] ?? '', 'base64url')).toEqual(
			Buffer.from(token.split('.')[1] ?? '', 'base64url')
		);
		expect(problemOf(respelled)).toBe('bad-signature');
	});

	it('refuses a token signed with another secret', () => {
		const other = createTokenService({ secret: new Uint8Array(32).fill(4), now: () => clock });
		expect(problemOf(other.issue({ sub: 'u-sam', kind: 'session' }).token)).toBe('bad-signature');
	});

	it.each([
		['empty', ''],
		['one part', 'abc'],
		['three parts', 'a.b.c'],
		['a short signature', 'eyJ9.abc'],
		['characters outside base64url', `a+b.${'A'.repeat(43)}`],
		['a huge token', `${'A'.repeat(5000)}.${'A'.repeat(43)}`]
	])('calls %s malformed', (_what, token) => {
		expect(problemOf(token)).toBe('malformed');
	});

	it.each([
		['not JSON', 'hello'],
		['an array', '[]'],
		['no subject', JSON.stringify({ kind: 'session', exp: clock + 1000 })],
		['an unknown kind', JSON.stringify({ sub: 'u', kind: 'admin', exp: clock + 1000 })],
		['a text expiry', JSON.stringify({ sub: 'u', kind: 'session', exp: 'never' })],
		[
			'an extra claim',
			JSON.stringify({ sub: 'u', kind: 'session', exp: clock + 1000, admin: true })
		]
	])('calls genuinely signed but unreadable claims malformed: %s', (_what, text) => {
		expect(problemOf(forge(text))).toBe('malformed');
	});

	it('accepts a well-formed token signed with the secret (the forge helper is faithful)', () => {
		expect(problemOf(forge(JSON.stringify({ sub: 'u', kind: 'session', exp: clock + 1000 })))).toBe(
			'valid'
		);
	});

	it('refuses a secret shorter than 32 bytes', () => {
		expect(() => createTokenService({ secret: new Uint8Array(31) })).toThrow(RangeError);
	});
});
