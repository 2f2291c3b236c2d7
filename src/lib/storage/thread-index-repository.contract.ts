/**
 * What every `ThreadIndexRepository` must do. Run by `dexie-thread-index.repository.spec.ts` and
 * `memory-thread-index.repository.spec.ts`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatHlc } from '../domain/journal/hlc';
import { StorageFullError } from './storage-errors';
import type { IndexedThread, ThreadIndexRepository } from './thread-index.repository';

export interface ThreadIndexHarness {
	repository: ThreadIndexRepository;
	/** From now on, the device refuses writes as when it is full. */
	fillStorage(): void;
	/** Stores `value` as it is under `id`, bypassing every check, as a damaged disk would. */
	plant(community: string, id: string, value: unknown): Promise<void>;
	dispose(): Promise<void>;
}

export type CreateThreadIndexHarness = () => Promise<ThreadIndexHarness>;

/** A thread whose latest activity is at `minute` past the hour (so the order is plain). */
export function indexedThread(id: string, minute: number, extra: Partial<IndexedThread> = {}) {
	const wall = Date.UTC(2026, 10, 26, 10, minute);
	return {
		id,
		title: `Thread ${id}`,
		excerpt: 'First words',
		author: 'p-author',
		authorName: 'Quiet Heron',
		writtenAt: wall,
		lastActivity: formatHlc({ wall, counter: 0, node: 'node0001' }),
		replyCount: 0,
		contentWarning: null,
		tags: [],
		delivered: true,
		mine: false,
		...extra
	} satisfies IndexedThread;
}

export function describeThreadIndexRepositoryContract(
	name: string,
	createHarness: CreateThreadIndexHarness
): void {
	describe(`${name} (ThreadIndexRepository contract)`, () => {
		const harnesses: ThreadIndexHarness[] = [];
		async function open() {
			const harness = await createHarness();
			harnesses.push(harness);
			return harness;
		}
		afterEach(async () => {
			for (const harness of harnesses.splice(0)) await harness.dispose();
		});

		it('has nothing for a community it never indexed', async () => {
			const { repository } = await open();
			expect(await repository.latest('anxiety', 30)).toEqual([]);
			expect(await repository.all('anxiety')).toEqual([]);
		});

		it('gives the latest threads first, as many as asked, and only that community', async () => {
			const { repository } = await open();
			const threads = [3, 1, 4, 0, 2].map((minute) => indexedThread(`t${minute}`, minute));
			await repository.update('anxiety', { put: threads, remove: [] });
			await repository.update('parents', { put: [indexedThread('t9', 9)], remove: [] });
			expect((await repository.latest('anxiety', 3)).map((t) => t.id)).toEqual(['t4', 't3', 't2']);
			expect(await repository.latest('anxiety', 30)).toHaveLength(5);
			expect((await repository.all('anxiety')).map((t) => t.id).sort()).toEqual([
				't0',
				't1',
				't2',
				't3',
				't4'
			]);
			expect((await repository.all('parents')).map((t) => t.id)).toEqual(['t9']);
		});

		it('keeps every field as written', async () => {
			const { repository } = await open();
			const thread = indexedThread('t1', 1, {
				replyCount: 12,
				contentWarning: 'loss',
				tags: ['sleep', 'nights'],
				delivered: false,
				mine: true
			});
			await repository.update('anxiety', { put: [thread], remove: [] });
			expect(await repository.all('anxiety')).toEqual([thread]);
		});

		it('moves a thread whose activity changed, and removes what it is told to', async () => {
			const { repository } = await open();
			await repository.update('anxiety', {
				put: [indexedThread('a', 1), indexedThread('b', 2), indexedThread('c', 3)],
				remove: []
			});
			await repository.update('anxiety', {
				put: [indexedThread('a', 5, { replyCount: 1 })],
				remove: ['b', 'never-there']
			});
			const latest = await repository.latest('anxiety', 30);
			expect(latest.map((t) => t.id)).toEqual(['a', 'c']);
			expect(latest[0]?.replyCount).toBe(1);
		});

		it('skips rows it cannot read, and a row stored under another thread id', async () => {
			const harness = await open();
			await harness.repository.update('anxiety', { put: [indexedThread('good', 1)], remove: [] });
			await harness.plant('anxiety', 'junk', { id: 'junk', title: 42 });
			await harness.plant('anxiety', 'clock', {
				...indexedThread('clock', 3),
				lastActivity: 'soon'
			});
			await harness.plant('anxiety', 'moved', indexedThread('other', 2));
			expect((await harness.repository.latest('anxiety', 30)).map((t) => t.id)).toEqual(['good']);
			expect((await harness.repository.all('anxiety')).map((t) => t.id)).toEqual(['good']);
		});

		it("reads a row from before it said whose it was as not the person's", async () => {
			const harness = await open();
			const { mine: _mine, ...older } = indexedThread('older', 1);
			await harness.plant('anxiety', 'older', older);
			await harness.plant('anxiety', 'odd', { ...indexedThread('odd', 2), mine: 'yes' });
			expect(await harness.repository.all('anxiety')).toEqual([indexedThread('older', 1)]);
		});

		it('hands out copies: changing one changes nothing stored', async () => {
			const { repository } = await open();
			const thread = indexedThread('t1', 1, { tags: ['a'] });
			await repository.update('anxiety', { put: [thread], remove: [] });
			thread.tags.push('changed after writing');
			const [read] = await repository.all('anxiety');
			read?.tags.push('changed after reading');
			expect((await repository.all('anxiety'))[0]?.tags).toEqual(['a']);
		});

		it('removes one community whole, and leaves the others', async () => {
			const { repository } = await open();
			await repository.update('anxiety', { put: [indexedThread('a', 1)], remove: [] });
			await repository.update('parents', { put: [indexedThread('b', 2)], remove: [] });
			await repository.removeCommunity('anxiety');
			expect(await repository.all('anxiety')).toEqual([]);
			expect((await repository.all('parents')).map((t) => t.id)).toEqual(['b']);
		});

		it('says StorageFullError when the device refuses, and applies none of that change', async () => {
			const harness = await open();
			await harness.repository.update('anxiety', { put: [indexedThread('a', 1)], remove: [] });
			harness.fillStorage();
			await expect(
				harness.repository.update('anxiety', { put: [indexedThread('b', 2)], remove: ['a'] })
			).rejects.toBeInstanceOf(StorageFullError);
			expect((await harness.repository.all('anxiety')).map((t) => t.id)).toEqual(['a']);
		});
	});
}
