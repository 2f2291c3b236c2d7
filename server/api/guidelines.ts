// PUT /api/communities/:communityId/guidelines {version}: the signed-in person accepts the
// community's guidelines as they read now. Writing there needs it (sync-token.ts): guidelines are
// shown and accepted before a first post, and again once the operator changes them. An
// acceptance of any other version is refused with the current one, so the app can show the new
// text and ask again.
import * as v from 'valibot';
import type { ApiHandler } from './api-context';
import { ApiError } from './api-error';
import { authenticate } from './authenticate';
import { guidelinesVersion } from './guidelines-version';
import { knownCommunity } from './moderation-access';
import { readJsonBody } from './read-json-body';

const AcceptBody = v.object({
	version: v.pipe(v.string('Expected the guidelines version as text.'), v.maxLength(64))
});

export const putGuidelines: ApiHandler = async ({ req, res, params, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const communityId = knownCommunity(context, params.communityId);
	const body = await readJsonBody(req, AcceptBody, context.bodyLimitBytes);
	const community = context.communities.get(communityId);
	const current = community ? guidelinesVersion(community) : '';
	if (body.version !== current) {
		throw new ApiError(
			409,
			'guidelines-changed',
			'The guidelines have changed since this version; read them again, then accept.',
			{ details: { guidelinesVersion: current } }
		);
	}
	await context.moderation.acceptGuidelines({
		userId: identity.userId,
		communityId,
		version: current,
		at: context.now()
	});
	res.writeHead(204).end();
};
