// The SQLite ModerationStore: its tables in the server's one database file, beside the
// document and identity tables. Every table starts with `moderation_`, and this module's schema
// version lives in its own `moderation_schema` table, so the modules never step on each other.
// The schema and row mapping are in sqlite-moderation-schema.ts; notices and second looks are
// read and written by sqlite-notices.ts.
import Database from 'better-sqlite3';
import {
	compareReports,
	ModerationStoreError,
	type AuditAction,
	type AuditEntry,
	type GuidelinesAcceptance,
	type ModerationStore,
	type Mute,
	type Notice,
	type NoticeKind,
	type Report,
	type Warning
} from './moderation-store';
import { fillReason, insertNotice, insertSecondLook, selectNotices } from './sqlite-notices';
import {
	migrate,
	toAuditEntry,
	toReport,
	type AuditRow,
	type ReportRow
} from './sqlite-moderation-schema';
import { openSqliteFile } from '../store/open-sqlite-file';

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

	async moderatedBy(userId: string): Promise<string[]> {
		return this.#db
			.prepare<[string], { community_id: string }>(
				'SELECT community_id FROM moderation_moderators WHERE user_id = ? ORDER BY community_id'
			)
			.all(userId)
			.map((row) => row.community_id);
	}

	async createReport(report: Report): Promise<void> {
		this.#insertReport(report);
	}

	#insertReport(report: Report): void {
		try {
			this.#db
				.prepare(
					`INSERT INTO moderation_reports
						(report_id, community_id, reporter_id, target_kind, target_id, target_part,
						target_thread, reason, note, created_at, notice_id, notice_kind, notice_reason,
						excerpt)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
				)
				.run(
					report.reportId,
					report.communityId,
					report.reporterId,
					report.target.kind,
					report.target.id,
					report.target.part ?? null,
					report.target.thread ?? null,
					report.reason,
					report.note ?? null,
					report.createdAt,
					report.notice?.noticeId ?? null,
					report.notice?.kind ?? null,
					report.notice?.reason ?? null,
					report.excerpt ?? null
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
				`SELECT COUNT(*) AS n FROM moderation_reports
				WHERE reporter_id = ? AND created_at >= ? AND reason != 'second-look'`
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

	async latestAuditReason(
		communityId: string,
		action: AuditAction,
		target: string,
		since: number
	): Promise<string | undefined> {
		const row = this.#db
			.prepare<[string, string, string, number], { reason: string | null }>(
				`SELECT reason FROM moderation_audit
				WHERE community_id = ? AND action = ? AND target = ? AND at >= ?
				ORDER BY at DESC, seq DESC LIMIT 1`
			)
			.get(communityId, action, target, since);
		return row?.reason ?? undefined;
	}

	async setBlocks(
		communityId: string,
		pseudonymId: string,
		blocked: readonly string[]
	): Promise<void> {
		const remove = this.#db.prepare(
			'DELETE FROM moderation_blocks WHERE community_id = ? AND pseudonym_id = ?'
		);
		const insert = this.#db.prepare(
			`INSERT OR IGNORE INTO moderation_blocks (community_id, pseudonym_id, blocked_id)
			VALUES (?, ?, ?)`
		);
		this.#db
			.transaction(() => {
				remove.run(communityId, pseudonymId);
				for (const id of blocked) insert.run(communityId, pseudonymId, id);
			})
			.immediate();
	}

	async blocksOf(communityId: string, pseudonymId: string): Promise<string[]> {
		return this.#db
			.prepare<[string, string], { blocked_id: string }>(
				`SELECT blocked_id FROM moderation_blocks WHERE community_id = ? AND pseudonym_id = ?
				ORDER BY blocked_id`
			)
			.all(communityId, pseudonymId)
			.map((row) => row.blocked_id);
	}

	async blockersAmong(
		communityId: string,
		blockedId: string,
		candidates: readonly string[]
	): Promise<string[]> {
		// Few people block any one person, so reading them all beats a long IN list.
		const blockers = new Set(
			this.#db
				.prepare<[string, string], { pseudonym_id: string }>(
					'SELECT pseudonym_id FROM moderation_blocks WHERE community_id = ? AND blocked_id = ?'
				)
				.all(communityId, blockedId)
				.map((row) => row.pseudonym_id)
		);
		return [...new Set(candidates)].filter((candidate) => blockers.has(candidate));
	}

	async acceptGuidelines(acceptance: GuidelinesAcceptance): Promise<void> {
		this.#db
			.prepare(
				`INSERT OR REPLACE INTO moderation_guidelines (user_id, community_id, version, at)
				VALUES (?, ?, ?, ?)`
			)
			.run(acceptance.userId, acceptance.communityId, acceptance.version, acceptance.at);
	}

	async acceptedGuidelines(userId: string, communityId: string): Promise<string | undefined> {
		return this.#db
			.prepare<[string, string], { version: string }>(
				'SELECT version FROM moderation_guidelines WHERE user_id = ? AND community_id = ?'
			)
			.get(userId, communityId)?.version;
	}

	async addNotice(notice: Notice): Promise<void> {
		insertNotice(this.#db, notice);
	}

	async noticesFor(userId: string): Promise<Notice[]> {
		return selectNotices(this.#db, userId, await this.warningsFor(userId));
	}

	async noticeFor(userId: string, noticeId: string): Promise<Notice | undefined> {
		return (await this.noticesFor(userId)).find((notice) => notice.noticeId === noticeId);
	}

	async fillNoticeReason(
		communityId: string,
		kind: NoticeKind,
		targetId: string,
		reason: string
	): Promise<boolean> {
		return fillReason(this.#db, communityId, kind, targetId, reason);
	}

	async requestSecondLook(userId: string, noticeId: string, report: Report): Promise<void> {
		const owns = () => this.#ownsNotice(userId, noticeId);
		insertSecondLook(this.#db, { userId, noticeId, report, owns }, (made) =>
			this.#insertReport(made)
		);
	}

	#ownsNotice(userId: string, noticeId: string): boolean {
		const row = this.#db
			.prepare<[string, string, string, string], { one: number }>(
				`SELECT 1 AS one FROM moderation_notices WHERE notice_id = ? AND user_id = ?
				UNION ALL
				SELECT 1 AS one FROM moderation_warnings WHERE warning_id = ? AND user_id = ?`
			)
			.get(noticeId, userId, noticeId, userId);
		return row !== undefined;
	}

	async forgetPerson(userId: string, pseudonymIds: readonly string[]): Promise<void> {
		const byUser = [
			'DELETE FROM moderation_moderators WHERE user_id = ?',
			'DELETE FROM moderation_reports WHERE reporter_id = ?',
			'DELETE FROM moderation_mutes WHERE user_id = ?',
			'DELETE FROM moderation_warnings WHERE user_id = ?',
			'DELETE FROM moderation_notices WHERE user_id = ?',
			'DELETE FROM moderation_second_looks WHERE user_id = ?',
			'DELETE FROM moderation_guidelines WHERE user_id = ?'
		].map((sql) => this.#db.prepare<[string]>(sql));
		const blocks = this.#db.prepare<[string]>(
			'DELETE FROM moderation_blocks WHERE pseudonym_id = ?'
		);
		this.#db
			.transaction(() => {
				for (const statement of byUser) statement.run(userId);
				for (const pseudonymId of pseudonymIds) blocks.run(pseudonymId);
			})
			.immediate();
	}

	async close(): Promise<void> {
		if (this.#ownsConnection && this.#db.open) this.#db.close();
	}
}
