// The SQLite ModerationStore's schema: its migrations, and how its rows read back as the
// store's types. A value the code does not know (a newer server's, or damage) is refused with
// ModerationSchemaError rather than passed on as something it is not.
import type Database from 'better-sqlite3';
import {
	DOCUMENT_AUDIT_ACTIONS,
	NOTICE_KINDS,
	REPORT_OUTCOMES,
	REPORT_REASONS,
	REPORT_TARGET_KINDS,
	type AuditAction,
	type AuditEntry,
	type Report
} from './moderation-store';
import { runMigrations } from '../store/run-migrations';

/** Each entry moves the schema one version up; never edit one that has shipped. */
export const MIGRATIONS: readonly string[] = [
	`CREATE TABLE moderation_moderators (
		user_id TEXT NOT NULL,
		community_id TEXT NOT NULL,
		PRIMARY KEY (user_id, community_id)
	) STRICT;
	CREATE TABLE moderation_reports (
		report_id TEXT PRIMARY KEY,
		community_id TEXT NOT NULL,
		reporter_id TEXT NOT NULL,
		target_kind TEXT NOT NULL,
		target_id TEXT NOT NULL,
		reason TEXT NOT NULL,
		note TEXT,
		created_at INTEGER NOT NULL,
		outcome TEXT,
		resolved_by TEXT,
		resolved_at INTEGER
	) STRICT;
	CREATE INDEX moderation_reports_by_reporter ON moderation_reports (reporter_id, created_at);
	CREATE TABLE moderation_audit (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		community_id TEXT NOT NULL,
		actor_id TEXT NOT NULL,
		action TEXT NOT NULL,
		target TEXT NOT NULL,
		reason TEXT,
		at INTEGER NOT NULL
	) STRICT;
	CREATE TABLE moderation_mutes (
		user_id TEXT NOT NULL,
		community_id TEXT NOT NULL,
		until INTEGER NOT NULL,
		reason TEXT NOT NULL,
		muted_by TEXT NOT NULL,
		at INTEGER NOT NULL,
		PRIMARY KEY (user_id, community_id)
	) STRICT;
	CREATE TABLE moderation_warnings (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		warning_id TEXT NOT NULL UNIQUE,
		community_id TEXT NOT NULL,
		user_id TEXT NOT NULL,
		pseudonym_id TEXT NOT NULL,
		reason TEXT NOT NULL,
		warned_by TEXT NOT NULL,
		at INTEGER NOT NULL
	) STRICT;
	CREATE INDEX moderation_warnings_by_user ON moderation_warnings (user_id, at);`,
	`ALTER TABLE moderation_reports ADD COLUMN target_part TEXT;
	ALTER TABLE moderation_reports ADD COLUMN target_thread TEXT;
	ALTER TABLE moderation_reports ADD COLUMN notice_id TEXT;
	ALTER TABLE moderation_reports ADD COLUMN notice_kind TEXT;
	ALTER TABLE moderation_reports ADD COLUMN notice_reason TEXT;
	ALTER TABLE moderation_reports ADD COLUMN excerpt TEXT;
	CREATE INDEX moderation_audit_by_target ON moderation_audit (community_id, target, at);
	CREATE TABLE moderation_blocks (
		community_id TEXT NOT NULL,
		pseudonym_id TEXT NOT NULL,
		blocked_id TEXT NOT NULL,
		PRIMARY KEY (community_id, pseudonym_id, blocked_id)
	) STRICT, WITHOUT ROWID;
	CREATE INDEX moderation_blocks_by_blocked ON moderation_blocks (community_id, blocked_id);
	CREATE TABLE moderation_guidelines (
		user_id TEXT NOT NULL,
		community_id TEXT NOT NULL,
		version TEXT NOT NULL,
		at INTEGER NOT NULL,
		PRIMARY KEY (user_id, community_id)
	) STRICT;
	CREATE TABLE moderation_notices (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		notice_id TEXT NOT NULL UNIQUE,
		user_id TEXT NOT NULL,
		community_id TEXT NOT NULL,
		pseudonym_id TEXT NOT NULL,
		kind TEXT NOT NULL,
		reason TEXT,
		at INTEGER NOT NULL,
		target_kind TEXT,
		target_id TEXT,
		target_part TEXT,
		target_thread TEXT,
		excerpt TEXT,
		until INTEGER
	) STRICT;
	CREATE INDEX moderation_notices_by_user ON moderation_notices (user_id);
	CREATE INDEX moderation_notices_by_target ON moderation_notices (community_id, target_id);
	CREATE TABLE moderation_second_looks (
		notice_id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL,
		report_id TEXT NOT NULL,
		requested_at INTEGER NOT NULL
	) STRICT;
	CREATE INDEX moderation_second_looks_by_user ON moderation_second_looks (user_id);`
];

export const MODERATION_SCHEMA_VERSION = MIGRATIONS.length;

export class ModerationSchemaError extends Error {
	override name = 'ModerationSchemaError';
}

export interface ReportRow {
	report_id: string;
	community_id: string;
	reporter_id: string;
	target_kind: string;
	target_id: string;
	reason: string;
	note: string | null;
	created_at: number;
	outcome: string | null;
	resolved_by: string | null;
	resolved_at: number | null;
	target_part: string | null;
	target_thread: string | null;
	notice_id: string | null;
	notice_kind: string | null;
	notice_reason: string | null;
	excerpt: string | null;
}

export interface AuditRow {
	community_id: string;
	actor_id: string;
	action: string;
	target: string;
	reason: string | null;
	at: number;
}

export function migrate(db: Database.Database): void {
	runMigrations(db, 'moderation', MIGRATIONS, (message) => new ModerationSchemaError(message));
}

function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
	const found = values.find((candidate) => candidate === value);
	if (found === undefined) throw new ModerationSchemaError(`Unknown ${what} "${value}" stored.`);
	return found;
}

const AUDIT_ACTIONS: readonly AuditAction[] = [
	'appoint-moderator',
	'remove-moderator',
	'resolve-report',
	'mute',
	'unmute',
	'warn',
	...DOCUMENT_AUDIT_ACTIONS
];

export function toReport(row: ReportRow): Report {
	const report: Report = {
		reportId: row.report_id,
		communityId: row.community_id,
		reporterId: row.reporter_id,
		target: { kind: oneOf(REPORT_TARGET_KINDS, row.target_kind, 'target kind'), id: row.target_id },
		reason: oneOf(REPORT_REASONS, row.reason, 'reason'),
		createdAt: row.created_at
	};
	if (row.target_part !== null) report.target.part = row.target_part;
	if (row.target_thread !== null) report.target.thread = row.target_thread;
	if (row.note !== null) report.note = row.note;
	if (row.excerpt !== null) report.excerpt = row.excerpt;
	if (row.notice_id !== null && row.notice_kind !== null) {
		report.notice = {
			noticeId: row.notice_id,
			kind: oneOf(NOTICE_KINDS, row.notice_kind, 'notice kind'),
			reason: row.notice_reason
		};
	}
	if (row.outcome !== null) {
		report.resolution = {
			outcome: oneOf(REPORT_OUTCOMES, row.outcome, 'outcome'),
			by: row.resolved_by ?? '',
			at: row.resolved_at ?? 0
		};
	}
	return report;
}

export function toAuditEntry(row: AuditRow): AuditEntry {
	const entry: AuditEntry = {
		communityId: row.community_id,
		actorId: row.actor_id,
		action: oneOf(AUDIT_ACTIONS, row.action, 'audit action'),
		target: row.target,
		at: row.at
	};
	if (row.reason !== null) entry.reason = row.reason;
	return entry;
}
