// Reports, private to moderators:
//   POST /api/reports                              anyone signed in reports a thread, reply or person
//   GET  /api/communities/:communityId/reports     the open queue: risk of self-harm first, then
//                                                  second looks (notices.ts), then oldest
//   POST /api/reports/:reportId/resolve            a moderator closes a report with its outcome
// A person may make at most `reportsPerHour` reports in any hour, counted per identity (not per
// address), so one person cannot bury the queue; past it they get 429 too-many-reports.
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { sendJson } from '../http/respond';
import {
	MEMBER_REPORT_REASONS,
	ModerationStoreError,
	REPORT_OUTCOMES,
	REPORT_TARGET_KINDS,
	type Report
} from '../moderation/moderation-store';
import type { ApiHandler } from './api-context';
import { ApiError } from './api-error';
import { authenticate } from './authenticate';
import { knownCommunity, requireModerator } from './moderation-access';
import { readJsonBody } from './read-json-body';

export const DEFAULT_REPORTS_PER_HOUR = 10;
const HOUR_MS = 60 * 60 * 1000;

/** A month document's part of a room name, as `GET …/parts` lists them. */
const MONTH_PART = /^\d{4}-(0[1-9]|1[0-2])$/;

const ReportBody = v.object({
	communityId: v.string('Expected the community id as text.'),
	target: v.object({
		kind: v.picklist(REPORT_TARGET_KINDS, 'Expected thread, reply or person.'),
		id: v.pipe(v.string('Expected the id as text.'), v.minLength(1), v.maxLength(200)),
		part: v.optional(
			v.pipe(v.string('Expected the month as text.'), v.regex(MONTH_PART, 'Expected yyyy-mm.'))
		),
		thread: v.optional(
			v.pipe(v.string('Expected the thread id as text.'), v.minLength(1), v.maxLength(200))
		)
	}),
	// `second-look` is not among them: it is asked for through a notice (notices.ts).
	reason: v.picklist(
		MEMBER_REPORT_REASONS,
		'Expected harassment, self-harm-risk, misinformation, spam or other.'
	),
	note: v.optional(v.pipe(v.string('Expected the note as text.'), v.maxLength(1000)))
});

const ResolveBody = v.object({
	outcome: v.picklist(REPORT_OUTCOMES, 'Expected no-action, hidden, removed, warned or muted.'),
	note: v.optional(v.pipe(v.string('Expected the note as text.'), v.maxLength(1000)))
});

/** A report as moderators see it on the wire. */
export type ReportResponse = Report;

export const postReport: ApiHandler = async ({ req, res, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const body = await readJsonBody(req, ReportBody, context.bodyLimitBytes);
	const communityId = knownCommunity(context, body.communityId);
	const now = context.now();
	const recent = await context.moderation.countReportsSince(identity.userId, now - HOUR_MS);
	if (recent >= context.reportsPerHour) {
		throw new ApiError(
			429,
			'too-many-reports',
			`At most ${context.reportsPerHour} reports an hour; moderators have the earlier ones.`,
			{ headers: { 'Retry-After': '3600' } }
		);
	}
	const report: Report = {
		reportId: randomUUID(),
		communityId,
		reporterId: identity.userId,
		target: {
			kind: body.target.kind,
			id: body.target.id,
			...(body.target.part === undefined ? {} : { part: body.target.part }),
			...(body.target.thread === undefined ? {} : { thread: body.target.thread })
		},
		reason: body.reason,
		createdAt: now,
		...(body.note === undefined ? {} : { note: body.note })
	};
	await context.moderation.createReport(report);
	// The reporter learns only that it arrived: the queue is the moderators'.
	sendJson(res, 201, { reportId: report.reportId, createdAt: report.createdAt });
};

export const listReports: ApiHandler = async ({ req, res, params, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const communityId = knownCommunity(context, params.communityId);
	await requireModerator(context, identity, communityId);
	const reports: ReportResponse[] = await context.moderation.listOpenReports(communityId);
	sendJson(res, 200, { reports });
};

export const resolveReport: ApiHandler = async ({ req, res, params, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const reportId = params.reportId ?? '';
	const found = await context.moderation.getReport(reportId);
	if (!found) throw new ApiError(404, 'unknown-report', 'There is no such report.');
	await requireModerator(context, identity, found.communityId);
	const body = await readJsonBody(req, ResolveBody, context.bodyLimitBytes);
	const at = context.now();
	let report: Report;
	try {
		report = await context.moderation.resolveReport(reportId, {
			outcome: body.outcome,
			by: identity.userId,
			at
		});
	} catch (cause: unknown) {
		if (cause instanceof ModerationStoreError && cause.code === 'already-resolved') {
			throw new ApiError(409, 'already-resolved', 'This report is already resolved.');
		}
		throw cause;
	}
	await context.moderation.appendAudit({
		communityId: report.communityId,
		actorId: identity.userId,
		action: 'resolve-report',
		target: `${report.reportId}:${body.outcome}`,
		at,
		...(body.note === undefined ? {} : { reason: body.note })
	});
	const response: ReportResponse = report;
	sendJson(res, 200, response);
};
