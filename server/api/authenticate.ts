// Who is asking: the session token in `Authorization: Bearer <token>`, checked and turned into
// the person's identity. Any failure is a 401 the app answers by signing in again silently;
// `token-expired` is told apart so it can do that without first showing an error.
import type { IncomingMessage } from 'node:http';
import type { Identity, IdentityStore } from '../identity/identity-store';
import { TokenError, type TokenService } from '../identity/tokens';
import { ApiError } from './api-error';

const CHALLENGE_HEADER = { 'WWW-Authenticate': 'Bearer realm="hearth"' };

export async function authenticate(
	req: IncomingMessage,
	tokens: TokenService,
	identities: IdentityStore
): Promise<Identity> {
	const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
	if (!match?.[1]) throw unauthorized('Sign in first: send Authorization: Bearer <session token>.');
	let userId: string;
	let issuedAt: number;
	try {
		({ sub: userId, iat: issuedAt } = tokens.verify(match[1], 'session'));
	} catch (cause: unknown) {
		if (cause instanceof TokenError && cause.code === 'expired') {
			throw new ApiError(401, 'token-expired', 'The session has expired; sign in again.', {
				headers: CHALLENGE_HEADER
			});
		}
		if (cause instanceof TokenError) throw unauthorized('This session token is not valid.');
		throw cause;
	}
	const identity = await identities.getIdentity(userId);
	// Older than the identity: issued to one since deleted, whose key registered again.
	if (!identity || issuedAt < identity.createdAt) {
		throw unauthorized('This identity no longer exists on this server.');
	}
	return identity;
}

function unauthorized(message: string): ApiError {
	return new ApiError(401, 'unauthorized', message, { headers: CHALLENGE_HEADER });
}
