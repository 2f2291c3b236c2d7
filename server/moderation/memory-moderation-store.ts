// The in-memory twin of the SQLite ModerationStore, for tests of the API and anything above it.
import {
	compareNotices,
	compareReports,
	ModerationStoreError,
	noticeOfWarning,
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

export class MemoryModerationStore implements ModerationStore {
	readonly #moderators = new Set<string>();
	readonly #reports = new Map<string, Report>();
	readonly #audit: AuditEntry[] = [];
	readonly #mutes = new Map<string, Mute>();
	readonly #warnings: Warning[] = [];
	/** Block lists by `[communityId, pseudonymId]`. */
	readonly #blocks = new Map<string, string[]>();
	/** Accepted guidelines versions by `[userId, communityId]`. */
	readonly #guidelines = new Map<string, string>();
	readonly #notices: Notice[] = [];
	readonly #secondLooks = new Map<string, NonNullable<Notice['secondLook']>>();

	async isModerator(userId: string, communityId: string): Promise<boolean> {
		return this.#moderators.has(key(userId, communityId));
	}

	async appointModerator(userId: string, communityId: string): Promise<void> {
		this.#moderators.add(key(userId, communityId));
	}

	async removeModerator(userId: string, communityId: string): Promise<boolean> {
		return this.#moderators.delete(key(userId, communityId));
	}

	async listModerators(communityId: string): Promise<string[]> {
		return [...this.#moderators]
			.map((entry) => JSON.parse(entry) as [string, string])
			.filter(([, community]) => community === communityId)
			.map(([userId]) => userId)
			.sort();
	}

	async moderatedBy(userId: string): Promise<string[]> {
		return [...this.#moderators]
			.map((entry) => JSON.parse(entry) as [string, string])
			.filter(([user]) => user === userId)
			.map(([, communityId]) => communityId)
			.sort();
	}

	async createReport(report: Report): Promise<void> {
		if (this.#reports.has(report.reportId)) {
			throw new ModerationStoreError('report-exists', 'A report with this id exists.');
		}
		this.#reports.set(report.reportId, structuredClone(report));
	}

	async countReportsSince(reporterId: string, since: number): Promise<number> {
		return [...this.#reports.values()].filter(
			(report) =>
				report.reporterId === reporterId &&
				report.createdAt >= since &&
				report.reason !== 'second-look'
		).length;
	}

	async listOpenReports(communityId: string): Promise<Report[]> {
		return [...this.#reports.values()]
			.filter((report) => report.communityId === communityId && !report.resolution)
			.sort(compareReports)
			.map((report) => structuredClone(report));
	}

	async getReport(reportId: string): Promise<Report | undefined> {
		const report = this.#reports.get(reportId);
		return report && structuredClone(report);
	}

	async resolveReport(
		reportId: string,
		resolution: NonNullable<Report['resolution']>
	): Promise<Report> {
		const report = this.#reports.get(reportId);
		if (!report) throw new ModerationStoreError('unknown-report', 'There is no such report.');
		if (report.resolution) {
			throw new ModerationStoreError('already-resolved', 'This report is already resolved.');
		}
		report.resolution = { ...resolution };
		return structuredClone(report);
	}

	async setMute(mute: Mute): Promise<void> {
		this.#mutes.set(key(mute.userId, mute.communityId), { ...mute });
	}

	async liftMute(userId: string, communityId: string): Promise<boolean> {
		return this.#mutes.delete(key(userId, communityId));
	}

	async activeMute(userId: string, communityId: string, now: number): Promise<Mute | undefined> {
		const mute = this.#mutes.get(key(userId, communityId));
		return mute && mute.until > now ? { ...mute } : undefined;
	}

	async addWarning(warning: Warning): Promise<void> {
		this.#warnings.push({ ...warning });
	}

	async warningsFor(userId: string): Promise<Warning[]> {
		return this.#warnings
			.map((warning, index) => ({ warning, index }))
			.filter(({ warning }) => warning.userId === userId)
			.sort((a, b) => b.warning.at - a.warning.at || b.index - a.index)
			.map(({ warning }) => ({ ...warning }));
	}

	async appendAudit(entry: AuditEntry): Promise<void> {
		this.#audit.push({ ...entry });
	}

	async listAudit(communityId: string): Promise<AuditEntry[]> {
		return this.#audit
			.map((entry, index) => ({ entry, index }))
			.filter(({ entry }) => entry.communityId === communityId)
			.sort((a, b) => b.entry.at - a.entry.at || b.index - a.index)
			.map(({ entry }) => ({ ...entry }));
	}

	async latestAuditReason(
		communityId: string,
		action: AuditAction,
		target: string,
		since: number
	): Promise<string | undefined> {
		const newest = (await this.listAudit(communityId)).find(
			(entry) => entry.action === action && entry.target === target && entry.at >= since
		);
		return newest?.reason;
	}

	async setBlocks(
		communityId: string,
		pseudonymId: string,
		blocked: readonly string[]
	): Promise<void> {
		this.#blocks.set(key(communityId, pseudonymId), [...new Set(blocked)].sort());
	}

	async blocksOf(communityId: string, pseudonymId: string): Promise<string[]> {
		return [...(this.#blocks.get(key(communityId, pseudonymId)) ?? [])];
	}

	async blockersAmong(
		communityId: string,
		blockedId: string,
		candidates: readonly string[]
	): Promise<string[]> {
		return [...new Set(candidates)].filter((candidate) =>
			this.#blocks.get(key(communityId, candidate))?.includes(blockedId)
		);
	}

	async acceptGuidelines(acceptance: GuidelinesAcceptance): Promise<void> {
		this.#guidelines.set(key(acceptance.userId, acceptance.communityId), acceptance.version);
	}

	async acceptedGuidelines(userId: string, communityId: string): Promise<string | undefined> {
		return this.#guidelines.get(key(userId, communityId));
	}

	async addNotice(notice: Notice): Promise<void> {
		const { secondLook: _ignored, ...stored } = structuredClone(notice);
		this.#notices.push(stored);
	}

	async noticesFor(userId: string): Promise<Notice[]> {
		const warnings = this.#warnings.filter((w) => w.userId === userId).map(noticeOfWarning);
		const notices = this.#notices.filter((n) => n.userId === userId).map((n) => structuredClone(n));
		return [...warnings, ...notices]
			.map((notice) => this.#withSecondLook(notice))
			.sort(compareNotices);
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
		const newest = this.#notices
			.filter(
				(n) =>
					n.communityId === communityId &&
					n.kind === kind &&
					n.target?.id === targetId &&
					n.reason === null
			)
			.sort(compareNotices)[0];
		if (!newest) return false;
		newest.reason = reason;
		return true;
	}

	async requestSecondLook(userId: string, noticeId: string, report: Report): Promise<void> {
		if (!(await this.noticeFor(userId, noticeId))) {
			throw new ModerationStoreError('unknown-notice', 'There is no such notice.');
		}
		if (this.#secondLooks.has(noticeId)) {
			throw new ModerationStoreError('already-asked', 'A second look was asked for already.');
		}
		await this.createReport(report);
		this.#secondLooks.set(noticeId, {
			requestedAt: report.createdAt,
			reportId: report.reportId
		});
	}

	#withSecondLook(notice: Notice): Notice {
		const asked = this.#secondLooks.get(notice.noticeId);
		return asked ? { ...notice, secondLook: { ...asked } } : notice;
	}

	async close(): Promise<void> {}

	async forgetPerson(userId: string, pseudonymIds: readonly string[]): Promise<void> {
		const theirs = new Set(pseudonymIds);
		const firstOf = (entry: string) => (JSON.parse(entry) as [string, string])[0];
		const secondOf = (entry: string) => (JSON.parse(entry) as [string, string])[1];
		for (const entry of [...this.#moderators]) {
			if (firstOf(entry) === userId) this.#moderators.delete(entry);
		}
		deleteKeysWhere(this.#reports, (_, report) => report.reporterId === userId);
		deleteKeysWhere(this.#mutes, (entry) => firstOf(entry) === userId);
		deleteKeysWhere(this.#guidelines, (entry) => firstOf(entry) === userId);
		deleteKeysWhere(this.#blocks, (entry) => theirs.has(secondOf(entry)));
		const notices = new Set(
			[...this.#notices, ...this.#warnings]
				.filter((told) => told.userId === userId)
				.map((told) => ('noticeId' in told ? told.noticeId : told.warningId))
		);
		removeWhere(this.#warnings, (warning) => warning.userId === userId);
		removeWhere(this.#notices, (notice) => notice.userId === userId);
		deleteKeysWhere(this.#secondLooks, (noticeId) => notices.has(noticeId));
	}
}

function deleteKeysWhere<V>(map: Map<string, V>, doomed: (key: string, value: V) => boolean) {
	for (const [entry, value] of [...map]) if (doomed(entry, value)) map.delete(entry);
}

function removeWhere<T>(list: T[], doomed: (item: T) => boolean): void {
	const kept = list.filter((item) => !doomed(item));
	list.splice(0, list.length, ...kept);
}

function key(userId: string, communityId: string): string {
	return JSON.stringify([userId, communityId]);
}
