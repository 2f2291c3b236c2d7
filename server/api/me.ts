// GET /api/me and PUT /api/me {displayName}: the signed-in person as the server knows them,
// their pseudonyms and roles included. Only the person themselves ever sees this link between
// their identity and their pseudonyms. `roles` lets the app show moderators their tools; the
// server still checks the role on every moderation request.
import * as v from 'valibot';
import { sendJson } from '../http/respond';
import { IdentityStoreError, type Identity } from '../identity/identity-store';
import { acceptDisplayName, nameTaken } from './accept-display-name';
import type { ApiContext, ApiHandler } from './api-context';
import { authenticate } from './authenticate';
import { isAdmin } from './moderation-access';
import { readJsonBody } from './read-json-body';
import { DisplayNameField } from './wire-schemas';

export interface MeResponse {
	userId: string;
	displayName: string;
	createdAt: number;
	pseudonyms: { pseudonymId: string; communityId: string; displayName: string }[];
	roles: {
		admin: boolean;
		/** The communities they moderate; an administrator moderates every one. */
		moderates: string[];
	};
}

const RenameBody = v.object({ displayName: DisplayNameField });

export const getMe: ApiHandler = async ({ req, res, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	sendJson(res, 200, await describe(context, identity));
};

export const putMe: ApiHandler = async ({ req, res, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const body = await readJsonBody(req, RenameBody, context.bodyLimitBytes);
	const displayName = acceptDisplayName(body.displayName);
	let renamed: Identity;
	try {
		renamed = await context.identities.renameIdentity(identity.userId, displayName);
	} catch (cause: unknown) {
		if (cause instanceof IdentityStoreError && cause.code === 'name-taken') throw nameTaken('here');
		throw cause;
	}
	sendJson(res, 200, await describe(context, renamed));
};

async function describe(context: ApiContext, identity: Identity): Promise<MeResponse> {
	const pseudonyms = await context.identities.pseudonymsOf(identity.userId);
	const admin = isAdmin(context, identity);
	const moderates = admin
		? context.communities.list().map((community) => community.id)
		: (await context.moderation.moderatedBy(identity.userId)).filter((id) =>
				context.communities.get(id)
			);
	return {
		userId: identity.userId,
		displayName: identity.displayName,
		createdAt: identity.createdAt,
		pseudonyms: pseudonyms.map(({ pseudonymId, communityId, displayName }) => ({
			pseudonymId,
			communityId,
			displayName
		})),
		roles: { admin, moderates }
	};
}
