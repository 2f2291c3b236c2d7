/**
 * What every `ModerationCacheRepository` must do. Run by `dexie-moderation-cache.repository.spec.ts`
 * (IndexedDB, through fake-indexeddb) and `memory-moderation-cache.repository.spec.ts`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Notice, Report } from '../domain/moderation/moderation-records';
import type { ModerationCacheRepository } from './moderation-cache.repository';
import { StorageFullError } from './storage-errors';

export interface ModerationCacheHarness {
	repository: ModerationCacheRepository;
	/** From now on, the device refuses writes as when it is full. */
	fillStorage(): void;
	/** Stores a raw value under the notices' key, bypassing the repository. */
	storeRawNotices(value: unknown): Promise<void>;
	dispose(): Promise<void>;
}

const REPORT: Report = {
	reportId: 'r1',
	communityId: 'anxiety',
	target: { kind: 'reply', id: 'reply1', thread: 'thread1', part: '2026-11' },
	reason: 'self-harm-risk',
	note: 'Worried about them',
	createdAt: 1_000
};

const NOTICE: Notice = {
	kind: 'hidden',
	noticeId: 'n1',
	communityId: 'anxiety',
	pseudonymId: 'p1',
	reason: 'Please keep it kind',
	at: 2_000,
	target: { kind: 'thread', id: 'thread1' },
	excerpt: 'What I wrote'
};

export function describeModerationCacheContract(
	name: string,
	createHarness: () => Promise<ModerationCacheHarness>
): void {
	describe(`${name} (ModerationCacheRepository contract)`, () => {
		const harnesses: ModerationCacheHarness[] = [];
		async function open(): Promise<ModerationCacheHarness> {
			const harness = await createHarness();
			harnesses.push(harness);
			return harness;
		}
		afterEach(async () => {
			await Promise.all(harnesses.splice(0).map((harness) => harness.dispose()));
		});

		it('starts empty', async () => {
			const { repository } = await open();
			expect(await repository.loadRoles()).toBeNull();
			expect(await repository.loadNotices()).toBeNull();
			expect(await repository.loadQueue('anxiety')).toBeNull();
		});

		it('keeps roles, notices and each community’s queue apart', async () => {
			const { repository } = await open();
			const roles = { userId: 'u1', roles: { admin: false, moderates: ['anxiety'] } };
			const notices = { userId: 'u1', notices: [NOTICE], fetchedAt: 3_000, seenAt: 2_000 };
			await repository.saveRoles(roles);
			await repository.saveNotices(notices);
			await repository.saveQueue('anxiety', { reports: [REPORT], fetchedAt: 4_000 });
			expect(await repository.loadRoles()).toEqual(roles);
			expect(await repository.loadNotices()).toEqual(notices);
			expect(await repository.loadQueue('anxiety')).toEqual({
				reports: [REPORT],
				fetchedAt: 4_000
			});
			expect(await repository.loadQueue('grief')).toBeNull();
		});

		it('replaces a copy saved again', async () => {
			const { repository } = await open();
			await repository.saveQueue('anxiety', { reports: [REPORT], fetchedAt: 4_000 });
			await repository.saveQueue('anxiety', { reports: [], fetchedAt: 5_000 });
			expect(await repository.loadQueue('anxiety')).toEqual({ reports: [], fetchedAt: 5_000 });
		});

		it('forgets one community’s queue, and keeps the others', async () => {
			const { repository } = await open();
			await repository.saveQueue('anxiety', { reports: [REPORT], fetchedAt: 4_000 });
			await repository.saveQueue('grief', { reports: [REPORT], fetchedAt: 4_000 });
			await repository.removeQueue('anxiety');
			await repository.removeQueue('never-moderated');
			expect(await repository.loadQueue('anxiety')).toBeNull();
			expect(await repository.loadQueue('grief')).toEqual({ reports: [REPORT], fetchedAt: 4_000 });
		});

		it('reads a damaged copy as none, and leaves out a damaged entry', async () => {
			const harness = await open();
			await harness.storeRawNotices('nonsense');
			expect(await harness.repository.loadNotices()).toBeNull();
			await harness.storeRawNotices({
				userId: 'u1',
				notices: [NOTICE, { kind: 'shouting' }],
				fetchedAt: 3_000,
				seenAt: 0
			});
			expect((await harness.repository.loadNotices())?.notices).toEqual([NOTICE]);
		});

		it('says when the device is full', async () => {
			const harness = await open();
			harness.fillStorage();
			await expect(
				harness.repository.saveQueue('anxiety', { reports: [], fetchedAt: 1 })
			).rejects.toBeInstanceOf(StorageFullError);
		});
	});
}
