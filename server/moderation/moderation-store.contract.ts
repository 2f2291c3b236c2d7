/**
 * What every ModerationStore must do. Run by memory-moderation-store.spec.ts and
 * sqlite-moderation-store.spec.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ModerationStoreError, type ModerationStore, type Report } from './moderation-store';

export interface ModerationStoreHarness {
	store: ModerationStore;
	dispose(): Promise<void>;
}

function report(reportId: string, overrides: Partial<Report> = {}): Report {
	return {
		reportId,
		communityId: 'anxiety',
		reporterId: 'u-reporter',
		target: { kind: 'reply', id: 'r1' },
		reason: 'spam',
		createdAt: 1_000,
		...overrides
	};
}

export function describeModerationStoreContract(
	name: string,
	create: () => Promise<ModerationStoreHarness>
): void {
	describe(`${name} (ModerationStore contract)`, () => {
		let harness: ModerationStoreHarness | undefined;
		const open = async () => {
			harness = await create();
			return harness.store;
		};
		afterEach(async () => {
			await harness?.dispose();
			harness = undefined;
		});

		it('appoints moderators per community, once, and removes them', async () => {
			const store = await open();
			expect(await store.isModerator('u1', 'anxiety')).toBe(false);
			await store.appointModerator('u1', 'anxiety');
			await store.appointModerator('u1', 'anxiety');
			expect(await store.isModerator('u1', 'anxiety')).toBe(true);
			expect(await store.isModerator('u1', 'grief')).toBe(false);
			expect(await store.listModerators('anxiety')).toEqual(['u1']);
			expect(await store.removeModerator('u1', 'anxiety')).toBe(true);
			expect(await store.removeModerator('u1', 'anxiety')).toBe(false);
			expect(await store.isModerator('u1', 'anxiety')).toBe(false);
		});

		it('keeps reports and refuses a reused id', async () => {
			const store = await open();
			const made = report('a', { note: 'please look' });
			await store.createReport(made);
			expect(await store.getReport('a')).toEqual(made);
			await expect(store.createReport(report('a'))).rejects.toMatchObject({
				code: 'report-exists'
			});
			expect(await store.getReport('missing')).toBeUndefined();
		});

		it('lists open reports of one community, risk of self-harm first, then oldest', async () => {
			const store = await open();
			await store.createReport(report('old-spam', { createdAt: 1 }));
			await store.createReport(report('new-risk', { createdAt: 3, reason: 'self-harm-risk' }));
			await store.createReport(report('mid-harass', { createdAt: 2, reason: 'harassment' }));
			await store.createReport(report('elsewhere', { communityId: 'grief' }));
			const ids = (await store.listOpenReports('anxiety')).map((r) => r.reportId);
			expect(ids).toEqual(['new-risk', 'old-spam', 'mid-harass']);
		});

		it('resolves a report once, and drops it from the queue', async () => {
			const store = await open();
			await store.createReport(report('a'));
			const resolution = { outcome: 'hidden' as const, by: 'u-mod', at: 5_000 };
			expect((await store.resolveReport('a', resolution)).resolution).toEqual(resolution);
			expect(await store.listOpenReports('anxiety')).toEqual([]);
			expect((await store.getReport('a'))?.resolution).toEqual(resolution);
			const again = store.resolveReport('a', resolution);
			await expect(again).rejects.toBeInstanceOf(ModerationStoreError);
			await expect(again).rejects.toMatchObject({ code: 'already-resolved' });
			await expect(store.resolveReport('nope', resolution)).rejects.toMatchObject({
				code: 'unknown-report'
			});
		});

		it('counts a person’s reports since a moment, across communities', async () => {
			const store = await open();
			await store.createReport(report('a', { createdAt: 10 }));
			await store.createReport(report('b', { createdAt: 20, communityId: 'grief' }));
			await store.createReport(report('c', { createdAt: 30, reporterId: 'someone-else' }));
			expect(await store.countReportsSince('u-reporter', 10)).toBe(2);
			expect(await store.countReportsSince('u-reporter', 11)).toBe(1);
		});

		it('keeps an audit log per community, newest first', async () => {
			const store = await open();
			const first = {
				communityId: 'anxiety',
				actorId: 'admin',
				action: 'appoint-moderator' as const,
				target: 'u1',
				at: 1
			};
			const second = { ...first, action: 'remove-moderator' as const, reason: 'stepped down' };
			await store.appendAudit(first);
			await store.appendAudit(second);
			await store.appendAudit({ ...first, communityId: 'grief' });
			expect(await store.listAudit('anxiety')).toEqual([second, first]);
		});

		it('mutes a person in one community until a time, and lifts it', async () => {
			const store = await open();
			const mute = {
				communityId: 'anxiety',
				userId: 'u1',
				until: 5_000,
				reason: 'cooling off',
				by: 'u-mod',
				at: 1_000
			};
			await store.setMute(mute);
			expect(await store.activeMute('u1', 'anxiety', 4_999)).toEqual(mute);
			expect(await store.activeMute('u1', 'anxiety', 5_000)).toBeUndefined();
			expect(await store.activeMute('u1', 'grief', 1_000)).toBeUndefined();
			await store.setMute({ ...mute, until: 9_000 });
			expect((await store.activeMute('u1', 'anxiety', 6_000))?.until).toBe(9_000);
			expect(await store.liftMute('u1', 'anxiety')).toBe(true);
			expect(await store.liftMute('u1', 'anxiety')).toBe(false);
			expect(await store.activeMute('u1', 'anxiety', 1_000)).toBeUndefined();
		});

		it('keeps warnings and gives a person theirs, newest first', async () => {
			const store = await open();
			const first = {
				warningId: 'w1',
				communityId: 'anxiety',
				userId: 'u1',
				pseudonymId: 'p1',
				reason: 'please be gentle',
				by: 'u-mod',
				at: 1_000
			};
			const second = { ...first, warningId: 'w2', communityId: 'grief', at: 2_000 };
			await store.addWarning(first);
			await store.addWarning(second);
			await store.addWarning({ ...first, warningId: 'w3', userId: 'u2' });
			expect(await store.warningsFor('u1')).toEqual([second, first]);
			expect(await store.warningsFor('nobody')).toEqual([]);
		});
	});
}
