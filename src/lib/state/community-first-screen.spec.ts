/**
 * A joined community's first screen comes from its thread index while its documents load, and
 * the index follows the documents: new threads, replies that move a thread up, read marks, blocks,
 * and leaving nothing behind after the documents take over.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pseudonymName } from '../domain/community/pseudonym-name';
import { MemoryCommunityRepository } from '../storage/memory-community.repository';
import { MemoryDocumentRepository } from '../storage/memory-document.repository';
import { MemorySettingsRepository } from '../storage/memory-settings.repository';
import { MemoryThreadIndexRepository } from '../storage/memory-thread-index.repository';
import type { StoredDocument } from '../storage/document.repository';
import { blocks } from './blocks.svelte';
import { CommunityRoom } from './community-room.svelte';
import { firstScreenItems, readPagePreview } from './first-screen';
import { settings } from './settings.svelte';
import { INDEX_DELAY_MS } from './thread-index-writer';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const BOB = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
const INFO = { id: 'anxiety', name: 'Anxiety', description: 'Together', guidelines: ['Be kind.'] };
const NOW = Date.UTC(2026, 10, 15, 12);
/** The index is written a moment after a change: long enough for that moment to pass. */
const INDEX_WAIT = { timeout: INDEX_DELAY_MS + 3000 };

/** Documents whose loading waits until `release()`: the room stays on its first screen. */
class SlowDocuments extends MemoryDocumentRepository {
	#gate: Promise<void> = Promise.resolve();
	#open: () => void = () => {};

	hold(): void {
		this.#gate = new Promise((resolve) => (this.#open = resolve));
	}

	release(): void {
		this.#open();
	}

	override async load(docName: string): Promise<StoredDocument> {
		await this.#gate;
		return super.load(docName);
	}
}

let communities: MemoryCommunityRepository;
let documents: SlowDocuments;
let threadIndex: MemoryThreadIndexRepository;
const rooms: CommunityRoom[] = [];

function open(as: string): CommunityRoom {
	const room = new CommunityRoom({
		info: INFO,
		identity: {
			pseudonymKeys: () => ({ id: as }),
			sessionToken: async () => 'session',
			registerPseudonym: async () => {}
		},
		communities,
		documents,
		threadIndex,
		sync: null,
		joined: true,
		now: () => NOW
	});
	rooms.push(room);
	return room;
}

async function opened(as: string): Promise<CommunityRoom> {
	const room = open(as);
	await room.loaded;
	return room;
}

async function close(room: CommunityRoom): Promise<void> {
	rooms.splice(rooms.indexOf(room), 1);
	await room.close();
}

const thread = (title: string) => ({
	title,
	body: `About ${title}`,
	contentWarning: null,
	tags: []
});

const indexedTitles = async () =>
	(await threadIndex.latest(INFO.id, 30)).map((row) => `${row.title}/${row.replyCount}`);

