// The in-memory twin of the SQLite ModerationStore, for tests of the API and anything above it.
import {
	compareReports,
	ModerationStoreError,
	type AuditEntry,
	type ModerationStore,
	type Mute,
	type Report,
	type Warning
} from './moderation-store';

export class MemoryModerationStore implements ModerationStore {
	readonly #moderators = new Set<string>();
	readonly #reports = new Map<string, Report>();
	readonly #audit: AuditEntry[] = [];
	readonly #mutes = new Map<string, Mute>();
	readonly #warnings: Warning[] = [];

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

	async createReport(report: Report): Promise<void> {
		if (this.#reports.has(report.reportId)) {
			throw new ModerationStoreError('report-exists', 'A report with this id exists.');
		}
		this.#reports.set(report.reportId, structuredClone(report));
	}

	async countReportsSince(reporterId: string, since: number): Promise<number> {
		return [...this.#reports.values()].filter(
			(report) => report.reporterId === reporterId && report.createdAt >= since
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

	async close(): Promise<void> {}
}

function key(userId: string, communityId: string): string {
	return JSON.stringify([userId, communityId]);
}
