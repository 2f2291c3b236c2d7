import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { newId } from '../domain/ids';
import { formatHlc } from '../domain/journal/hlc';
import { HearthDatabase } from '../storage/db';
import { DexieCommunityRepository } from '../storage/dexie-community.repository';
import { DexieDocumentRepository } from '../storage/dexie-document.repository';
import { DexieThreadIndexRepository } from '../storage/dexie-thread-index.repository';
import { DexieStorageMeasureRepository } from '../storage/dexie-storage-measure.repository';
import { StorageFullError } from '../storage/storage-errors';
import { writeThread } from '../sync/community.codec';
import type { SyncEnvironment } from '../sync/sync-environment';
import { CommunitiesState } from './communities.svelte';
import type { CommunityIdentity } from './community-room.svelte';
import { StorageUsageState, type StorageUsageSources } from './storage-usage.svelte';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const BOB = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
const ANXIETY = { id: 'anxiety', name: 'Anxiety', description: 'Together', guidelines: [] };
const SLEEP = { id: 'sleep', name: 'Sleep', description: 'Rest', guidelines: [] };
const NOV_2026 = Date.UTC(2026, 10, 15, 12);
const AUG_2026 = Date.UTC(2026, 7, 10, 12);
const SEP_2026 = Date.UTC(2026, 8, 3, 12);
const OFFLINE: SyncEnvironment = {
	online: () => false,
	onOnline: () => () => {},
	onVisible: () => () => {}
};

const identity: CommunityIdentity = {
	pseudonymKeys: () => ({ id: ALICE }),
	sessionToken: async () => 'session',
	registerPseudonym: async () => {}
};

const catalogue = vi.fn(
	async () =>
		new Response(JSON.stringify({ communities: [ANXIETY, SLEEP] }), {
			headers: { 'content-type': 'application/json' }
		})
);

interface Phone {
	db: HearthDatabase;
	documents: DexieDocumentRepository;
	communities: DexieCommunityRepository;
}

let databases = 0;
const phones: { db: HearthDatabase; name: string }[] = [];
const states: CommunitiesState[] = [];

async function phone(): Promise<Phone> {
	const name = `hearth-usage-test-${++databases}`;
	const db = new HearthDatabase(name);
	await db.open();
	phones.push({ db, name });
	return {
		db,
		documents: new DexieDocumentRepository(db),
		communities: new DexieCommunityRepository(db)
	};
}

async function start(on: Phone, now = () => NOV_2026): Promise<CommunitiesState> {
	const state = new CommunitiesState();
	states.push(state);
	await state.attach({
		communities: on.communities,
		documents: on.documents,
		threadIndex: new DexieThreadIndexRepository(on.db),
		identity,
		sync: { origin: 'http://hearth.test', fetch: catalogue, environment: OFFLINE },
		now
	});
	return state;
}

async function stop(state: CommunitiesState): Promise<void> {
	for (const room of state.rooms) await room.close();
}

function usageOf(on: Phone, state: CommunitiesState): StorageUsageState {
	const sources: StorageUsageSources = {
		documents: on.documents,
		communities: on.communities,
		measure: new DexieStorageMeasureRepository(on.db),
		estimate: async () => ({ persisted: false, usage: 123_456, quota: 1_000_000 }),
		forgetEarlier: async (id) => (await state.backgroundRoom(id)?.forgetEarlier()) ?? [],
		now: () => NOV_2026
	};
	return new StorageUsageState(async () => sources);
}

const post = (title: string) => ({
	title,
	body: `${title}, in words.`,
	contentWarning: null,
	tags: []
});

/** Another person's month, as sync would have brought it when the person tapped "show earlier". */
async function storeOthersMonth(on: Phone, part: string, at: number): Promise<void> {
	const doc = new Y.Doc();
	writeThread(doc, {
		id: newId(),
		author: BOB,
		at: formatHlc({ wall: at, counter: 0, node: 'bob' }),
		title: `Bob in ${part}`,
		body: 'Words from an earlier month.',
		contentWarning: null,
		tags: [],
		editedAt: null
	});
	await on.documents.append(`community:anxiety:${part}`, Y.encodeStateAsUpdate(doc));
	doc.destroy();
}

beforeEach(() => {
	vi.stubGlobal(
		'WebSocket',
		class {
			constructor() {
				throw new Error('no network in unit tests');
			}
		}
	);
});

afterEach(async () => {
	for (const state of states.splice(0)) await stop(state);
	for (const { db, name } of phones.splice(0)) {
		db.close();
		await Dexie.delete(name);
	}
	vi.unstubAllGlobals();
});

