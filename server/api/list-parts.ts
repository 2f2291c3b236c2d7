// GET /api/communities/:communityId/parts → {parts: [{part, bytes, updatedAt}]}: the months of a
// community that hold something (rooms `community:<id>:<yyyy-mm>`), newest first, so the app can
// offer "show earlier months" without opening every room to find out.
//
// Public, like the list of communities: it names months and sizes, nothing anyone wrote and no
// one who wrote it, and the app may ask before it has a session (or while renewing one) without
// its "show earlier months" falling back to guessing.
import { isMonthPart } from '../../src/lib/domain/community/community-months';
import { sendJson } from '../http/respond';
import type { ApiHandler } from './api-context';
import { ApiError } from './api-error';

export interface CommunityPart {
	/** The month, `yyyy-mm` (UTC), as in the room name. */
	part: string;
	/** Bytes the server stores for it: a rough size of what opening it downloads. */
	bytes: number;
	/** When it last changed, in milliseconds since the epoch. */
	updatedAt: number;
}

export interface PartsResponse {
	parts: CommunityPart[];
}

export const listParts: ApiHandler = async ({ res, params, context }) => {
	const communityId = params.communityId ?? '';
	if (!context.communities.get(communityId)) {
		throw new ApiError(404, 'unknown-community', 'There is no such community here.');
	}
	const prefix = `community:${communityId}:`;
	const parts: CommunityPart[] = [];
	for (const { room, bytes, updatedAt } of await context.documents.listRooms(prefix)) {
		const part = room.slice(prefix.length);
		// Other parts (e.g. `recent`) are not months; "earlier months" has no place for them.
		if (isMonthPart(part)) parts.push({ part, bytes, updatedAt });
	}
	// Months sort as text; newest first.
	parts.sort((a, b) => (a.part < b.part ? 1 : a.part > b.part ? -1 : 0));
	const response: PartsResponse = { parts };
	sendJson(res, 200, response);
};