beforeEach(async () => {
	communities = new MemoryCommunityRepository();
	documents = new SlowDocuments();
	threadIndex = new MemoryThreadIndexRepository();
	await settings.attach(new MemorySettingsRepository());
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
afterEach(async () => {
	documents.release();
	await Promise.all(rooms.splice(0).map((room) => room.close()));
});

describe('a community’s first screen', { timeout: 20_000 }, () => {
	it('comes from the thread index while the documents load, then from the documents', async () => {
		const bob = await opened(BOB);
		const walks = await bob.startThread(thread('Walks'));
		await close(bob);
		const alice = await opened(ALICE);
		await alice.startThread(thread('Sleep'));
		const work = await alice.startThread(thread('Work'));
		await alice.reply(walks, { body: 'Me too', contentWarning: null });
		await alice.markRead(work);
		await expect.poll(indexedTitles, INDEX_WAIT).toEqual(['Walks/1', 'Work/0', 'Sleep/0']);
		await close(alice);

		documents.hold();
		const again = open(ALICE);
		await expect.poll(() => again.showsFirstScreen).toBe(true);
		expect(again.status).toBe('loading');
		expect(again.threads.map((t) => [t.title, t.replyCount, t.unread])).toEqual([
			['Walks', 1, true],
			['Work', 0, false],
			['Sleep', 0, true]
		]);
		expect(again.threads[0]?.author).toEqual({ id: BOB, name: pseudonymName(BOB), isMe: false });
		expect(again.threads[2]?.author.isMe).toBe(true);
		expect(again.threads[2]?.excerpt).toBe('About Sleep');

		documents.release();
		await again.loaded;
		expect(again.showsFirstScreen).toBe(false);
		expect(again.threads.map((t) => t.title)).toEqual(['Walks', 'Work', 'Sleep']);
	});

	it('is read by the page before any room, the same as the room shows it', async () => {
		const bob = await opened(BOB);
		const walks = await bob.startThread(thread('Walks'));
		await close(bob);
		const alice = await opened(ALICE);
		await alice.startThread(thread('Sleep'));
		await alice.markRead(walks);
		const sorted = async () => (await indexedTitles()).sort();
		await expect.poll(sorted, INDEX_WAIT).toEqual(['Sleep/0', 'Walks/0']);
		await close(alice);

		const preview = await readPagePreview(async () => ({ communities, threadIndex }), INFO.id);
		expect(preview?.name).toBe('Anxiety');
		// Without the person's keys (me ''), the rows themselves say which threads are theirs.
		const items = firstScreenItems(preview?.rows ?? [], {
			blocked: blocks.in(INFO.id),
			readMarks: preview?.readMarks ?? new Map(),
			me: ''
		});
		documents.hold();
		const room = open(ALICE);
		await expect.poll(() => room.showsFirstScreen).toBe(true);
		expect(items).toEqual(room.threads);
		const byTitle = items.map((t) => [t.title, t.author.isMe, t.unread]).sort();
		expect(byTitle).toEqual([
			['Sleep', true, true],
			['Walks', false, false]
		]);
	});

	it('leaves out a blocked person’s threads, as the documents’ list does', async () => {
		const bob = await opened(BOB);
		await bob.startThread(thread('Walks'));
		await close(bob);
		const alice = await opened(ALICE);
		await alice.startThread(thread('Sleep'));
		// Two devices' clocks at the same wall time: their order is the clocks' own, either way.
		await expect
			.poll(async () => (await indexedTitles()).sort(), INDEX_WAIT)
			.toEqual(['Sleep/0', 'Walks/0']);
		await close(alice);
		await blocks.block(INFO, { id: BOB, name: 'Bob' });

		documents.hold();
		const again = open(ALICE);
		await expect.poll(() => again.showsFirstScreen).toBe(true);
		expect(again.threads.map((t) => t.title)).toEqual(['Sleep']);
	});

	it('follows the documents: a deleted thread leaves the index at once', async () => {
		const alice = await opened(ALICE);
		const sleep = await alice.startThread(thread('Sleep'));
		await alice.startThread(thread('Work'));
		await expect.poll(indexedTitles, INDEX_WAIT).toEqual(['Work/0', 'Sleep/0']);
		await alice.deleteThread(sleep);
		// At once, not after the usual moment: what was taken away must not show on a next start.
		await expect.poll(indexedTitles, { timeout: INDEX_DELAY_MS / 2 }).toEqual(['Work/0']);
	});

	it('waits for the documents when the index has nothing (a first open)', async () => {
		documents.hold();
		const room = open(ALICE);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(room.status).toBe('loading');
		expect(room.showsFirstScreen).toBe(false);
		expect(room.threads).toEqual([]);
	});

	it('keeps the room working when the index cannot be read or written', async () => {
		const broken = new MemoryThreadIndexRepository({
			beforeWrite() {
				throw new DOMException('Simulated: the device is full', 'QuotaExceededError');
			}
		});
		broken.latest = async () => {
			throw new Error('unreadable');
		};
		threadIndex = broken;
		const alice = await opened(ALICE);
		await alice.startThread(thread('Sleep'));
		// The refused write is said the way every refused write is; the thread is there.
		await expect.poll(() => alice.storageFull, INDEX_WAIT).toBe(true);
		expect(alice.threads.map((t) => t.title)).toEqual(['Sleep']);
		await close(alice);
		const again = await opened(ALICE);
		expect(again.threads.map((t) => t.title)).toEqual(['Sleep']);
	});
});