describe('storage usage', () => {
	it('measures each community, the journal and the rest, only when asked', async () => {
		const on = await phone();
		const state = await start(on);
		await state.join('anxiety');
		const room = state.room('anxiety');
		await room.loaded;
		for (let i = 0; i < 3; i++) await room.startThread(post(`Evening ${i}`));
		await on.db.journal.put({ id: 'e1', record: { data: new Uint8Array(300) } });
		const usage = usageOf(on, state);
		expect(usage.status).toBe('idle');
		expect(usage.usage).toBeNull();

		await usage.measure();

		expect(usage.status).toBe('ready');
		expect(usage.estimate).toMatchObject({ usage: 123_456 });
		const [anxiety, ...rest] = usage.usage?.communities ?? [];
		expect(rest).toEqual([]);
		expect(anxiety).toMatchObject({ id: 'anxiety', name: 'Anxiety', joined: true, months: 1 });
		expect(anxiety?.bytes).toBeGreaterThan(300);
		expect(usage.usage?.journal.entries).toBe(1);
		expect(usage.usage?.journal.bytes).toBeGreaterThan(300);
		expect(usage.usage?.other.bytes).toBeGreaterThan(0);
	});

	it('tidies a community through its open room, losing nothing, unsent changes included', async () => {
		const on = await phone();
		let state = await start(on);
		await state.join('anxiety');
		let room = state.room('anxiety');
		await room.loaded;
		const first = await room.startThread(post('First'));
		for (let i = 0; i < 6; i++)
			await room.reply(first, { body: `Reply ${i}`, contentWarning: null });
		await room.editThread(first, { body: 'Edited words.' });
		const titles = room.threads.map((t) => t.title);
		const replies = room.thread(first)?.replies.map((r) => r.body);
		const waiting = state.unsentIn('anxiety');
		expect(waiting).toBeGreaterThan(0);
		const rowsBefore = (await on.documents.list('community:anxiety:'))[0]?.updates ?? 0;
		expect(rowsBefore).toBeGreaterThan(2);
		const usage = usageOf(on, state);

		await usage.tidy('anxiety');

		expect(usage.outcome).toMatchObject({ kind: 'tidied', communityId: 'anxiety' });
		const outcome = usage.outcome?.kind === 'tidied' ? usage.outcome : null;
		expect(outcome?.after).toBeLessThan(outcome?.before ?? 0);
		expect((await on.documents.list('community:anxiety:'))[0]?.updates).toBe(1);
		expect(state.unsentIn('anxiety')).toBe(waiting);
		// The open room writes on after tidying, and a fresh start reads the same as before.
		await room.reply(first, { body: 'After tidying', contentWarning: null });
		await stop(state);
		state = await start(on);
		room = state.room('anxiety');
		await room.loaded;
		expect(room.threads.map((t) => t.title)).toEqual(titles);
		expect(room.thread(first)?.replies.map((r) => r.body)).toEqual([
			...(replies ?? []),
			'After tidying'
		]);
		expect(room.thread(first)?.body).toBe('Edited words.');
		expect(state.unsentIn('anxiety')).toBe(waiting + 1);
		expect(room.threads[0]?.delivered).toBe(false);
	});

	it('tidies every document at once', async () => {
		const on = await phone();
		const state = await start(on);
		await state.join('anxiety');
		await state.join('sleep');
		for (const id of ['anxiety', 'sleep']) {
			const room = state.room(id);
			await room.loaded;
			for (let i = 0; i < 3; i++) await room.startThread(post(`${id} ${i}`));
		}
		await on.documents.append('journal:someone', Y.encodeStateAsUpdate(new Y.Doc()));
		await on.documents.append('journal:someone', Y.encodeStateAsUpdate(new Y.Doc()));
		const usage = usageOf(on, state);
		await usage.tidy(null);
		expect(usage.outcome).toMatchObject({ kind: 'tidied', communityId: null });
		expect((await on.documents.list()).map((d) => d.updates)).toEqual([1, 1, 1]);
	});

	it('forgets earlier months, but keeps one holding something not yet sent', async () => {
		const on = await phone();
		// In August the person wrote something that never reached the server.
		let state = await start(on, () => AUG_2026);
		await state.join('anxiety');
		const august = state.room('anxiety');
		await august.loaded;
		await august.startThread(post('Written in August'));
		await stop(state);
		await storeOthersMonth(on, '2026-09', SEP_2026);
		const record = await on.communities.getJoined('anxiety');
		// As if only opened with "show earlier": not remembered as written in.
		if (record) {
			await on.communities.saveJoined({
				...record,
				authoredMonths: [],
				openedMonths: ['2026-08', '2026-09']
			});
		}
		state = await start(on);
		const room = state.room('anxiety');
		await room.loaded;
		expect(room.threads.map((t) => t.title).sort()).toEqual([
			'Bob in 2026-09',
			'Written in August'
		]);
		const usage = usageOf(on, state);
		await usage.measure();
		expect(usage.usage?.communities[0]).toMatchObject({ months: 2, earlierMonths: 2 });

		await usage.forgetEarlier('anxiety');

		expect(usage.outcome).toMatchObject({ kind: 'forgot', communityId: 'anxiety', months: 1 });
		const outcome = usage.outcome?.kind === 'forgot' ? usage.outcome : null;
		expect(outcome?.after).toBeLessThan(outcome?.before ?? 0);
		expect(room.threads.map((t) => t.title)).toEqual(['Written in August']);
		expect((await on.documents.list()).map((d) => d.docName)).toEqual([
			'community:anxiety:2026-08'
		]);
		expect((await on.communities.getJoined('anxiety'))?.openedMonths).toEqual(['2026-08']);
		expect(usage.usage?.communities[0]).toMatchObject({ months: 1, earlierMonths: 1 });
	});

	it('says the device is full when tidying is refused, and keeps every update', async () => {
		const on = await phone();
		const state = await start(on);
		await state.join('anxiety');
		const room = state.room('anxiety');
		await room.loaded;
		for (let i = 0; i < 3; i++) await room.startThread(post(`Kept ${i}`));
		const before = await on.db.docUpdates.toArray();
		const usage = usageOf(on, state);
		vi.spyOn(on.documents, 'compact').mockRejectedValue(new StorageFullError());
		await usage.tidy('anxiety');
		expect(usage.outcome).toEqual({ kind: 'failed', reason: 'storage-full' });
		expect(await on.db.docUpdates.toArray()).toEqual(before);
	});

	it('says measuring failed when storage cannot be opened', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const usage = new StorageUsageState(async () => null);
		await usage.measure();
		expect(logged).toHaveBeenCalled();
		expect(usage.status).toBe('failed');
		await usage.tidy(null);
		expect(usage.outcome).toEqual({ kind: 'failed', reason: 'unknown' });
	});
});

