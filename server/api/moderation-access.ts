// Who may do what in moderation: administrators are the operator's list (HEARTH_ADMINS) and may
// appoint moderators anywhere; moderators are appointed per community. Either may read a
// community's report queue and audit log; members may not, and get 403.
import type { Identity } from '../identity/identity-store';
import type { ApiContext } from './api-context';
import { ApiError } from './api-error';

export function isAdmin(context: ApiContext, identity: Identity): boolean {
	return context.admins.has(identity.userId);
}

export function requireAdmin(context: ApiContext, identity: Identity): void {
	if (!isAdmin(context, identity)) {
		throw new ApiError(403, 'forbidden', 'Only a server administrator may do this.');
	}
}

export async function requireModerator(
	context: ApiContext,
	identity: Identity,
	communityId: string
): Promise<void> {
	if (isAdmin(context, identity)) return;
	if (await context.moderation.isModerator(identity.userId, communityId)) return;
	throw new ApiError(403, 'forbidden', 'Only this community’s moderators may do this.');
}

/** The community named in the path, or 404 unknown-community. */
export function knownCommunity(context: ApiContext, communityId: string | undefined): string {
	const id = communityId ?? '';
	if (!context.communities.get(id)) {
		throw new ApiError(404, 'unknown-community', 'There is no such community here.');
	}
	return id;
}
