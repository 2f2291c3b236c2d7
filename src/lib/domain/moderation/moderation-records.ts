/**
 * What the moderation API sends (docs/PROTOCOL.md, "Moderation"), as checked domain values: the
 * person's roles, a community's open reports, its audit log, and the notices a person gets about
 * their own posts. Pure data and parsers, shared by the API client and the device cache, so what
 * comes back from the disk is checked exactly like what comes from the network.
 *
 * Parsing is forgiving in one way only: unknown fields are ignored and a malformed entry in a list
 * is left out, because the API may grow; a malformed list itself is a failure.
 */
import * as v from 'valibot';

export const REPORT_REASONS = [
	'harassment',
	'self-harm-risk',
	'second-look',
	'misinformation',
	'spam',
	'other'
] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const REPORT_OUTCOMES = ['no-action', 'hidden', 'removed', 'warned', 'muted'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

export const NOTICE_KINDS = ['warning', 'hidden', 'unhidden', 'removed', 'muted'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

const ID = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const TIME = v.pipe(v.number(), v.finite());
const TEXT = v.pipe(v.string(), v.maxLength(2000));
const MONTH = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}$/));

const RolesSchema = v.object({
	admin: v.boolean(),
	moderates: v.array(ID)
});
export type Roles = v.InferOutput<typeof RolesSchema>;

export const NO_ROLES: Roles = Object.freeze({ admin: false, moderates: [] });

const ReportSchema = v.object({
	reportId: ID,
	communityId: ID,
	target: v.object({
		kind: v.picklist(['thread', 'reply', 'person']),
		id: ID,
		/** The month document (`yyyy-mm`) holding the post, when the reporter's device knew it. */
		part: v.optional(MONTH),
		/** For a reply: the thread it belongs to. */
		thread: v.optional(ID)
	}),
	reason: v.picklist(REPORT_REASONS),
	note: v.optional(TEXT),
	createdAt: TIME
});
export type Report = v.InferOutput<typeof ReportSchema>;

const AuditEntrySchema = v.object({
	communityId: ID,
	actorId: ID,
	action: v.string(),
	target: v.string(),
	reason: v.optional(TEXT),
	at: TIME
});
export type AuditEntry = v.InferOutput<typeof AuditEntrySchema>;

const NoticeSchema = v.object({
	kind: v.picklist(NOTICE_KINDS),
	noticeId: ID,
	communityId: ID,
	pseudonymId: ID,
	reason: v.nullable(TEXT),
	at: TIME,
	target: v.optional(v.object({ kind: v.picklist(['thread', 'reply']), id: ID })),
	excerpt: v.optional(TEXT),
	until: v.optional(TIME),
	secondLook: v.optional(v.object({ requestedAt: TIME }))
});
export type Notice = v.InferOutput<typeof NoticeSchema>;

/** Thrown by the readers below: the value is not what the protocol promises. */
export class MalformedAnswerError extends Error {
	override name = 'MalformedAnswerError';
	constructor(detail: string) {
		super(`Malformed moderation data: ${detail}`);
	}
}

function listOf<T>(schema: v.GenericSchema<unknown, T>, body: unknown, field: string): T[] {
	const list = v.safeParse(v.object({ [field]: v.array(v.unknown()) }), body);
	if (!list.success) throw new MalformedAnswerError(`"${field}" is not a list`);
	const items: unknown[] = list.output[field] ?? [];
	return items.flatMap((item) => {
		const parsed = v.safeParse(schema, item);
		return parsed.success ? [parsed.output] : [];
	});
}

/** `GET /api/me`'s `roles`; an answer without them (an older server) means no roles. */
export function readRoles(body: unknown): Roles {
	const parsed = v.safeParse(v.object({ roles: RolesSchema }), body);
	return parsed.success ? parsed.output.roles : NO_ROLES;
}

export function readReports(body: unknown): Report[] {
	return listOf(ReportSchema, body, 'reports');
}

export function readAuditEntries(body: unknown): AuditEntry[] {
	return listOf(AuditEntrySchema, body, 'entries');
}

export function readNotices(body: unknown): Notice[] {
	return listOf(NoticeSchema, body, 'notices');
}

/** Reports someone may be at risk of harming themselves: always at the top, always marked. */
export function isRiskReport(report: Report): boolean {
	return report.reason === 'self-harm-risk';
}

/** The thread a report's post lives in, for a link to it; null for a person. */
export function threadOfReport(report: Report): string | null {
	const { target } = report;
	if (target.kind === 'thread') return target.id;
	if (target.kind === 'reply') return target.thread ?? null;
	return null;
}

/** The reason moderators gave when they acted on `targetId` last (newest first in `entries`). */
export function lastActionReason(
	entries: readonly AuditEntry[],
	targetId: string
): { action: string; reason: string | null } | null {
	const entry = entries.find(
		(e) => e.target === targetId && ['hide', 'remove', 'unhide'].includes(e.action)
	);
	return entry ? { action: entry.action, reason: entry.reason ?? null } : null;
}
