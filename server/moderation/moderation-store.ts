// Where moderation lives on the server: who moderates which community, the reports people make,
// and the audit log of every moderator's and administrator's action. All of it is private, so it
// travels through the JSON API and never through a shared document (DESIGN.md).
//
// Implemented by sqlite-moderation-store.ts and its in-memory twin; both run
// moderation-store.contract.ts.

/** The reasons a member picks when reporting (POST /api/reports). */
export const MEMBER_REPORT_REASONS = [
	'harassment',
	'self-harm-risk',
	'misinformation',
	'spam',
	'other'
] as const;
/** Every reason a report may carry: `second-look` is made only by asking about a notice. */
export const REPORT_REASONS = [...MEMBER_REPORT_REASONS, 'second-look'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const REPORT_TARGET_KINDS = ['thread', 'reply', 'person'] as const;
export type ReportTargetKind = (typeof REPORT_TARGET_KINDS)[number];

export const REPORT_OUTCOMES = ['no-action', 'hidden', 'removed', 'warned', 'muted'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

export interface ReportTarget {
	kind: ReportTargetKind;
	id: string;
	/** The month document (`yyyy-mm`) holding the record, when the reporter knew it. */
	part?: string;
	/** For a reply: the thread it answers, when the reporter knew it. */
	thread?: string;
}

export interface Report {
	reportId: string;
	communityId: string;
	/** The identity that reported; never shown to anyone but moderators. */
	reporterId: string;
	target: ReportTarget;
	reason: ReportReason;
	note?: string;
	createdAt: number;
	resolution?: { outcome: ReportOutcome; by: string; at: number };
	/** For a `second-look` report: the notice the person asked about, as it was then. */
	notice?: { noticeId: string; kind: NoticeKind; reason: string | null };
	/**
	 * Which post, in a few words (a thread's title, else the start of its body), when the server
	 * knows it: for a second look, from the notice, since a removed post is gone from the document.
	 */
	excerpt?: string;
}

/** Actions made in the shared document, which the moderator's client records here. */
export const DOCUMENT_AUDIT_ACTIONS = ['hide', 'unhide', 'remove'] as const;
export type DocumentAuditAction = (typeof DOCUMENT_AUDIT_ACTIONS)[number];

export type AuditAction =
	| 'appoint-moderator'
	| 'remove-moderator'
	| 'resolve-report'
	| 'mute'
	| 'unmute'
	| 'warn'
	| DocumentAuditAction;

/** A moderator's warning to a person in a community; the person reads their own. */
export interface Warning {
	warningId: string;
	communityId: string;
	userId: string;
	/** The pseudonym the warning was about. */
	pseudonymId: string;
	reason: string;
	/** The user id of the moderator who warned; never shown to the person warned. */
	by: string;
	at: number;
}

/** A person who may read but not write in a community's rooms until `until`. */
export interface Mute {
	communityId: string;
	userId: string;
	until: number;
	reason: string;
	/** The user id of the moderator who muted them. */
	by: string;
	at: number;
}

export interface AuditEntry {
	communityId: string;
	/** The user id of whoever acted. */
	actorId: string;
	action: AuditAction;
	/** What was acted on: a user id, or `<reportId>:<outcome>`. */
	target: string;
	reason?: string;
	at: number;
}

/**
 * What a person is told about a moderator's action on them or their posts. Warnings are kept in
 * their own table and read back as notices of kind `warning`; the others are added as they
 * happen (the sync gate's hides, unhides and removals; mutes).
 */
export const NOTICE_KINDS = ['warning', 'hidden', 'unhidden', 'removed', 'muted'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface NoticeTarget {
	kind: 'thread' | 'reply';
	id: string;
	/** The month document (`yyyy-mm`, or the room's last part) the record is in. */
	part?: string;
	/** For a reply: its thread. */
	thread?: string;
}

export interface Notice {
	noticeId: string;
	/** The person told; notices travel only to them. */
	userId: string;
	communityId: string;
	/** The pseudonym the action was about. */
	pseudonymId: string;
	kind: NoticeKind;
	reason: string | null;
	at: number;
	target?: NoticeTarget;
	/** A thread's title, else the start of the post's body: which post this is about. */
	excerpt?: string;
	/** For `muted`: when posting opens again. */
	until?: number;
	/** Set once the person asked moderators to look again. */
	secondLook?: { requestedAt: number; reportId: string };
}

/** A person's acceptance of a community's guidelines, as they read when they accepted. */
export interface GuidelinesAcceptance {
	userId: string;
	communityId: string;
	version: string;
	at: number;
}

export type ModerationStoreProblem =
	'report-exists' | 'unknown-report' | 'already-resolved' | 'unknown-notice' | 'already-asked';

export class ModerationStoreError extends Error {
	override name = 'ModerationStoreError';
	constructor(
		readonly code: ModerationStoreProblem,
		message: string
	) {
		super(message);
	}
}

export interface ModerationStore {
	isModerator(userId: string, communityId: string): Promise<boolean>;
	/** Idempotent: appointing a moderator twice keeps one appointment. */
	appointModerator(userId: string, communityId: string): Promise<void>;
	/** Resolves true when someone was removed. */
	removeModerator(userId: string, communityId: string): Promise<boolean>;
	listModerators(communityId: string): Promise<string[]>;
	/** The communities a person moderates, sorted. */
	moderatedBy(userId: string): Promise<string[]>;

	/** Rejects with `report-exists` for a reused id. */
	createReport(report: Report): Promise<void>;
	/**
	 * How many reports `reporterId` made since `since` (any community, open or not); requests for
	 * a second look do not count.
	 */
	countReportsSince(reporterId: string, since: number): Promise<number>;
	/** Open reports in a community in `compareReports` order. */
	listOpenReports(communityId: string): Promise<Report[]>;
	getReport(reportId: string): Promise<Report | undefined>;
	/** Rejects with `unknown-report`, or `already-resolved`. */
	resolveReport(reportId: string, resolution: NonNullable<Report['resolution']>): Promise<Report>;

	/** Mutes a person in a community, replacing any earlier mute there. */
	setMute(mute: Mute): Promise<void>;
	/** Resolves true when there was a mute to lift. */
	liftMute(userId: string, communityId: string): Promise<boolean>;
	/** The mute in force at `now`, if any (one whose `until` has passed is not). */
	activeMute(userId: string, communityId: string, now: number): Promise<Mute | undefined>;

	addWarning(warning: Warning): Promise<void>;
	/** A person's warnings in every community, newest first. */
	warningsFor(userId: string): Promise<Warning[]>;

	appendAudit(entry: AuditEntry): Promise<void>;
	/** A community's audit log, newest first. */
	listAudit(communityId: string): Promise<AuditEntry[]>;
	/** The reason of the newest `action` on `target` logged at or after `since`, if it gave one. */
	latestAuditReason(
		communityId: string,
		action: AuditAction,
		target: string,
		since: number
	): Promise<string | undefined>;

	/** Replaces the pseudonym's whole block list in the community. */
	setBlocks(communityId: string, pseudonymId: string, blocked: readonly string[]): Promise<void>;
	/** The pseudonym ids the pseudonym blocked there, sorted. */
	blocksOf(communityId: string, pseudonymId: string): Promise<string[]>;
	/** Those of `candidates` who blocked `blockedId` in the community. */
	blockersAmong(
		communityId: string,
		blockedId: string,
		candidates: readonly string[]
	): Promise<string[]>;

	/** Records the version a person accepted, replacing an earlier acceptance there. */
	acceptGuidelines(acceptance: GuidelinesAcceptance): Promise<void>;
	/** The guidelines version the person last accepted in the community, if any. */
	acceptedGuidelines(userId: string, communityId: string): Promise<string | undefined>;

	/** Adds a notice (any kind but `warning`, which `addWarning` makes); `secondLook` is ignored. */
	addNotice(notice: Notice): Promise<void>;
	/** A person's notices, warnings included, in `compareNotices` order. */
	noticesFor(userId: string): Promise<Notice[]>;
	/** One of the person's notices; undefined when there is none or it is someone else's. */
	noticeFor(userId: string, noticeId: string): Promise<Notice | undefined>;
	/**
	 * Gives the newest notice of `kind` about `targetId` in the community that has no reason yet
	 * the moderator's reason. Resolves true when one was filled in.
	 */
	fillNoticeReason(
		communityId: string,
		kind: NoticeKind,
		targetId: string,
		reason: string
	): Promise<boolean>;
	/**
	 * Creates `report` (a `second-look` report) and marks the notice as asked about, at once.
	 * Rejects with `unknown-notice` (not the person's) or `already-asked`.
	 */
	requestSecondLook(userId: string, noticeId: string, report: Report): Promise<void>;

	/**
	 * Forgets a person whose account is deleted: their moderator roles, the reports they made
	 * (second looks included), mutes, warnings and notices about them, their guidelines
	 * acceptances, and the block lists of their pseudonyms. Others' block lists naming them stay
	 * (those are the others' protection), and so does the audit log, the moderators' record,
	 * which holds ids and moderators' reasons, never a post's words.
	 */
	forgetPerson(userId: string, pseudonymIds: readonly string[]): Promise<void>;

	close(): Promise<void>;
}

/**
 * The queue's order, shared by every store so they agree to the letter: risk of self-harm first,
 * then requests for a second look (a person waiting on a decision about themselves), then the
 * oldest first.
 */
export function compareReports(a: Report, b: Report): number {
	return (
		urgencyOf(a) - urgencyOf(b) || a.createdAt - b.createdAt || a.reportId.localeCompare(b.reportId)
	);
}

function urgencyOf(report: Report): number {
	if (report.reason === 'self-harm-risk') return 0;
	return report.reason === 'second-look' ? 1 : 2;
}

/** A person's notices: newest first; ties by id, so every store agrees. */
export function compareNotices(a: Notice, b: Notice): number {
	return b.at - a.at || a.noticeId.localeCompare(b.noticeId);
}

/** A warning, read back as the notice it is. */
export function noticeOfWarning(warning: Warning): Notice {
	return {
		noticeId: warning.warningId,
		userId: warning.userId,
		communityId: warning.communityId,
		pseudonymId: warning.pseudonymId,
		kind: 'warning',
		reason: warning.reason,
		at: warning.at
	};
}
