// PUT and DELETE /api/communities/:communityId/moderators/:userId: a server administrator
// appoints or removes a community's moderator. Both are idempotent (204), and each change is kept
// in the community's audit log. The sync gate asks the same store, so a change counts at once for
// marks and removals sent afterwards; a removed moderator's open connections there are closed.
import type { ApiHandler } from './api-context';
import { ApiError } from './api-error';
import { authenticate } from './authenticate';
import { knownCommunity, requireAdmin } from './moderation-access';

export const putModerator: ApiHandler = async ({ req, res, params, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	requireAdmin(context, identity);
	const communityId = knownCommunity(context, params.communityId);
	const userId = params.userId ?? '';
	if (!(await context.identities.getIdentity(userId))) {
		throw new ApiError(404, 'not-found', 'There is no such person on this server.');
	}
	if (!(await context.moderation.isModerator(userId, communityId))) {
		await context.moderation.appointModerator(userId, communityId);
		await context.moderation.appendAudit({
			communityId,
			actorId: identity.userId,
			action: 'appoint-moderator',
			target: userId,
			at: context.now()
		});
	}
	res.writeHead(204).end();
};

export const deleteModerator: ApiHandler = async ({ req, res, params, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	requireAdmin(context, identity);
	const communityId = knownCommunity(context, params.communityId);
	const userId = params.userId ?? '';
	if (await context.moderation.removeModerator(userId, communityId)) {
		await context.moderation.appendAudit({
			communityId,
			actorId: identity.userId,
			action: 'remove-moderator',
			target: userId,
			at: context.now()
		});
		// Their open connections reconnect as a member's, so nothing lingers from the role.
		await context.closeConnectionsIn(userId, communityId);
	}
	res.writeHead(204).end();
};
