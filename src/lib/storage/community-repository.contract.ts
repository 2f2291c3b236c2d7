/**
 * What every `CommunityRepository` must do. Run by `dexie-community.repository.spec.ts`
 * (IndexedDB, through fake-indexeddb) and `memory-community.repository.spec.ts`.
 */

import { afterEach, describe, expect, it } from 'vitest';
import type {
	CommunityRepository,
	HeldRecord,
	JoinedCommunityRecord
} from './community.repository';
import { StorageFullError } from './storage-errors';

export interface CommunityHarness {
	repository: CommunityRepository;
	/** From now on, the device refuses writes as when it is full. */
	fillStorage(): void;
	/** Stores a raw joined-community value as it is, bypassing the repository. */
	storeRawJoined(id: string, value: unknown): Promise<void>;
	dispose(): Promise<void>;
}

export type CreateCommunityHarness = () => Promise<CommunityHarness>;

/** A joined community as stored, for tests: `extra` replaces any field. */
export const joinedRecord = (
	id: string,
	extra: Partial<JoinedCommunityRecord> = {}
): JoinedCommunityRecord => ({
	id,
	info: { id, name: `Community ${id}`, description: 'A place', guidelines: ['Be kind.'] },
	joinedAt: 1_000,
	guidelinesAcceptedAt: 1_000,
	chosenName: null,
	authoredMonths: [],
	openedMonths: [],
	...extra
});

