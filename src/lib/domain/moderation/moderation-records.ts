/**
 * What the moderation API sends (docs/PROTOCOL.md, "Moderation"), as checked domain values: the
 * person's roles, a community's open reports, its audit log, and the notices a person gets about
 * their own posts. Pure data and parsers, shared by the API client and the device cache, so what
 * comes back from the disk is checked exactly like what comes from the network.
 *
 * Parsing is forgiving in one way only: unknown fields are ignored and a malformed entry in a list
 * is left out, because the API may grow; a malformed list itself is a failure.
 */
import {
	REFUSED,
	boolean,
	check,
	list,
	nullable,
	number,
	object,
	oneOf,
	optional,
	orNull,
	string,
	type Reader
} from '../plain-reader';

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

const TARGET_KINDS = ['thread', 'reply', 'person'] as const;
const POST_KINDS = ['thread', 'reply'] as const;

export interface Roles {
	admin: boolean;
	moderates: string[];
}

export const NO_ROLES: Roles = Object.freeze({ admin: false, moderates: [] });

export interface Report {
	reportId: string;
	communityId: string;
	target: {
		kind: (typeof TARGET_KINDS)[number];
		id: string;
		/** The month document (`yyyy-mm`) holding the post, when the reporter's device knew it. */
		part?: string;
		/** For a reply: the thread it belongs to. */
		thread?: string;
	};
	reason: ReportReason;
	note?: string;
	createdAt: number;
}

export interface AuditEntry {
	communityId: string;
	actorId: string;
	action: string;
	target: string;
	reason?: string;
	at: number;
}

export interface Notice {
	kind: NoticeKind;
	noticeId: string;
	communityId: string;
	pseudonymId: string;
	reason: string | null;
	at: number;
	target?: { kind: (typeof POST_KINDS)[number]; id: string };
	excerpt?: string;
	until?: number;
	secondLook?: { requestedAt: number };
}

type Fields = Record<string, unknown>;

/** Thrown by the readers below: the value is not what the protocol promises. */
export class MalformedAnswerError extends Error {
	override name = 'MalformedAnswerError';
	constructor(detail: string) {
		super(`Malformed moderation data: ${detail}`);
	}
}

/*
 * Checked with the app's own small readers rather than a schema library, which every page that
 * shows notices or the moderation queue would otherwise load for these few shapes.
 */

/** Ids are opaque, but never empty and never huge. */
const id = check(string, (value) => value.length >= 1 && value.length <= 200);
const time = check(number, Number.isFinite);
/** A moderator's reason, a note or an excerpt. */
const text = check(string, (value) => value.length <= 2000);
const month = check(string, (value) => /^\d{4}-\d{2}$/.test(value));

const readRolesField = object({ roles: object({ admin: boolean, moderates: list(id) }) });

const readReport: Reader<Report> = object({
	reportId: id,
	communityId: id,
	target: object({
		kind: oneOf(TARGET_KINDS),
		id,
		part: optional(month),
		thread: optional(id)
	}),
	reason: oneOf(REPORT_REASONS),
	note: optional(text),
	createdAt: time
});

const readAuditEntry: Reader<AuditEntry> = object({
	communityId: id,
	actorId: id,
	action: string,
	target: string,
	reason: optional(text),
	at: time
});

const readNotice: Reader<Notice> = object({
	kind: oneOf(NOTICE_KINDS),
	noticeId: id,
	communityId: id,
	pseudonymId: id,
	reason: nullable(text),
	at: time,
	target: optional(object({ kind: oneOf(POST_KINDS), id })),
	excerpt: optional(text),
	until: optional(time),
	secondLook: optional(object({ requestedAt: time }))
});

/** The well-formed entries of the list `body[name]`; a malformed entry is left out. */
function listOf<T>(read: Reader<T>, body: unknown, name: string): T[] {
	const entries = typeof body === 'object' && body !== null ? (body as Fields)[name] : undefined;
	if (!Array.isArray(entries)) throw new MalformedAnswerError(`"${name}" is not a list`);
	return [...(entries as unknown[])].flatMap((entry) => {
		const parsed = read(entry);
		return parsed === REFUSED ? [] : [parsed];
	});
}

/** `GET /api/me`'s `roles`; an answer without them (an older server) means no roles. */
export function readRoles(body: unknown): Roles {
	return orNull(readRolesField(body))?.roles ?? NO_ROLES;
}

export function readReports(body: unknown): Report[] {
	return listOf(readReport, body, 'reports');
}

export function readAuditEntries(body: unknown): AuditEntry[] {
	return listOf(readAuditEntry, body, 'entries');
}

export function readNotices(body: unknown): Notice[] {
	return listOf(readNotice, body, 'notices');
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
