/**
 * What every ModerationStore must do. Run by memory-moderation-store.spec.ts and
 * sqlite-moderation-store.spec.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
	ModerationStoreError,
	type ModerationStore,
	type Notice,
	type Report
} from './moderation-store';

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

function notice(noticeId: string, overrides: Partial<Notice> = {}): Notice {
	return {
		noticeId,
		userId: 'u1',
		communityId: 'anxiety',
		pseudonymId: 'p1',
		kind: 'hidden',
		reason: null,
		at: 1_000,
		target: { kind: 'reply', id: 'r1', part: '2026-11', thread: 't1' },
		excerpt: 'A hard day',
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

		it('lists the communities a person moderates', async () => {
			const store = await open();
			await store.appointModerator('u1', 'grief');
			await store.appointModerator('u1', 'anxiety');
			await store.appointModerator('u2', 'caregivers');
			expect(await store.moderatedBy('u1')).toEqual(['anxiety', 'grief']);
			expect(await store.moderatedBy('nobody')).toEqual([]);
		});

		it('keeps where a reported record is, and sorts second looks after risk', async () => {
			const store = await open();
			const where = { kind: 'reply' as const, id: 'r1', part: '2026-11', thread: 't1' };
			await store.createReport(report('placed', { target: where, createdAt: 1 }));
			await store.createReport(
				report('again', {
					reason: 'second-look',
					createdAt: 5,
					notice: { noticeId: 'n1', kind: 'hidden', reason: null },
					excerpt: 'A hard day'
				})
			);
			await store.createReport(report('risk', { reason: 'self-harm-risk', createdAt: 9 }));
			const queue = await store.listOpenReports('anxiety');
			expect(queue.map((r) => r.reportId)).toEqual(['risk', 'again', 'placed']);
			expect(queue[2]?.target).toEqual(where);
			expect(queue[1]?.notice).toEqual({ noticeId: 'n1', kind: 'hidden', reason: null });
			expect(queue[1]?.excerpt).toBe('A hard day');
		});

		it('does not count second looks toward the report limit', async () => {
			const store = await open();
			await store.createReport(report('a', { createdAt: 10 }));
			await store.createReport(report('b', { createdAt: 10, reason: 'second-look' }));
			expect(await store.countReportsSince('u-reporter', 0)).toBe(1);
		});

		it('replaces a block list whole, per pseudonym and community', async () => {
			const store = await open();
			await store.setBlocks('anxiety', 'p1', ['p3', 'p2', 'p2']);
			await store.setBlocks('grief', 'p1', ['p4']);
			expect(await store.blocksOf('anxiety', 'p1')).toEqual(['p2', 'p3']);
			expect(await store.blockersAmong('anxiety', 'p2', ['p1', 'p5', 'p1'])).toEqual(['p1']);
			expect(await store.blockersAmong('grief', 'p2', ['p1'])).toEqual([]);
			await store.setBlocks('anxiety', 'p1', ['p4']);
			expect(await store.blocksOf('anxiety', 'p1')).toEqual(['p4']);
			expect(await store.blockersAmong('anxiety', 'p2', ['p1'])).toEqual([]);
			await store.setBlocks('anxiety', 'p1', []);
			expect(await store.blocksOf('anxiety', 'p1')).toEqual([]);
		});

		it('remembers the guidelines version a person accepted, per community', async () => {
			const store = await open();
			expect(await store.acceptedGuidelines('u1', 'anxiety')).toBeUndefined();
			await store.acceptGuidelines({ userId: 'u1', communityId: 'anxiety', version: 'a', at: 1 });
			await store.acceptGuidelines({ userId: 'u1', communityId: 'anxiety', version: 'b', at: 2 });
			expect(await store.acceptedGuidelines('u1', 'anxiety')).toBe('b');
			expect(await store.acceptedGuidelines('u1', 'grief')).toBeUndefined();
			expect(await store.acceptedGuidelines('u2', 'anxiety')).toBeUndefined();
		});

		it('gives a person their notices, warnings included, newest first', async () => {
			const store = await open();
			const hidden = notice('n1', { at: 2_000 });
			const muted = notice('n2', {
				kind: 'muted',
				reason: 'cooling off',
				at: 3_000,
				target: undefined,
				excerpt: undefined,
				until: 9_000
			});
			delete muted.target;
			delete muted.excerpt;
			await store.addNotice(hidden);
			await store.addNotice(muted);
			await store.addNotice(notice('n3', { userId: 'u2' }));
			await store.addWarning({
				warningId: 'w1',
				communityId: 'anxiety',
				userId: 'u1',
				pseudonymId: 'p1',
				reason: 'be kind',
				by: 'u-mod',
				at: 1_000
			});
			expect(await store.noticesFor('u1')).toEqual([
				muted,
				hidden,
				{
					noticeId: 'w1',
					userId: 'u1',
					communityId: 'anxiety',
					pseudonymId: 'p1',
					kind: 'warning',
					reason: 'be kind',
					at: 1_000
				}
			]);
			expect(await store.noticeFor('u1', 'w1')).toMatchObject({ kind: 'warning' });
			expect(await store.noticeFor('u2', 'n1')).toBeUndefined();
		});

		it("fills in the newest reasonless notice's reason for a target", async () => {
			const store = await open();
			await store.addNotice(notice('old', { at: 1 }));
			await store.addNotice(notice('new', { at: 2 }));
			await store.addNotice(notice('said', { at: 3, reason: 'already said' }));
			expect(await store.fillNoticeReason('anxiety', 'hidden', 'r1', 'spam')).toBe(true);
			expect(await store.fillNoticeReason('anxiety', 'removed', 'r1', 'spam')).toBe(false);
			const reasons = (await store.noticesFor('u1')).map((n) => [n.noticeId, n.reason]);
			expect(reasons).toEqual([
				['said', 'already said'],
				['new', 'spam'],
				['old', null]
			]);
		});

		it('asks for a second look once, only about one’s own notice', async () => {
			const store = await open();
			await store.addNotice(notice('n1'));
			const look = report('look', { reason: 'second-look', reporterId: 'u1', createdAt: 7 });
			await expect(store.requestSecondLook('u2', 'n1', look)).rejects.toMatchObject({
				code: 'unknown-notice'
			});
			expect(await store.getReport('look')).toBeUndefined();
			await store.requestSecondLook('u1', 'n1', look);
			expect(await store.getReport('look')).toEqual(look);
			expect((await store.noticeFor('u1', 'n1'))?.secondLook).toEqual({
				requestedAt: 7,
				reportId: 'look'
			});
			const again = report('again', { reason: 'second-look', reporterId: 'u1' });
			await expect(store.requestSecondLook('u1', 'n1', again)).rejects.toMatchObject({
				code: 'already-asked'
			});
			expect(await store.getReport('again')).toBeUndefined();
		});

		it('forgets a deleted person, keeping the audit log and others’ blocks of them', async () => {
			const store = await open();
			const mine = { communityId: 'anxiety', userId: 'u1', reason: 'r', by: 'u-mod', at: 1 };
			await store.appointModerator('u1', 'grief');
			await store.appointModerator('u2', 'grief');
			await store.createReport(report('by-them', { reporterId: 'u1' }));
			await store.createReport(report('by-other', { reporterId: 'u2' }));
			await store.setMute({ ...mine, until: 9_000 });
			await store.addWarning({ ...mine, warningId: 'w1', pseudonymId: 'p1' });
			await store.addNotice(notice('n1'));
			await store.requestSecondLook(
				'u1',
				'n1',
				report('look', { reason: 'second-look', reporterId: 'u1' })
			);
			await store.acceptGuidelines({ userId: 'u1', communityId: 'anxiety', version: 'a', at: 1 });
			await store.setBlocks('anxiety', 'p1', ['p2']);
			await store.setBlocks('anxiety', 'p2', ['p1']);
			await store.appendAudit({ ...mine, actorId: 'u-mod', action: 'mute', target: 'u1' });

			await store.forgetPerson('u1', ['p1']);

			expect(await store.moderatedBy('u1')).toEqual([]);
			expect(await store.listModerators('grief')).toEqual(['u2']);
			expect(await store.getReport('by-them')).toBeUndefined();
			expect(await store.getReport('look')).toBeUndefined();
			expect(await store.getReport('by-other')).toBeDefined();
			expect(await store.activeMute('u1', 'anxiety', 2)).toBeUndefined();
			expect(await store.noticesFor('u1')).toEqual([]);
			expect(await store.acceptedGuidelines('u1', 'anxiety')).toBeUndefined();
			expect(await store.blocksOf('anxiety', 'p1')).toEqual([]);
			expect(await store.blocksOf('anxiety', 'p2')).toEqual(['p1']);
			expect(await store.listAudit('anxiety')).toHaveLength(1);
		});

		it('finds the reason of the newest logged action on a target', async () => {
			const store = await open();
			const entry = {
				communityId: 'anxiety',
				actorId: 'u-mod',
				action: 'remove' as const,
				target: 'r1',
				at: 10
			};
			await store.appendAudit({ ...entry, reason: 'old reason' });
			await store.appendAudit({ ...entry, at: 20, reason: 'spam' });
			await store.appendAudit({ ...entry, action: 'hide', at: 30, reason: 'other' });
			expect(await store.latestAuditReason('anxiety', 'remove', 'r1', 15)).toBe('spam');
			expect(await store.latestAuditReason('anxiety', 'remove', 'r1', 25)).toBeUndefined();
			expect(await store.latestAuditReason('grief', 'remove', 'r1', 0)).toBeUndefined();
		});
	});
}