export function describeCommunityRepositoryContract(
	name: string,
	createHarness: CreateCommunityHarness
): void {
	describe(`${name} (CommunityRepository contract)`, () => {
		const harnesses: CommunityHarness[] = [];

		async function open(): Promise<CommunityHarness> {
			const harness = await createHarness();
			harnesses.push(harness);
			return harness;
		}

		afterEach(async () => {
			await Promise.all(harnesses.splice(0).map((harness) => harness.dispose()));
		});

		it('starts empty', async () => {
			const { repository } = await open();
			expect(await repository.listJoined()).toEqual([]);
			expect(await repository.getJoined('anxiety')).toBeNull();
			expect(await repository.readMarks('anxiety')).toEqual(new Map());
			expect(await repository.loadCatalogue()).toBeNull();
			expect(await repository.loadConfirmed('community:anxiety:2026-11')).toEqual(new Map());
			expect(await repository.loadActivitySeen()).toBe(0);
		});

		it('keeps joined communities, oldest first, and replaces one saved again', async () => {
			const { repository } = await open();
			await repository.saveJoined(joinedRecord('sleep', { joinedAt: 2_000 }));
			await repository.saveJoined(joinedRecord('anxiety'));
			await repository.saveJoined(joinedRecord('anxiety', { chosenName: 'Quiet Fern' }));
			expect(await repository.listJoined()).toEqual([
				joinedRecord('anxiety', { chosenName: 'Quiet Fern' }),
				joinedRecord('sleep', { joinedAt: 2_000 })
			]);
			expect(await repository.getJoined('sleep')).toEqual(
				joinedRecord('sleep', { joinedAt: 2_000 })
			);
		});

		it('gives back copies the caller cannot change', async () => {
			const { repository } = await open();
			const record = joinedRecord('anxiety', { authoredMonths: ['2026-11'] });
			await repository.saveJoined(record);
			record.authoredMonths.push('2026-10');
			const loaded = await repository.getJoined('anxiety');
			loaded?.openedMonths.push('2020-01');
			expect(await repository.getJoined('anxiety')).toEqual(
				joinedRecord('anxiety', { authoredMonths: ['2026-11'] })
			);
		});

		it('skips an unreadable row instead of failing', async () => {
			const harness = await open();
			await harness.storeRawJoined('broken', { id: 'broken', joinedAt: 'yesterday' });
			await harness.repository.saveJoined(joinedRecord('anxiety'));
			expect(await harness.repository.listJoined()).toEqual([joinedRecord('anxiety')]);
			expect(await harness.repository.getJoined('broken')).toBeNull();
		});

		it('keeps the latest read mark per thread, per community', async () => {
			const { repository } = await open();
			await repository.markRead('anxiety', 't1', '000000000002000-000000-a');
			await repository.markRead('anxiety', 't1', '000000000001000-000000-a');
			await repository.markRead('anxiety', 't2', '000000000001000-000000-a');
			await repository.markRead('sleep', 't1', '000000000009000-000000-a');
			expect(await repository.readMarks('anxiety')).toEqual(
				new Map([
					['t1', '000000000002000-000000-a'],
					['t2', '000000000001000-000000-a']
				])
			);
		});

		it('leaving removes the community, its read marks and its confirmed vectors only', async () => {
			const { repository } = await open();
			await repository.saveJoined(joinedRecord('anxiety'));
			await repository.saveJoined(joinedRecord('sleep'));
			await repository.markRead('anxiety', 't1', '000000000002000-000000-a');
			await repository.markRead('sleep', 't1', '000000000002000-000000-a');
			await repository.saveConfirmed('community:anxiety:2026-11', new Map([[1, 5]]));
			await repository.saveConfirmed('community:sleep:2026-11', new Map([[1, 7]]));
			await repository.removeJoined('anxiety');
			expect((await repository.listJoined()).map((c) => c.id)).toEqual(['sleep']);
			expect(await repository.readMarks('anxiety')).toEqual(new Map());
			expect(await repository.loadConfirmed('community:anxiety:2026-11')).toEqual(new Map());
			expect(await repository.readMarks('sleep')).toEqual(
				new Map([['t1', '000000000002000-000000-a']])
			);
			expect(await repository.loadConfirmed('community:sleep:2026-11')).toEqual(new Map([[1, 7]]));
			await repository.removeJoined('never-joined');
		});

		it('keeps the catalogue, the confirmed vectors and the activity marker', async () => {
			const { repository } = await open();
			const catalogue = { communities: [joinedRecord('anxiety').info], fetchedAt: 5 };
			await repository.saveCatalogue(catalogue);
			await repository.saveConfirmed(
				'community:anxiety:2026-11',
				new Map([
					[10, 3],
					[20, 9]
				])
			);
			await repository.saveActivitySeen(1234);
			expect(await repository.loadCatalogue()).toEqual(catalogue);
			expect(await repository.loadConfirmed('community:anxiety:2026-11')).toEqual(
				new Map([
					[10, 3],
					[20, 9]
				])
			);
			expect(await repository.loadActivitySeen()).toBe(1234);
		});

		const held = (key: string, extra: Partial<HeldRecord> = {}): HeldRecord => ({
			community: 'anxiety',
			docName: 'community:anxiety:2026-11',
			map: 'replies',
			key,
			value: { id: key, body: 'Kept words' },
			state: 'draft',
			reason: 'blocked',
			heldAt: 1_000,
			...extra
		});

		it('keeps held records per community, oldest first, replaced by key and removed by key', async () => {
			const { repository } = await open();
			await repository.saveHeld([
				held('b', { heldAt: 2_000 }),
				held('a', { state: 'replaying', reason: 'client-id-taken' }),
				held('c', { community: 'sleep', docName: 'community:sleep:2026-11' })
			]);
			await repository.saveHeld([held('a', { reason: 'not-sent' })]);
			expect(await repository.listHeld('anxiety')).toEqual([
				held('a', { reason: 'not-sent' }),
				held('b', { heldAt: 2_000 })
			]);
			await repository.removeHeld('anxiety', [{ map: 'replies', key: 'a' }]);
			expect((await repository.listHeld('anxiety')).map((h) => h.key)).toEqual(['b']);
			await repository.removeJoined('anxiety');
			expect(await repository.listHeld('anxiety')).toEqual([]);
			expect((await repository.listHeld('sleep')).map((h) => h.key)).toEqual(['c']);
		});

		it('keeps the deletions a recovery has to make again, per document, until cleared', async () => {
			const { repository } = await open();
			const november = 'community:anxiety:2026-11';
			const gone = { map: 'threads' as const, key: 'gone', client: 7, clock: 3 };
			const reply = { map: 'replies' as const, key: 'r', client: 7, clock: 9 };
			await repository.saveDeletions('anxiety', november, [gone, reply]);
			await repository.saveDeletions('anxiety', 'community:anxiety:2026-10', [gone]);
			await repository.saveDeletions('sleep', 'community:sleep:2026-11', [gone]);
			expect(await repository.listDeletions('anxiety')).toEqual(
				new Map([
					[november, [gone, reply]],
					['community:anxiety:2026-10', [gone]]
				])
			);
			await repository.saveDeletions('anxiety', november, []);
			expect([...(await repository.listDeletions('anxiety')).keys()]).toEqual([
				'community:anxiety:2026-10'
			]);
			await repository.removeJoined('anxiety');
			expect(await repository.listDeletions('anxiety')).toEqual(new Map());
			expect((await repository.listDeletions('sleep')).size).toBe(1);
		});

		it('keeps which block lists still have to reach the server', async () => {
			const { repository } = await open();
			expect(await repository.loadBlocksToSend()).toEqual([]);
			await repository.saveBlocksToSend(['anxiety', 'sleep', 'anxiety']);
			expect(await repository.loadBlocksToSend()).toEqual(['anxiety', 'sleep']);
			await repository.saveBlocksToSend([]);
			expect(await repository.loadBlocksToSend()).toEqual([]);
		});

		it('keeps the accepted guidelines version with a joined community', async () => {
			const { repository } = await open();
			await repository.saveJoined(
				joinedRecord('anxiety', { guidelinesVersion: '0123456789abcdef', guidelinesSent: null })
			);
			expect(await repository.getJoined('anxiety')).toMatchObject({
				guidelinesVersion: '0123456789abcdef',
				guidelinesSent: null
			});
		});

		it('refuses writes with StorageFullError when the device is full, keeping what was there', async () => {
			const harness = await open();
			await harness.repository.saveJoined(joinedRecord('anxiety'));
			harness.fillStorage();
			await expect(
				harness.repository.saveJoined(joinedRecord('anxiety', { chosenName: 'Sam' }))
			).rejects.toBeInstanceOf(StorageFullError);
			await expect(harness.repository.markRead('anxiety', 't', 'x')).rejects.toBeInstanceOf(
				StorageFullError
			);
			await expect(
				harness.repository.saveCatalogue({ communities: [], fetchedAt: 1 })
			).rejects.toBeInstanceOf(StorageFullError);
			await expect(harness.repository.saveHeld([held('x')])).rejects.toBeInstanceOf(
				StorageFullError
			);
			expect(await harness.repository.getJoined('anxiety')).toEqual(joinedRecord('anxiety'));
			expect(await harness.repository.loadCatalogue()).toBeNull();
			expect(await harness.repository.listHeld('anxiety')).toEqual([]);
		});
	});
}
