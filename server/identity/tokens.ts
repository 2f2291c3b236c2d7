/**
 * Compact signed tokens: `<payload>.<mac>`, both base64url, where payload is the JSON claims and
 * mac is HMAC-SHA256 under the server's secret (token-secret.ts) over "hearth-token-v1\n" and the
 * payload text. Stateless, so no table to keep; the price is that a token lives until it
 * expires, which is why lifetimes are short:
 * - session (24 h): the app renews it by signing a fresh challenge, without asking the person;
 * - sync (5 min, one room): it travels in a WebSocket URL (`?token=`), where proxies may log it.
 * Deleting the secret file ends every token at once; clients just sign in again.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as v from 'valibot';

export type TokenKind = 'session' | 'sync';

export interface TokenClaims {
	/** The user id. */
	sub: string;
	kind: TokenKind;
	/** Sync tokens: the one room they open. */
	room?: string;
	/** Sync tokens: the author id the person writes as in that room, if they may write. */
	author?: string;
	/** Expiry, milliseconds since the epoch. */
	exp: number;
	/**
	 * When it was issued, milliseconds since the epoch: a token older than its identity (one
	 * deleted and registered again with the same key) opens nothing. Tokens issued before this
	 * claim existed read as issued one lifetime before their expiry.
	 */
	iat: number;
}

export interface IssuedToken {
	token: string;
	expiresAt: number;
}

export type TokenProblem = 'malformed' | 'bad-signature' | 'expired' | 'wrong-kind';

export class TokenError extends Error {
	override name = 'TokenError';
	constructor(
		readonly code: TokenProblem,
		message: string
	) {
		super(message);
	}
}

export interface TokenService {
	issue(claims: Omit<TokenClaims, 'exp' | 'iat'>): IssuedToken;
	/** The claims of a genuine, unexpired token of that kind; throws TokenError otherwise. */
	verify(token: string, kind: TokenKind): TokenClaims;
}

export const SESSION_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
export const SYNC_TOKEN_TTL_MS = 5 * 60 * 1000;
/** Far above any token we issue; refuses absurd input before any work is done on it. */
const MAX_TOKEN_LENGTH = 2048;
const MAC_CONTEXT = 'hearth-token-v1\n';
const TOKEN_SHAPE = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

const ClaimsSchema = v.strictObject({
	sub: v.pipe(v.string(), v.minLength(1)),
	kind: v.picklist(['session', 'sync']),
	room: v.optional(v.string()),
	author: v.optional(v.string()),
	exp: v.pipe(v.number(), v.safeInteger()),
	iat: v.optional(v.pipe(v.number(), v.safeInteger()))
});

export interface TokenServiceOptions {
	/** At least 32 bytes; see loadTokenSecret. */
	secret: Uint8Array;
	now?: () => number;
	sessionTtlMs?: number;
	syncTtlMs?: number;
}

export function createTokenService(options: TokenServiceOptions): TokenService {
	if (options.secret.length < 32) {
		throw new RangeError('The token secret must be at least 32 bytes.');
	}
	const secret = Uint8Array.from(options.secret);
	const now = options.now ?? Date.now;
	const ttl: Record<TokenKind, number> = {
		session: options.sessionTtlMs ?? SESSION_TOKEN_TTL_MS,
		sync: options.syncTtlMs ?? SYNC_TOKEN_TTL_MS
	};
	const mac = (payload: string) =>
		createHmac('sha256', secret).update(MAC_CONTEXT).update(payload).digest();

	return {
		issue(claims) {
			const iat = now();
			const full: TokenClaims = { ...claims, exp: iat + ttl[claims.kind], iat };
			const payload = Buffer.from(JSON.stringify(full), 'utf8').toString('base64url');
			return { token: `${payload}.${mac(payload).toString('base64url')}`, expiresAt: full.exp };
		},

		verify(token, kind) {
			const match = token.length <= MAX_TOKEN_LENGTH ? TOKEN_SHAPE.exec(token) : null;
			const [, payload = '', signature = ''] = match ?? [];
			if (!match) throw new TokenError('malformed', 'This is not a Hearth token.');
			// Compared as text: Node's base64url decoder ignores stray trailing bits, and one token
			// should have one spelling.
			const given = Buffer.from(signature, 'latin1');
			const expected = Buffer.from(mac(payload).toString('base64url'), 'latin1');
			if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
				throw new TokenError('bad-signature', 'This token was not issued by this server.');
			}
			const claims = v.safeParse(ClaimsSchema, parseJson(Buffer.from(payload, 'base64url')));
			if (!claims.success) throw new TokenError('malformed', 'This token’s claims are unreadable.');
			if (claims.output.exp <= now()) throw new TokenError('expired', 'This token has expired.');
			if (claims.output.kind !== kind) {
				throw new TokenError(
					'wrong-kind',
					`This is a ${claims.output.kind} token, not a ${kind} token.`
				);
			}
			const { iat, ...rest } = claims.output;
			return { ...rest, iat: iat ?? rest.exp - ttl[rest.kind] };
		}
	};
}

function parseJson(bytes: Buffer): unknown {
	try {
		return JSON.parse(bytes.toString('utf8'));
	} catch {
		return undefined;
	}
}
