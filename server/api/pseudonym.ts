// POST /api/communities/:communityId/pseudonym: registers the signed-in person's pseudonym in a
// community (pseudonym-binding.ts in the domain says what is signed, and why by both keys).
// Asking again with the same key is how a restored device confirms its pseudonym; a different
// name then renames it. 201 when made, 200 when it existed.
import * as v from 'valibot';
import { pseudonymIdFromPublicKey } from '../../src/lib/domain/identity/derive-keys';
import { verifyPseudonymBinding } from '../../src/lib/domain/identity/pseudonym-binding';
import { sendJson } from '../http/respond';
import { IdentityStoreError, type Pseudonym } from '../identity/identity-store';
import { acceptDisplayName, keyInUse, nameTaken } from './accept-display-name';
import type { ApiContext, ApiHandler } from './api-context';
import { ApiError } from './api-error';
import { authenticate } from './authenticate';
import { readJsonBody } from './read-json-body';
import { DisplayNameField, PublicKeyField, SignatureField } from './wire-schemas';

const PseudonymBody = v.object({
	publicKey: PublicKeyField,
	signature: SignatureField,
	pseudonymSignature: SignatureField,
	displayName: DisplayNameField
});

export interface PseudonymResponse {
	pseudonymId: string;
	communityId: string;
	displayName: string;
}

export const postPseudonym: ApiHandler = async ({ req, res, params, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const communityId = params.communityId ?? '';
	if (!context.communities.get(communityId)) {
		throw new ApiError(404, 'unknown-community', 'There is no such community here.');
	}
	const body = await readJsonBody(req, PseudonymBody, context.bodyLimitBytes);
	const binding = {
		communityId,
		pseudonymPublicKey: body.publicKey,
		identityPublicKey: identity.publicKey
	};
	const signatures = { signature: body.signature, pseudonymSignature: body.pseudonymSignature };
	if (!verifyPseudonymBinding(binding, signatures)) {
		throw new ApiError(
			400,
			'bad-signature',
			'The signatures do not bind this pseudonym key to your identity in this community.'
		);
	}
	const displayName = acceptDisplayName(body.displayName);
	const candidate: Pseudonym = {
		pseudonymId: pseudonymIdFromPublicKey(body.publicKey),
		userId: identity.userId,
		communityId,
		publicKey: body.publicKey,
		displayName,
		createdAt: context.now()
	};
	const { pseudonym, created } = await register(context, candidate);
	const response: PseudonymResponse = {
		pseudonymId: pseudonym.pseudonymId,
		communityId: pseudonym.communityId,
		displayName: pseudonym.displayName
	};
	sendJson(res, created ? 201 : 200, response);
};

async function register(
	context: ApiContext,
	candidate: Pseudonym
): Promise<{ pseudonym: Pseudonym; created: boolean }> {
	const { identities } = context;
	try {
		const existing = await identities.pseudonymIn(candidate.userId, candidate.communityId);
		if (existing && existing.pseudonymId !== candidate.pseudonymId) {
			throw new ApiError(
				409,
				'pseudonym-exists',
				'You already have another pseudonym in this community.'
			);
		}
		if (existing) {
			const same = existing.displayName === candidate.displayName;
			const pseudonym = same
				? existing
				: await identities.renamePseudonym(existing.pseudonymId, candidate.displayName);
			return { pseudonym, created: false };
		}
		await identities.createPseudonym(candidate);
		return { pseudonym: candidate, created: true };
	} catch (cause: unknown) {
		if (!(cause instanceof IdentityStoreError)) throw cause;
		if (cause.code === 'name-taken') throw nameTaken('in this community');
		if (cause.code === 'already-registered') {
			throw keyInUse();
		}
		if (cause.code === 'pseudonym-exists') {
			throw new ApiError(
				409,
				'pseudonym-exists',
				'You already have a pseudonym in this community.'
			);
		}
		throw cause;
	}
}
