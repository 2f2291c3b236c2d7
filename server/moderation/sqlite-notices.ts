// The notices half of the SQLite ModerationStore: what people are told about moderators' actions
// on them (`moderation_notices`, with warnings read from `moderation_warnings`), and the second
// looks they asked for (`moderation_second_looks`, one per notice). The tables are made by the
// store's migrations (sqlite-moderation-store.ts); these functions only read and write them.
import type Database from 'better-sqlite3';
import {
	compareNotices,
	ModerationStoreError,
	NOTICE_KINDS,
	noticeOfWarning,
	type Notice,
	type NoticeKind,
	type Report,
	type Warning
} from './moderation-store';

interface NoticeRow {
	notice_id: string;
	user_id: string;
	community_id: string;
	pseudonym_id: string;
	kind: string;
	reason: string | null;
	at: number;
	target_kind: string | null;
	target_id: string | null;
	target_part: string | null;
	target_thread: string | null;
	excerpt: string | null;
	until: number | null;
}

export class NoticeSchemaError extends Error {
	override name = 'NoticeSchemaError';
}

export function insertNotice(db: Database.Database, notice: Notice): void {
	db.prepare(
		`INSERT INTO moderation_notices
			(notice_id, user_id, community_id, pseudonym_id, kind, reason, at, target_kind, target_id,
			target_part, target_thread, excerpt, until)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	).run(
		notice.noticeId,
		notice.userId,
		notice.communityId,
		notice.pseudonymId,
		notice.kind,
		notice.reason,
		notice.at,
		notice.target?.kind ?? null,
		notice.target?.id ?? null,
		notice.target?.part ?? null,
		notice.target?.thread ?? null,
		notice.excerpt ?? null,
		notice.until ?? null
	);
}

export function selectNotices(
	db: Database.Database,
	userId: string,
	warnings: readonly Warning[]
): Notice[] {
	const rows = db
		.prepare<[string], NoticeRow>('SELECT * FROM moderation_notices WHERE user_id = ?')
		.all(userId);
	const asked = new Map(
		db
			.prepare<[string], { notice_id: string; report_id: string; requested_at: number }>(
				`SELECT notice_id, report_id, requested_at FROM moderation_second_looks
				WHERE user_id = ?`
			)
			.all(userId)
			.map((row) => [row.notice_id, { requestedAt: row.requested_at, reportId: row.report_id }])
	);
	return [...warnings.map(noticeOfWarning), ...rows.map(toNotice)]
		.map((notice) => {
			const secondLook = asked.get(notice.noticeId);
			return secondLook ? { ...notice, secondLook } : notice;
		})
		.sort(compareNotices);
}

export function fillReason(
	db: Database.Database,
	communityId: string,
	kind: NoticeKind,
	targetId: string,
	reason: string
): boolean {
	const result = db
		.prepare(
			`UPDATE moderation_notices SET reason = ? WHERE seq = (
				SELECT seq FROM moderation_notices
				WHERE community_id = ? AND kind = ? AND target_id = ? AND reason IS NULL
				ORDER BY at DESC, seq DESC LIMIT 1)`
		)
		.run(reason, communityId, kind, targetId);
	return result.changes > 0;
}

/**
 * Marks the notice as asked about and creates its report in one immediate transaction, so two
 * requests at once make one report. `owns` says whether the notice is the person's.
 */
export function insertSecondLook(
	db: Database.Database,
	input: { userId: string; noticeId: string; report: Report; owns: () => boolean },
	createReport: (report: Report) => void
): void {
	db.transaction(() => {
		if (!input.owns()) throw new ModerationStoreError('unknown-notice', 'There is no such notice.');
		const asked = db
			.prepare<[string], { one: number }>(
				'SELECT 1 AS one FROM moderation_second_looks WHERE notice_id = ?'
			)
			.get(input.noticeId);
		if (asked) {
			throw new ModerationStoreError('already-asked', 'A second look was asked for already.');
		}
		createReport(input.report);
		db.prepare(
			`INSERT INTO moderation_second_looks (notice_id, user_id, report_id, requested_at)
			VALUES (?, ?, ?, ?)`
		).run(input.noticeId, input.userId, input.report.reportId, input.report.createdAt);
	}).immediate();
}

function toNotice(row: NoticeRow): Notice {
	const kind = NOTICE_KINDS.find((candidate) => candidate === row.kind);
	if (kind === undefined) throw new NoticeSchemaError(`Unknown notice kind "${row.kind}" stored.`);
	const notice: Notice = {
		noticeId: row.notice_id,
		userId: row.user_id,
		communityId: row.community_id,
		pseudonymId: row.pseudonym_id,
		kind,
		reason: row.reason,
		at: row.at
	};
	if (row.target_id !== null && (row.target_kind === 'thread' || row.target_kind === 'reply')) {
		notice.target = { kind: row.target_kind, id: row.target_id };
		if (row.target_part !== null) notice.target.part = row.target_part;
		if (row.target_thread !== null) notice.target.thread = row.target_thread;
	}
	if (row.excerpt !== null) notice.excerpt = row.excerpt;
	if (row.until !== null) notice.until = row.until;
	return notice;
}
