// POST /api/communities/:communityId/mutes and DELETE …/mutes/:userId: a moderator mutes a
// person in a community for a while, or lifts it early. While muted, their sync tokens for the
// community's rooms are read-only and the server refuses their writes there; at the moment of
// muting, their open connections in those rooms are closed (4403), so their client comes back
// read-only. Both are kept in the audit log, and the person is told of the mute (a `muted`
// notice with its end and reason) when they have a pseudonym in the community.
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { sendJson } from '../http/respond';
import type { Mute } from '../moderation/moderation-store';
import type { ApiHandler } from './api-context';
import { ApiError } from './api-error';
import { authenticate } from './authenticate';
import { knownCommunity, requireModerator } from './moderation-access';
import { readJsonBody } from './read-json-body';

/** A mute longer than a year is a ban by another name; that is the administrators' call. */
const MAX_MUTE_MS = 365 * 24 * 60 * 60 * 1000;

const MuteBody = v.object({
	pseudonymId: v.optional(v.pipe(v.string('Expected the pseudonym id as text.'), v.maxLength(64))),
	userId: v.optional(v.pipe(v.string('Expected the user id as text.'), v.maxLength(64))),
	until: v.pipe(v.number('Expected the end as milliseconds since the epoch.'), v.integer()),
	reason: v.pipe(
		v.string('Expected the reason as text.'),
		v.trim(),
		v.minLength(1),
		v.maxLength(1000)
	)
});

export const postMute: ApiHandler = async ({ req, res, params, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const communityId = knownCommunity(context, params.communityId);
	await requireModerator(context, identity, communityId);
	const body = await readJsonBody(req, MuteBody, context.bodyLimitBytes);
	const at = context.now();
	if (body.until <= at || body.until > at + MAX_MUTE_MS) {
		throw new ApiError(400, 'invalid-body', 'until: Expected a time in the coming year.', {
			field: 'until'
		});
	}
	const { userId, pseudonymId } = await mutedPerson(context, communityId, body);
	const mute: Mute = {
		communityId,
		userId,
		until: body.until,
		reason: body.reason,
		by: identity.userId,
		at
	};
	await context.moderation.setMute(mute);
	await context.moderation.appendAudit({
		communityId,
		actorId: identity.userId,
		action: 'mute',
		target: userId,
		reason: body.reason,
		at
	});
	if (pseudonymId !== undefined) {
		await context.moderation.addNotice({
			noticeId: randomUUID(),
			userId,
			communityId,
			pseudonymId,
			kind: 'muted',
			reason: body.reason,
			at,
			until: body.until
		});
	}
	await context.closeConnectionsIn(userId, communityId);
	sendJson(res, 201, mute);
};

export const deleteMute: ApiHandler = async ({ req, res, params, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const communityId = knownCommunity(context, params.communityId);
	await requireModerator(context, identity, communityId);
	const userId = params.userId ?? '';
	if (await context.moderation.liftMute(userId, communityId)) {
		await context.moderation.appendAudit({
			communityId,
			actorId: identity.userId,
			action: 'unmute',
			target: userId,
			at: context.now()
		});
	}
	res.writeHead(204).end();
};

/** The person to mute, and their pseudonym in the community when they have one. */
async function mutedPerson(
	context: Parameters<ApiHandler>[0]['context'],
	communityId: string,
	body: { pseudonymId?: string; userId?: string }
): Promise<{ userId: string; pseudonymId?: string }> {
	if (body.pseudonymId !== undefined) {
		const pseudonym = await context.identities.getPseudonym(body.pseudonymId);
		if (!pseudonym || pseudonym.communityId !== communityId) {
			throw new ApiError(404, 'not-found', 'There is no such pseudonym in this community.');
		}
		return { userId: pseudonym.userId, pseudonymId: pseudonym.pseudonymId };
	}
	if (body.userId !== undefined) {
		if (!(await context.identities.getIdentity(body.userId))) {
			throw new ApiError(404, 'not-found', 'There is no such person on this server.');
		}
		const pseudonym = await context.identities.pseudonymIn(body.userId, communityId);
		return { userId: body.userId, pseudonymId: pseudonym?.pseudonymId };
	}
	throw new ApiError(400, 'invalid-body', 'pseudonymId: Name the person to mute.', {
		field: 'pseudonymId'
	});
}
