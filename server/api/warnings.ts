// POST /api/communities/:communityId/warnings: a moderator warns a person, named by their
// pseudonym in the community, with a reason (kept in the audit log). The person reads it among
// their notices (notices.ts), without who gave it.
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { sendJson } from '../http/respond';
import type { Warning } from '../moderation/moderation-store';
import type { ApiHandler } from './api-context';
import { ApiError } from './api-error';
import { authenticate } from './authenticate';
import { knownCommunity, requireModerator } from './moderation-access';
import { readJsonBody } from './read-json-body';

const WarningBody = v.object({
	pseudonymId: v.pipe(v.string('Expected the pseudonym id as text.'), v.maxLength(64)),
	reason: v.pipe(
		v.string('Expected the reason as text.'),
		v.trim(),
		v.minLength(1),
		v.maxLength(1000)
	)
});

export const postWarning: ApiHandler = async ({ req, res, params, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const communityId = knownCommunity(context, params.communityId);
	await requireModerator(context, identity, communityId);
	const body = await readJsonBody(req, WarningBody, context.bodyLimitBytes);
	const pseudonym = await context.identities.getPseudonym(body.pseudonymId);
	if (!pseudonym || pseudonym.communityId !== communityId) {
		throw new ApiError(404, 'not-found', 'There is no such pseudonym in this community.');
	}
	const warning: Warning = {
		warningId: randomUUID(),
		communityId,
		userId: pseudonym.userId,
		pseudonymId: pseudonym.pseudonymId,
		reason: body.reason,
		by: identity.userId,
		at: context.now()
	};
	await context.moderation.addWarning(warning);
	await context.moderation.appendAudit({
		communityId,
		actorId: identity.userId,
		action: 'warn',
		target: pseudonym.userId,
		reason: body.reason,
		at: warning.at
	});
	sendJson(res, 201, { warningId: warning.warningId, at: warning.at });
};
