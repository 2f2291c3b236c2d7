// POST /api/sync-token {room} → {token, expiresAt, write, readOnly?, mutedUntil?}: a short-lived
// ticket to open one room on the sync endpoint (`/sync/<room>?token=…`), for rooms the signed-in
// person may read. The token also names the author id they write as there: their own id in their
// journal; in a community, their pseudonym, but only once they may post there: they have a
// pseudonym, accepted the guidelines as they read now, and are not muted. Otherwise the token is
// read only, and `readOnly` says why (the first that applies, in that order), so the app can say
// so and offer the way back (choose a name, read and accept the guidelines, wait).
import * as v from 'valibot';
import { sendJson } from '../http/respond';
import type { Identity } from '../identity/identity-store';
import type { ApiContext, ApiHandler } from './api-context';
import { ApiError } from './api-error';
import { authenticate } from './authenticate';
import { guidelinesVersion } from './guidelines-version';
import { readJsonBody } from './read-json-body';
import { parseRoom } from './room-access';

const SyncTokenBody = v.object({
	room: v.pipe(v.string('Expected the room name.'), v.maxLength(256))
});

export type ReadOnlyReason = 'no-pseudonym' | 'guidelines' | 'muted';

export interface SyncTokenResponse {
	token: string;
	expiresAt: number;
	/** Whether the token lets its holder write in the room. */
	write: boolean;
	/** Why a community room's token is read only. */
	readOnly?: ReadOnlyReason;
	/** With `readOnly: "muted"`: when the mute ends. */
	mutedUntil?: number;
}

type Writer = { author: string } | { readOnly: ReadOnlyReason; mutedUntil?: number };

export const postSyncToken: ApiHandler = async ({ req, res, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const { room } = await readJsonBody(req, SyncTokenBody, context.bodyLimitBytes);
	const parsed = parseRoom(room, context.communities);
	if (!parsed) throw new ApiError(404, 'unknown-room', 'There is no such room here.');
	let writer: Writer;
	if (parsed.kind === 'journal') {
		if (parsed.ownerId !== identity.userId) {
			throw new ApiError(403, 'forbidden', 'Only its owner may open a journal.');
		}
		writer = { author: identity.userId };
	} else {
		writer = await communityWriter(context, identity, parsed.communityId);
	}
	const author = 'author' in writer ? writer.author : undefined;
	const issued = context.tokens.issue({
		sub: identity.userId,
		kind: 'sync',
		room,
		...(author === undefined ? {} : { author })
	});
	const response: SyncTokenResponse = {
		...issued,
		write: author !== undefined,
		...('readOnly' in writer ? writer : {})
	};
	sendJson(res, 200, response);
};

/** Who the person writes as in the community, or why they may only read there for now. */
async function communityWriter(
	context: ApiContext,
	identity: Identity,
	communityId: string
): Promise<Writer> {
	const pseudonym = await context.identities.pseudonymIn(identity.userId, communityId);
	if (!pseudonym) return { readOnly: 'no-pseudonym' };
	const community = context.communities.get(communityId);
	const accepted = await context.moderation.acceptedGuidelines(identity.userId, communityId);
	if (!community || accepted !== guidelinesVersion(community)) return { readOnly: 'guidelines' };
	const muted = await context.moderation.activeMute(identity.userId, communityId, context.now());
	if (muted) return { readOnly: 'muted', mutedUntil: muted.until };
	return { author: pseudonym.pseudonymId };
}
