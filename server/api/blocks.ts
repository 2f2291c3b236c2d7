// GET and PUT /api/communities/:communityId/blocks: the server's copy of a person's block list
// for their pseudonym in a community. The list itself is theirs and private (the app hides
// blocked people's posts on the device); the server keeps it only to refuse a blocked person's
// new replies and reactions to their posts (update-gate.ts, `blocked`). PUT replaces the whole
// list, so the app sends what it holds and never has to merge.
import type { IncomingMessage } from 'node:http';
import * as v from 'valibot';
import { isId } from '../../src/lib/domain/ids';
import { sendJson } from '../http/respond';
import type { ApiContext, ApiHandler } from './api-context';
import { ApiError } from './api-error';
import { authenticate } from './authenticate';
import { knownCommunity } from './moderation-access';
import { readJsonBody } from './read-json-body';

/** More than anyone blocks by hand; a bound on what one request may store. */
export const MAX_BLOCKED = 1000;
/** A full list is about 29 KiB of JSON, more than the API's usual body limit. */
export const BLOCKS_BODY_LIMIT_BYTES = 48 * 1024;

const BlocksBody = v.object({
	blocked: v.pipe(
		v.array(
			v.pipe(
				v.string('Expected pseudonym ids as text.'),
				v.check(isId, 'Expected a pseudonym id (26 base32 characters).')
			),
			'Expected a list of pseudonym ids.'
		),
		v.check(
			(ids) => new Set(ids).size <= MAX_BLOCKED,
			`At most ${MAX_BLOCKED} people can be blocked in one community.`
		)
	)
});

export interface BlocksResponse {
	blocked: string[];
}

export const getBlocks: ApiHandler = async ({ req, res, params, context }) => {
	const { communityId, pseudonymId } = await callersPseudonym(context, req, params.communityId);
	const response: BlocksResponse = {
		blocked: await context.moderation.blocksOf(communityId, pseudonymId)
	};
	sendJson(res, 200, response);
};

export const putBlocks: ApiHandler = async ({ req, res, params, context }) => {
	const { communityId, pseudonymId } = await callersPseudonym(context, req, params.communityId);
	const limit = Math.max(context.bodyLimitBytes, BLOCKS_BODY_LIMIT_BYTES);
	const body = await readJsonBody(req, BlocksBody, limit);
	await context.moderation.setBlocks(communityId, pseudonymId, [...new Set(body.blocked)]);
	res.writeHead(204).end();
};

async function callersPseudonym(
	context: ApiContext,
	req: IncomingMessage,
	communityIdParam: string | undefined
): Promise<{ communityId: string; pseudonymId: string }> {
	const identity = await authenticate(req, context.tokens, context.identities);
	const communityId = knownCommunity(context, communityIdParam);
	const pseudonym = await context.identities.pseudonymIn(identity.userId, communityId);
	if (!pseudonym) {
		throw new ApiError(
			409,
			'no-pseudonym',
			'Choose a name in this community first; a block list belongs to it.'
		);
	}
	return { communityId, pseudonymId: pseudonym.pseudonymId };
}
