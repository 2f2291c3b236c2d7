// The SQLite ModerationStore: three tables in the server's one database file, beside the
// document and identity tables. Every table starts with `moderation_`, and this module's schema
// version lives in its own `moderation_schema` table, so the modules never step on each other.
import Database from 'better-sqlite3';
import {
	compareReports,
	DOCUMENT_AUDIT_ACTIONS,
	ModerationStoreError,
	REPORT_OUTCOMES,
	REPORT_REASONS,
	REPORT_TARGET_KINDS,
	type AuditAction,
	type AuditEntry,
	type ModerationStore,
	type Mute,
	type Report,
	type Warning
} from './moderation-store';
import { runMigrations } from '../store/run-migrations';
import { openSqliteFile } from '../store/open-sqlite-file';

/** Each entry moves the schema one version up; never edit one that has shipped. */
const MIGRATIONS: readonly string[] = [
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
	CREATE INDEX moderation_warnings_by_user ON moderation_warnings (user_id, at);`
];

export const MODERATION_SCHEMA_VERSION = MIGRATIONS.length;

export class ModerationSchemaError extends Error {
	override name = 'ModerationSchemaError';
}

interface ReportRow {
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
}

interface AuditRow {
	community_id: string;
	actor_id: string;
	action: string;
	target: string;
	reason: string | null;
	at: number;
}

/** Opens (creating if needed) the database file and owns the connection: close() closes it. */
export function openSqliteModerationStore(file: string): SqliteModerationStore {
	return openSqliteFile(file, (db) => new SqliteModerationStore(db, { ownsConnection: true }));
}

export class SqliteModerationStore implements ModerationStore {
	readonly #db: Database.Database;
	readonly #ownsConnection: boolean;

	constructor(db: Database.Database, options: { ownsConnection?: boolean } = {}) {
		this.#db = db;
		this.#ownsConnection = options.ownsConnection ?? false;
		migrate(db);
	}

	async isModerator(userId: string, communityId: string): Promise<boolean> {
		const row = this.#db
			.prepare<[string, string], { one: number }>(
				'SELECT 1 AS one FROM moderation_moderators WHERE user_id = ? AND community_id = ?'
			)
			.get(userId, communityId);
		return row !== undefined;
	}

	async appointModerator(userId: string, communityId: string): Promise<void> {
		this.#db
			.prepare('INSERT OR IGNORE INTO moderation_moderators (user_id, community_id) VALUES (?, ?)')
			.run(userId, communityId);
	}

	async removeModerator(userId: string, communityId: string): Promise<boolean> {
		const result = this.#db
			.prepare('DELETE FROM moderation_moderators WHERE user_id = ? AND community_id = ?')
			.run(userId, communityId);
		return result.changes > 0;
	}

	async listModerators(communityId: string): Promise<string[]> {
		return this.#db
			.prepare<[string], { user_id: string }>(
				'SELECT user_id FROM moderation_moderators WHERE community_id = ? ORDER BY user_id'
			)
			.all(communityId)
			.map((row) => row.user_id);
	}

	async createReport(report: Report): Promise<void> {
		try {
			this.#db
				.prepare(
					`INSERT INTO moderation_reports
						(report_id, community_id, reporter_id, target_kind, target_id, reason, note,
						created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
				)
				.run(
					report.reportId,
					report.communityId,
					report.reporterId,
					report.target.kind,
					report.target.id,
					report.reason,
					report.note ?? null,
					report.createdAt
				);
		} catch (cause: unknown) {
			if (cause instanceof Database.SqliteError && cause.code.startsWith('SQLITE_CONSTRAINT')) {
				throw new ModerationStoreError('report-exists', 'A report with this id exists.');
			}
			throw cause;
		}
	}

	async countReportsSince(reporterId: string, since: number): Promise<number> {
		const row = this.#db
			.prepare<[string, number], { n: number }>(
				'SELECT COUNT(*) AS n FROM moderation_reports WHERE reporter_id = ? AND created_at >= ?'
			)
			.get(reporterId, since);
		return row?.n ?? 0;
	}

	async listOpenReports(communityId: string): Promise<Report[]> {
		return this.#db
			.prepare<[string], ReportRow>(
				'SELECT * FROM moderation_reports WHERE community_id = ? AND outcome IS NULL'
			)
			.all(communityId)
			.map(toReport)
			.sort(compareReports);
	}

	async getReport(reportId: string): Promise<Report | undefined> {
		const row = this.#db
			.prepare<[string], ReportRow>('SELECT * FROM moderation_reports WHERE report_id = ?')
			.get(reportId);
		return row && toReport(row);
	}

	async resolveReport(
		reportId: string,
		resolution: NonNullable<Report['resolution']>
	): Promise<Report> {
		return this.#db
			.transaction(() => {
				const row = this.#db
					.prepare<[string], ReportRow>('SELECT * FROM moderation_reports WHERE report_id = ?')
					.get(reportId);
				if (!row) throw new ModerationStoreError('unknown-report', 'There is no such report.');
				if (row.outcome !== null) {
					throw new ModerationStoreError('already-resolved', 'This report is already resolved.');
				}
				this.#db
					.prepare(
						`UPDATE moderation_reports SET outcome = ?, resolved_by = ?, resolved_at = ?
						WHERE report_id = ?`
					)
					.run(resolution.outcome, resolution.by, resolution.at, reportId);
				return toReport({
					...row,
					outcome: resolution.outcome,
					resolved_by: resolution.by,
					resolved_at: resolution.at
				});
			})
			.immediate();
	}

	async setMute(mute: Mute): Promise<void> {
		this.#db
			.prepare(
				`INSERT OR REPLACE INTO moderation_mutes
					(user_id, community_id, until, reason, muted_by, at)
				VALUES (?, ?, ?, ?, ?, ?)`
			)
			.run(mute.userId, mute.communityId, mute.until, mute.reason, mute.by, mute.at);
	}

	async liftMute(userId: string, communityId: string): Promise<boolean> {
		const result = this.#db
			.prepare('DELETE FROM moderation_mutes WHERE user_id = ? AND community_id = ?')
			.run(userId, communityId);
		return result.changes > 0;
	}

	async activeMute(userId: string, communityId: string, now: number): Promise<Mute | undefined> {
		const row = this.#db
			.prepare<
				[string, string, number],
				{ until: number; reason: string; muted_by: string; at: number }
			>(
				`SELECT until, reason, muted_by, at FROM moderation_mutes
				WHERE user_id = ? AND community_id = ? AND until > ?`
			)
			.get(userId, communityId, now);
		return (
			row && {
				communityId,
				userId,
				until: row.until,
				reason: row.reason,
				by: row.muted_by,
				at: row.at
			}
		);
	}

	async addWarning(warning: Warning): Promise<void> {
		this.#db
			.prepare(
				`INSERT INTO moderation_warnings
					(warning_id, community_id, user_id, pseudonym_id, reason, warned_by, at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`
			)
			.run(
				warning.warningId,
				warning.communityId,
				warning.userId,
				warning.pseudonymId,
				warning.reason,
				warning.by,
				warning.at
			);
	}

	async warningsFor(userId: string): Promise<Warning[]> {
		return this.#db
			.prepare<
				[string],
				{
					warning_id: string;
					community_id: string;
					pseudonym_id: string;
					reason: string;
					warned_by: string;
					at: number;
				}
			>(
				`SELECT warning_id, community_id, pseudonym_id, reason, warned_by, at
				FROM moderation_warnings WHERE user_id = ? ORDER BY at DESC, seq DESC`
			)
			.all(userId)
			.map((row) => ({
				warningId: row.warning_id,
				communityId: row.community_id,
				userId,
				pseudonymId: row.pseudonym_id,
				reason: row.reason,
				by: row.warned_by,
				at: row.at
			}));
	}

	async appendAudit(entry: AuditEntry): Promise<void> {
		this.#db
			.prepare(
				`INSERT INTO moderation_audit (community_id, actor_id, action, target, reason, at)
				VALUES (?, ?, ?, ?, ?, ?)`
			)
			.run(
				entry.communityId,
				entry.actorId,
				entry.action,
				entry.target,
				entry.reason ?? null,
				entry.at
			);
	}

	async listAudit(communityId: string): Promise<AuditEntry[]> {
		return this.#db
			.prepare<[string], AuditRow>(
				`SELECT community_id, actor_id, action, target, reason, at FROM moderation_audit
				WHERE community_id = ? ORDER BY at DESC, seq DESC`
			)
			.all(communityId)
			.map(toAuditEntry);
	}

	async close(): Promise<void> {
		if (this.#ownsConnection && this.#db.open) this.#db.close();
	}
}

function migrate(db: Database.Database): void {
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

function toReport(row: ReportRow): Report {
	const report: Report = {
		reportId: row.report_id,
		communityId: row.community_id,
		reporterId: row.reporter_id,
		target: { kind: oneOf(REPORT_TARGET_KINDS, row.target_kind, 'target kind'), id: row.target_id },
		reason: oneOf(REPORT_REASONS, row.reason, 'reason'),
		createdAt: row.created_at
	};
	if (row.note !== null) report.note = row.note;
	if (row.outcome !== null) {
		report.resolution = {
			outcome: oneOf(REPORT_OUTCOMES, row.outcome, 'outcome'),
			by: row.resolved_by ?? '',
			at: row.resolved_at ?? 0
		};
	}
	return report;
}

function toAuditEntry(row: AuditRow): AuditEntry {
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
