/**
 * The first screen's rows as list items (blocks, unread, "you"), and the page's own read of it:
 * only for a joined community with an index, and never a failure the page has to handle.
 */
import { describe, expect, it } from 'vitest';
import { formatHlc } from '../domain/journal/hlc';
import { joinedRecord } from '../storage/community-repository.contract';
import { MemoryCommunityRepository } from '../storage/memory-community.repository';
import { MemoryThreadIndexRepository } from '../storage/memory-thread-index.repository';
import { indexedThread } from '../storage/thread-index-repository.contract';
import { FIRST_SCREEN_THREADS, firstScreenItems, readPagePreview } from './first-screen';

const INFO = { id: 'anxiety', name: 'Anxiety', description: 'Together', guidelines: ['Be kind.'] };
const at = (minute: number) =>
	formatHlc({ wall: Date.UTC(2026, 10, 26, 10, minute), counter: 0, node: 'node0001' });

describe('firstScreenItems', () => {
	const reader = { blocked: new Set<string>(), readMarks: new Map<string, string>(), me: '' };

	it('leaves out blocked authors and keeps the order it is given', () => {
		const rows = [
			indexedThread('a', 3, { author: 'p-kind' }),
			indexedThread('b', 2, { author: 'p-blocked' }),
			indexedThread('c', 1, { author: 'p-kind' })
		];
		const items = firstScreenItems(rows, { ...reader, blocked: new Set(['p-blocked']) });
		expect(items.map((item) => item.id)).toEqual(['a', 'c']);
	});

	it('is unread until read at or after its latest activity', () => {
		const rows = [indexedThread('never', 5), indexedThread('before', 5), indexedThread('after', 5)];
		const readMarks = new Map([
			['before', at(4)],
			['after', at(5)]
		]);
		const items = firstScreenItems(rows, { ...reader, readMarks });
		expect(items.map((item) => [item.id, item.unread])).toEqual([
			['never', true],
			['before', true],
			['after', false]
		]);
	});

	it('says "you" from the row, or from the pseudonym once it is known', () => {
		const rows = [
			indexedThread('marked', 3, { mine: true }),
			indexedThread('older-row', 2, { author: 'p-me' }),
			indexedThread('theirs', 1)
		];
		const mine = (me: string) =>
			firstScreenItems(rows, { ...reader, me }).map((item) => item.author.isMe);
		expect(mine('')).toEqual([true, false, false]);
		expect(mine('p-me')).toEqual([true, true, false]);
	});

	it('carries what the card shows', () => {
		const row = indexedThread('t', 7, {
			replyCount: 4,
			contentWarning: 'loss',
			tags: ['sleep'],
			delivered: false
		});
		const [item] = firstScreenItems([row], reader);
		expect(item).toMatchObject({
			id: 't',
			title: 'Thread t',
			excerpt: 'First words',
			author: { id: 'p-author', name: 'Quiet Heron', isMe: false },
			writtenAt: row.writtenAt,
			lastActivityAt: Date.UTC(2026, 10, 26, 10, 7),
			replyCount: 4,
			contentWarning: 'loss',
			tags: ['sleep'],
			delivered: false
		});
	});
});

describe('readPagePreview', () => {
	async function joinedWith(rows: number) {
		const communities = new MemoryCommunityRepository();
		const threadIndex = new MemoryThreadIndexRepository();
		await communities.saveJoined(joinedRecord(INFO.id, { info: INFO }));
		const put = Array.from({ length: rows }, (_, i) => indexedThread(`t${i}`, i % 60));
		await threadIndex.update(INFO.id, { put, remove: [] });
		return { communities, threadIndex };
	}

	it('gives the name, the latest page of threads and the read marks', async () => {
		const storage = await joinedWith(45);
		await storage.communities.markRead(INFO.id, 't1', at(1));
		const preview = await readPagePreview(async () => storage, INFO.id);
		expect(preview?.name).toBe('Anxiety');
		expect(preview?.rows).toHaveLength(FIRST_SCREEN_THREADS);
		const order = (preview?.rows ?? []).map((row) => row.lastActivity);
		expect(order).toEqual([...order].sort().reverse());
		expect(preview?.readMarks.get('t1')).toBe(at(1));
	});

	it('gives nothing for a community not joined here, or with nothing indexed yet', async () => {
		const storage = await joinedWith(3);
		expect(await readPagePreview(async () => storage, 'parents')).toBeNull();
		const empty = await joinedWith(0);
		expect(await readPagePreview(async () => empty, INFO.id)).toBeNull();
	});

	it('gives nothing, without throwing, when storage or a read fails', async () => {
		const refused = async () => {
			throw new Error('storage could not be opened');
		};
		expect(await readPagePreview(refused, INFO.id)).toBeNull();
		const storage = await joinedWith(3);
		storage.threadIndex.latest = async () => {
			throw new Error('unreadable');
		};
		expect(await readPagePreview(async () => storage, INFO.id)).toBeNull();
	});
});
