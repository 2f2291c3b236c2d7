// POST /api/auth/session: the second half of signing in. The device signs the challenge
// (challenge.ts in the domain); a valid signature proves it holds the identity key, and a key
// never seen before is registered then and there under the display name it brings. There is no
// password and no account recovery by the server: the recovery code on the device is all.
import type { IncomingMessage } from 'node:http';
import * as v from 'valibot';
import { encodeBase64Url } from '../../src/lib/domain/identity/base64url';
import { verifyChallenge } from '../../src/lib/domain/identity/challenge';
import { userIdFromPublicKey } from '../../src/lib/domain/identity/derive-keys';
import { sendJson } from '../http/respond';
import { IdentityStoreError, type Identity } from '../identity/identity-store';
import { acceptDisplayName, keyInUse, nameTaken } from './accept-display-name';
import type { ApiContext, ApiHandler } from './api-context';
import { ApiError } from './api-error';
import { readJsonBody } from './read-json-body';
import { DisplayNameField, PublicKeyField, SignatureField } from './wire-schemas';

const SessionBody = v.object({
	publicKey: PublicKeyField,
	challenge: v.pipe(v.string('Expected the challenge as text.'), v.maxLength(64)),
	signature: SignatureField,
	origin: v.pipe(v.string('Expected the origin the app runs on.'), v.maxLength(256)),
	/** Needed only the first time this key signs in; ignored afterwards (rename with PUT /me). */
	displayName: v.optional(DisplayNameField)
});

export interface SessionResponse {
	userId: string;
	displayName: string;
	token: string;
	expiresAt: number;
}

export const postSession: ApiHandler = async ({ req, res, context }) => {
	const body = await readJsonBody(req, SessionBody, context.bodyLimitBytes);
	if (!acceptsOrigin(req, body.origin, context.allowedOrigins)) {
		throw new ApiError(401, 'wrong-origin', 'This sign-in was signed for another server.', {
			field: 'origin'
		});
	}
	const taken = context.challenges.take(body.challenge, encodeBase64Url(body.publicKey));
	if (!taken.ok) {
		throw new ApiError(
			401,
			taken.problem,
			taken.problem === 'challenge-expired'
				? 'The challenge has expired; ask for a new one.'
				: 'This challenge is unknown or already used; ask for a new one.'
		);
	}
	const signed = { origin: body.origin, challenge: body.challenge, publicKey: body.publicKey };
	if (!verifyChallenge(signed, body.signature)) {
		throw new ApiError(401, 'bad-signature', 'The signature does not match this key.');
	}
	const identity = await findOrRegister(context, body.publicKey, body.displayName);
	const { token, expiresAt } = context.tokens.issue({ sub: identity.userId, kind: 'session' });
	const response: SessionResponse = {
		userId: identity.userId,
		displayName: identity.displayName,
		token,
		expiresAt
	};
	sendJson(res, 200, response);
};

async function findOrRegister(
	context: ApiContext,
	publicKey: Uint8Array,
	rawName: string | undefined
): Promise<Identity> {
	const userId = userIdFromPublicKey(publicKey);
	const known = await context.identities.getIdentity(userId);
	if (known) return known;
	if (rawName === undefined) {
		throw new ApiError(
			400,
			'display-name-required',
			'This key is new here: choose a display name to go with it.',
			{ field: 'displayName' }
		);
	}
	const identity: Identity = {
		userId,
		publicKey,
		displayName: acceptDisplayName(rawName),
		createdAt: context.now()
	};
	try {
		await context.identities.createIdentity(identity);
		return identity;
	} catch (cause: unknown) {
		if (!(cause instanceof IdentityStoreError)) throw cause;
		if (cause.code === 'name-taken') throw nameTaken('here');
		if (cause.code !== 'already-registered') throw cause;
		// Two devices of one person registering at the same moment: the other one won. Otherwise
		// the key is someone's pseudonym key, which may not double as an identity key.
		const winner = await context.identities.getIdentity(userId);
		if (winner) return winner;
		throw keyInUse();
	}
}

/**
 * Whether the origin the device signed for is this server. Operators name their public origins
 * (allowedOrigins); without that list, the request's Host must match, which still stops a
 * replay through any proxy that routes by host name.
 */
function acceptsOrigin(
	req: IncomingMessage,
	origin: string,
	allowed: readonly string[] | undefined
): boolean {
	if (allowed) return allowed.includes(origin);
	let url: URL;
	try {
		url = new URL(origin);
	} catch {
		return false;
	}
	return (
		(url.protocol === 'http:' || url.protocol === 'https:') &&
		url.origin === origin &&
		url.host === req.headers.host?.toLowerCase()
	);
}
