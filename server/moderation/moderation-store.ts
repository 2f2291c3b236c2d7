// Where moderation lives on the server: who moderates which community, the reports people make,
// and the audit log of every moderator's and administrator's action. All of it is private, so it
// travels through the JSON API and never through a shared document (DESIGN.md).
//
// Implemented by sqlite-moderation-store.ts and its in-memory twin; both run
// moderation-store.contract.ts.

export const REPORT_REASONS = [
	'harassment',
	'self-harm-risk',
	'misinformation',
	'spam',
	'other'
] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const REPORT_TARGET_KINDS = ['thread', 'reply', 'person'] as const;
export type ReportTargetKind = (typeof REPORT_TARGET_KINDS)[number];

export const REPORT_OUTCOMES = ['no-action', 'hidden', 'removed', 'warned', 'muted'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

export interface Report {
	reportId: string;
	communityId: string;
	/** The identity that reported; never shown to anyone but moderators. */
	reporterId: string;
	target: { kind: ReportTargetKind; id: string };
	reason: ReportReason;
	note?: string;
	createdAt: number;
	resolution?: { outcome: ReportOutcome; by: string; at: number };
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

export type ModerationStoreProblem = 'report-exists' | 'unknown-report' | 'already-resolved';

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

	/** Rejects with `report-exists` for a reused id. */
	createReport(report: Report): Promise<void>;
	/** How many reports `reporterId` made since `since` (any community, open or not). */
	countReportsSince(reporterId: string, since: number): Promise<number>;
	/** Open reports in a community: risk of self-harm first, then oldest first. */
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

	close(): Promise<void>;
}

/** The queue's order, shared by every store so they agree to the letter. */
export function compareReports(a: Report, b: Report): number {
	const urgency = Number(b.reason === 'self-harm-risk') - Number(a.reason === 'self-harm-risk');
	return urgency || a.createdAt - b.createdAt || a.reportId.localeCompare(b.reportId);
}
