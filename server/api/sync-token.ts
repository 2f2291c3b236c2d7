// POST /api/sync-token {room} → {token, expiresAt}: a short-lived ticket to open one room on the
// sync endpoint (`/sync/<room>?token=…`), for rooms the signed-in person may read. The token
// also names the author id they write as there: their own id in their journal, their pseudonym
// in a community, or none (read only) before they have chosen a pseudonym there, or while they
// are muted there.
import * as v from 'valibot';
import { sendJson } from '../http/respond';
import type { ApiHandler } from './api-context';
import { ApiError } from './api-error';
import { authenticate } from './authenticate';
import { readJsonBody } from './read-json-body';
import { parseRoom } from './room-access';

const SyncTokenBody = v.object({
	room: v.pipe(v.string('Expected the room name.'), v.maxLength(256))
});

export interface SyncTokenResponse {
	token: string;
	expiresAt: number;
}

export const postSyncToken: ApiHandler = async ({ req, res, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const { room } = await readJsonBody(req, SyncTokenBody, context.bodyLimitBytes);
	const parsed = parseRoom(room, context.communities);
	if (!parsed) throw new ApiError(404, 'unknown-room', 'There is no such room here.');
	let author: string | undefined;
	if (parsed.kind === 'journal') {
		if (parsed.ownerId !== identity.userId) {
			throw new ApiError(403, 'forbidden', 'Only its owner may open a journal.');
		}
		author = identity.userId;
	} else {
		author = (await context.identities.pseudonymIn(identity.userId, parsed.communityId))
			?.pseudonymId;
		// A muted person may still read, so the token names no author: it is read only.
		const muted = await context.moderation.activeMute(
			identity.userId,
			parsed.communityId,
			context.now()
		);
		if (muted) author = undefined;
	}
	const issued: SyncTokenResponse = context.tokens.issue({
		sub: identity.userId,
		kind: 'sync',
		room,
		...(author === undefined ? {} : { author })
	});
	sendJson(res, 200, issued);
};
