// GET /api/me/notices: what the signed-in person is told about moderators' actions on them and
// their posts, in every community, newest first: warnings, posts hidden, unhidden and removed,
// mutes. Who acted is never said; the app chooses the kind words, the API carries the facts.
// POST /api/me/notices/:noticeId/second-look {note?}: the person asks the community's
// moderators to look again at a warning, hide, removal or mute. It lands in their report queue
// as a `second-look` report (after risk-of-harm reports, before the rest), once per notice, and
// does not count toward the hourly report limit: asking about oneself is not flooding.
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { sendJson } from '../http/respond';
import {
	ModerationStoreError,
	type Notice,
	type NoticeTarget,
	type Report
} from '../moderation/moderation-store';
import type { ApiHandler } from './api-context';
import { ApiError } from './api-error';
import { authenticate } from './authenticate';
import { readJsonBody } from './read-json-body';

/** A notice as its person reads it. */
export interface NoticeResponse {
	kind: Notice['kind'];
	noticeId: string;
	communityId: string;
	pseudonymId: string;
	reason: string | null;
	at: number;
	target?: NoticeTarget;
	excerpt?: string;
	until?: number;
	secondLook?: { requestedAt: number };
}

const SecondLookBody = v.object({
	note: v.optional(v.pipe(v.string('Expected the note as text.'), v.maxLength(1000)))
});

export const listNotices: ApiHandler = async ({ req, res, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const notices = await context.moderation.noticesFor(identity.userId);
	sendJson(res, 200, { notices: notices.map(toResponse) });
};

export const postSecondLook: ApiHandler = async ({ req, res, params, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const body = await readJsonBody(req, SecondLookBody, context.bodyLimitBytes);
	const noticeId = params.noticeId ?? '';
	const notice = await context.moderation.noticeFor(identity.userId, noticeId);
	if (!notice) throw unknownNotice();
	if (notice.kind === 'unhidden') {
		throw new ApiError(409, 'nothing-to-review', 'This post is visible again; nothing to review.');
	}
	if (notice.secondLook) throw alreadyAsked();
	const report: Report = {
		reportId: randomUUID(),
		communityId: notice.communityId,
		reporterId: identity.userId,
		target: notice.target ?? { kind: 'person', id: notice.pseudonymId },
		reason: 'second-look',
		createdAt: context.now(),
		notice: { noticeId: notice.noticeId, kind: notice.kind, reason: notice.reason },
		...(notice.excerpt === undefined ? {} : { excerpt: notice.excerpt }),
		...(body.note === undefined ? {} : { note: body.note })
	};
	try {
		await context.moderation.requestSecondLook(identity.userId, noticeId, report);
	} catch (cause: unknown) {
		if (cause instanceof ModerationStoreError && cause.code === 'already-asked') {
			throw alreadyAsked();
		}
		if (cause instanceof ModerationStoreError && cause.code === 'unknown-notice') {
			throw unknownNotice();
		}
		throw cause;
	}
	sendJson(res, 201, { reportId: report.reportId, createdAt: report.createdAt });
};

function toResponse(notice: Notice): NoticeResponse {
	const { userId: _private, secondLook, ...shown } = notice;
	return secondLook ? { ...shown, secondLook: { requestedAt: secondLook.requestedAt } } : shown;
}

function unknownNotice(): ApiError {
	return new ApiError(404, 'unknown-notice', 'You have no notice with this id.');
}

function alreadyAsked(): ApiError {
	return new ApiError(409, 'already-asked', 'The moderators were asked to look again already.');
}
