import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryCommunityRepository } from '../storage/memory-community.repository';
import { MemoryDocumentRepository } from '../storage/memory-document.repository';
import { MemoryThreadIndexRepository } from '../storage/memory-thread-index.repository';
import { MemorySettingsRepository } from '../storage/memory-settings.repository';
import { blocks } from './blocks.svelte';
import { CommunityRoom } from './community-room.svelte';
import { settings } from './settings.svelte';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const BOB = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
const INFO = { id: 'anxiety', name: 'Anxiety', description: 'Together', guidelines: ['Be kind.'] };
const NOW = Date.UTC(2026, 10, 15, 12);

let communities: MemoryCommunityRepository;
let documents: MemoryDocumentRepository;
let repository: MemorySettingsRepository;
const rooms: CommunityRoom[] = [];

async function open(as: string): Promise<CommunityRoom> {
	const room = new CommunityRoom({
		info: INFO,
		identity: {
			pseudonymKeys: () => ({ id: as }),
			sessionToken: async () => 'session',
			registerPseudonym: async () => {}
		},
		communities,
		documents,
		threadIndex: new MemoryThreadIndexRepository(),
		sync: null,
		joined: true,
		now: () => NOW
	});
	rooms.push(room);
	await room.loaded;
	return room;
}

async function closeAll() {
	await Promise.all(rooms.splice(0).map((room) => room.close()));
}

beforeEach(async () => {
	communities = new MemoryCommunityRepository();
	documents = new MemoryDocumentRepository();
	repository = new MemorySettingsRepository();
	await settings.attach(repository);
	await communities.saveJoined({
		id: INFO.id,
		info: INFO,
		joinedAt: 1,
		guidelinesAcceptedAt: 1,
		chosenName: null,
		authoredMonths: [],
		openedMonths: []
	});
});
afterEach(closeAll);

/** Alice starts a thread; Bob replies, starts his own thread and reacts to hers. */
async function conversation() {
	const alice = await open(ALICE);
	const threadId = await alice.startThread({
		title: 'Mornings',
		body: 'Mornings are hard',
		contentWarning: null,
		tags: []
	});
	await closeAll();
	const bob = await open(BOB);
	await bob.reply(threadId, { body: 'Same here, mornings', contentWarning: null });
	await bob.toggleReaction(threadId, 'hear-you');
	await bob.startThread({
		title: 'Bob’s mornings',
		body: 'Coffee',
		contentWarning: null,
		tags: []
	});
	await closeAll();
	return { threadId, room: await open(ALICE) };
}

describe('blocking', () => {
	it('hides a blocked person’s replies, threads, reactions, search hits and activity', async () => {
		const { threadId, room } = await conversation();
		expect(room.thread(threadId)?.replies).toHaveLength(1);
		expect(room.threads).toHaveLength(2);
		expect(room.activity).toHaveLength(2);

		await blocks.block(INFO, { id: BOB, name: 'Bob' }, 7);

		expect(room.thread(threadId)?.replies).toEqual([]);
		expect(room.thread(threadId)?.reactions.every((r) => r.count === 0)).toBe(true);
		expect(room.threads.map((t) => t.title)).toEqual(['Mornings']);
		expect(room.threads[0]?.replyCount).toBe(0);
		expect(room.search('mornings').every((hit) => hit.replyId === null)).toBe(true);
		expect(room.activity).toEqual([]);
	});

	it('keeps the block on the device, by community pseudonym', async () => {
		await blocks.block(INFO, { id: BOB, name: 'Bob' }, 7);
		const { settings: stored } = await repository.load();
		expect(stored.blocked).toEqual([
			{
				communityId: INFO.id,
				communityName: INFO.name,
				pseudonymId: BOB,
				name: 'Bob',
				blockedAt: 7
			}
		]);
		expect(blocks.has(INFO.id, BOB)).toBe(true);
		expect(blocks.has('other-community', BOB)).toBe(false);
	});

	it('brings everything back when unblocked', async () => {
		const { threadId, room } = await conversation();
		await blocks.block(INFO, { id: BOB, name: 'Bob' });
		await blocks.unblock(INFO.id, BOB);
		expect(room.thread(threadId)?.replies).toHaveLength(1);
		expect(room.threads).toHaveLength(2);
		expect((await repository.load()).settings.blocked).toEqual([]);
	});

	it('does not block the same person in another community', async () => {
		const { threadId, room } = await conversation();
		await blocks.block({ id: 'another', name: 'Another' }, { id: BOB, name: 'Bob' });
		expect(room.thread(threadId)?.replies).toHaveLength(1);
	});

	it('keeps the block in view for this session when the device refuses to save it', async () => {
		const failing = new MemorySettingsRepository({
			beforeWrite: () => {
				throw new DOMException('Simulated: the device is full', 'QuotaExceededError');
			}
		});
		await settings.attach(failing);
		const warn = vi.spyOn(console, 'error').mockImplementation(() => {});
		await blocks.block(INFO, { id: BOB, name: 'Bob' });
		expect(blocks.has(INFO.id, BOB)).toBe(true);
		expect((await failing.load()).settings.blocked).toEqual([]);
		warn.mockRestore();
	});
});
