// GET /api/communities → {communities: [{id, name, description, guidelines}]}: the operator's
// list. Public, so the app can show it before a person has chosen a name.
import { sendJson } from '../http/respond';
import type { ApiHandler } from './api-context';
import type { Community } from './communities';

export interface CommunitiesResponse {
	communities: readonly Community[];
}

export const listCommunities: ApiHandler = async ({ res, context }) => {
	const response: CommunitiesResponse = { communities: context.communities.list() };
	sendJson(res, 200, response);
};
