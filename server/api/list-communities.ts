// GET /api/communities → {communities: [{id, name, description, guidelines, guidelinesVersion}]}:
// the operator's list. Public, so the app can show it before a person has chosen a name.
import { sendJson } from '../http/respond';
import type { ApiHandler } from './api-context';
import type { Community } from './communities';
import { guidelinesVersion } from './guidelines-version';

export interface CommunitiesResponse {
	communities: (Community & { guidelinesVersion: string })[];
}

export const listCommunities: ApiHandler = async ({ res, context }) => {
	const response: CommunitiesResponse = {
		communities: context.communities
			.list()
			.map((community) => ({ ...community, guidelinesVersion: guidelinesVersion(community) }))
	};
	sendJson(res, 200, response);
};
