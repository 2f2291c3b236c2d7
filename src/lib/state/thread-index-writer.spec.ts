import { describe, expect, it } from 'vitest';
import { indexedThread } from '../storage/thread-index-repository.contract';
import { MemoryThreadIndexRepository } from '../storage/memory-thread-index.repository';
import type { IndexedThread } from '../storage/thread-index.repository';
import { changesFrom, ThreadIndexWriter } from './thread-index-writer';

function writer(
	repository: MemoryThreadIndexRepository,
	list: { threads: IndexedThread[] },
	failures: unknown[] = []
) {
	return new ThreadIndexWriter({
		community: 'anxiety',
		repository,
		read: () => list.threads,
		delayMs: 0,
		idle: async () => {},
		onFailure: (e) => failures.push(e)
	});
}

describe('ThreadIndexWriter', () => {
	it('writes every thread once, then only the ones that changed, and removes the gone', async () => {
		const repository = new MemoryThreadIndexRepository();
		const list = { threads: [indexedThread('a', 1), indexedThread('b', 2), indexedThread('c', 3)] };
		const index = writer(repository, list);
		await index.flush();
		expect(repository.written).toBe(3);
		list.threads = [indexedThread('a', 4, { replyCount: 1 }), indexedThread('b', 2)];
		await index.flush();
		expect(repository.written).toBe(4);
		expect((await repository.latest('anxiety', 30)).map((t) => t.id)).toEqual(['a', 'b']);
	});

	it('writes nothing at a start where the index already matches the documents', async () => {
		const repository = new MemoryThreadIndexRepository();
		const list = { threads: [indexedThread('a', 1), indexedThread('b', 2)] };
		await writer(repository, list).flush();
		await writer(repository, list).flush();
		expect(repository.written).toBe(2);
	});

	it('gathers changes: many in a moment are one write', async () => {
		const repository = new MemoryThreadIndexRepository();
		const list = { threads: [indexedThread('a', 1)] };
		const index = writer(repository, list);
		index.changed();
		list.threads = [indexedThread('a', 2), indexedThread('b', 3)];
		index.changed();
		await expect.poll(() => repository.written).toBe(2);
		await index.stop();
		expect((await repository.all('anxiety')).map((t) => t.lastActivity)).toEqual([
			indexedThread('a', 2).lastActivity,
			indexedThread('b', 3).lastActivity
		]);
	});

	it('tries a refused write again with the next change', async () => {
		let full = true;
		const repository = new MemoryThreadIndexRepository({
			beforeWrite() {
				if (full) throw new DOMException('Simulated: the device is full', 'QuotaExceededError');
			}
		});
		const failures: unknown[] = [];
		const index = writer(repository, { threads: [indexedThread('a', 1)] }, failures);
		await index.flush();
		expect(failures).toHaveLength(1);
		expect(await repository.all('anxiety')).toEqual([]);
		full = false;
		await index.flush();
		expect((await repository.all('anxiety')).map((t) => t.id)).toEqual(['a']);
	});

	it('writes nothing once stopped, even a change already waiting', async () => {
		const repository = new MemoryThreadIndexRepository();
		const index = new ThreadIndexWriter({
			community: 'anxiety',
			repository,
			read: () => [indexedThread('a', 1)],
			delayMs: 10,
			idle: async () => {}
		});
		index.changed();
		await index.stop();
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(repository.written).toBe(0);
	});
});

describe('changesFrom', () => {
	it('puts new and changed threads, and removes those no longer listed', () => {
		const stored = new Map<string, string>();
		const first = changesFrom(stored, [indexedThread('a', 1)]);
		expect(first).toEqual({ put: [indexedThread('a', 1)], remove: [] });
		expect(changesFrom(new Map([['gone', 'x']]), []).remove).toEqual(['gone']);
	});
});
