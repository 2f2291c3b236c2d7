// GET /api/communities/:communityId/audit: the community's audit log, newest first, for its
// moderators and the server's administrators. Each entry says who acted (user id), what, on
// what, when, and why when a reason was given.
// POST /api/communities/:communityId/audit: hide, unhide and remove happen in the shared
// document (a mark, a real delete), so the moderator's client records each one it just made,
// with its reason, here; the server does not read the reason out of the document. The reason of
// a hide or removal also completes the author's notice of it, if that has none yet (see
// moderation/record-notices.ts for the other order of arrival).
import * as v from 'valibot';
import { sendJson } from '../http/respond';
import {
	DOCUMENT_AUDIT_ACTIONS,
	type AuditEntry,
	type DocumentAuditAction,
	type NoticeKind
} from '../moderation/moderation-store';
import { readJsonBody } from './read-json-body';
import type { ApiHandler } from './api-context';
import { authenticate } from './authenticate';
import { knownCommunity, requireModerator } from './moderation-access';

export const listAudit: ApiHandler = async ({ req, res, params, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const communityId = knownCommunity(context, params.communityId);
	await requireModerator(context, identity, communityId);
	const entries: AuditEntry[] = await context.moderation.listAudit(communityId);
	sendJson(res, 200, { entries });
};

/** The author's notice an action's reason completes; an unhide's notice needs none. */
const NOTICE_OF: Record<DocumentAuditAction, NoticeKind | null> = {
	hide: 'hidden',
	unhide: null,
	remove: 'removed'
};

const AuditBody = v.object({
	action: v.picklist(DOCUMENT_AUDIT_ACTIONS, 'Expected hide, unhide or remove.'),
	target: v.pipe(v.string('Expected the record id as text.'), v.minLength(1), v.maxLength(200)),
	reason: v.optional(v.pipe(v.string('Expected the reason as text.'), v.maxLength(1000)))
});

export const postAudit: ApiHandler = async ({ req, res, params, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const communityId = knownCommunity(context, params.communityId);
	await requireModerator(context, identity, communityId);
	const body = await readJsonBody(req, AuditBody, context.bodyLimitBytes);
	const entry: AuditEntry = {
		communityId,
		actorId: identity.userId,
		action: body.action,
		target: body.target,
		at: context.now(),
		...(body.reason === undefined ? {} : { reason: body.reason })
	};
	await context.moderation.appendAudit(entry);
	const noticeKind = NOTICE_OF[body.action];
	if (noticeKind !== null && body.reason !== undefined && body.reason.trim() !== '') {
		await context.moderation.fillNoticeReason(communityId, noticeKind, body.target, body.reason);
	}
	sendJson(res, 201, entry);
};