describe('leaving a community', () => {
	it('tells how much is unsent, then leaves nothing of it in any table', async () => {
		const on = await phone();
		const state = await start(on);
		await state.join('anxiety');
		await state.join('sleep');
		const room = state.room('anxiety');
		await room.loaded;
		const id = await room.startThread(post('Mine'));
		await room.reply(id, { body: 'And more', contentWarning: null });
		await room.markRead(id);
		await on.communities.saveConfirmed('community:anxiety:2026-11', new Map([[1, 1]]));
		await on.communities.saveHeld([
			{
				community: 'anxiety',
				docName: 'community:anxiety:2026-11',
				map: 'threads',
				key: 'draft',
				value: { title: 'A draft' },
				state: 'draft',
				reason: 'not-sent',
				heldAt: 1
			}
		]);
		await on.communities.saveDeletions('anxiety', 'community:anxiety:2026-11', [
			{ map: 'threads', key: 'gone', client: 1, clock: 1 }
		]);
		await storeOthersMonth(on, '2026-09', SEP_2026);
		const sleep = state.room('sleep');
		await sleep.loaded;
		await sleep.startThread(post('Sleep stays'));
		expect(state.unsentIn('anxiety')).toBe(2);
		expect(state.unsentIn('nowhere')).toBe(0);

		await state.leave('anxiety');

		const found: string[] = [];
		for (const table of on.db.tables) {
			for (const row of await table.toArray()) {
				// The catalogue lists every community on offer, so the person can come back.
				if (table.name === 'meta' && (row as { key: unknown }).key === 'community-catalogue') {
					continue;
				}
				const text = JSON.stringify(row, (_, v: unknown) =>
					v instanceof Uint8Array ? new TextDecoder().decode(v) : v
				);
				if (text.includes('anxiety')) found.push(`${table.name}: ${text.slice(0, 80)}`);
			}
		}
		expect(found).toEqual([]);
		expect((await on.documents.list()).map((d) => d.docName)).toEqual([
			expect.stringMatching(/^community:sleep:/)
		]);
		expect(await on.communities.getJoined('sleep')).not.toBeNull();
	});
});
