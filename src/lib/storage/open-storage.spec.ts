import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStorage, type HearthStorage, type IndexedDbFactory } from './open-storage';
import { plainJournalRecordCodec } from './journal-record.codec';
import { StorageUnavailableError } from './storage-errors';
import { makeEntry } from './testing/journal-fixtures';

let databases = 0;
const names: string[] = [];
const storages: HearthStorage[] = [];

function uniqueName(): string {
	const name = `hearth-open-test-${++databases}`;
	names.push(name);
	return name;
}

afterEach(async () => {
	vi.unstubAllGlobals();
	for (const storage of storages.splice(0)) storage.close();
	for (const name of names.splice(0)) await Dexie.delete(name);
});

/** An open request that fails the way a refusing browser's does: later, through `onerror`. */
class RefusedOpenRequest {
	onerror: ((event: { target: RefusedOpenRequest; preventDefault(): void }) => void) | null = null;
	onsuccess = null;
	onupgradeneeded = null;
	onblocked = null;

	constructor(readonly error: DOMException) {
		setTimeout(() => this.onerror?.({ target: this, preventDefault() {} }), 0);
	}
}

async function openError(options: Parameters<typeof openStorage>[0]): Promise<unknown> {
	return openStorage({ name: uniqueName(), ...options }).then(
		(storage) => {
			storages.push(storage);
			throw new Error('expected openStorage to fail');
		},
		(e: unknown) => e
	);
}

describe('openStorage', () => {
	it('opens the database and hands back working repositories', async () => {
		const name = uniqueName();
		const storage = await openStorage({ name });
		storages.push(storage);
		await storage.openJournal(plainJournalRecordCodec).put(makeEntry('a'));
		await storage.settings.set('country', 'KE');
		expect((await storage.openJournal(plainJournalRecordCodec).loadAll()).entries).toEqual([
			makeEntry('a')
		]);
		expect(await storage.settings.get('country')).toBe('KE');
		expect(await Dexie.exists(name)).toBe(true);
	});

	it('keeps data from one opening to the next', async () => {
		const name = uniqueName();
		const first = await openStorage({ name });
		await first.openJournal(plainJournalRecordCodec).put(makeEntry('a'));
		first.close();
		const second = await openStorage({ name });
		storages.push(second);
		expect(await second.openJournal(plainJournalRecordCodec).get('a')).toEqual(makeEntry('a'));
	});

	it('hands out the community repositories on demand, and says whether one was joined', async () => {
		const storage = await openStorage({ name: uniqueName() });
		storages.push(storage);
		expect(await storage.hasJoinedCommunity()).toBe(false);
		const { communities, documents, threadIndex } = await storage.communityStorage();
		expect(await storage.communityStorage()).toEqual({ communities, documents, threadIndex });
		await communities.saveJoined({
			id: 'anxiety',
			info: { id: 'anxiety', name: 'Anxiety', description: '', guidelines: [] },
			joinedAt: 1,
			guidelinesAcceptedAt: 1,
			chosenName: null,
			authoredMonths: [],
			openedMonths: []
		});
		expect(await storage.hasJoinedCommunity()).toBe(true);
		await communities.removeJoined('anxiety');
		expect(await storage.hasJoinedCommunity()).toBe(false);
		expect(await documents.list()).toEqual([]);
	});

	it('closes the database on request, after which repositories refuse work', async () => {
		const storage = await openStorage({ name: uniqueName() });
		storage.close();
		await expect(storage.openJournal(plainJournalRecordCodec).count()).rejects.toMatchObject({
			name: 'DatabaseClosedError'
		});
	});

	describe('when this browser has no IndexedDB', () => {
		it('says so when the global is missing', async () => {
			vi.stubGlobal('indexedDB', undefined);
			const error = await openError({});
			expect(error).toBeInstanceOf(StorageUnavailableError);
			expect(error).toMatchObject({ code: 'storage-unavailable', reason: 'no-indexeddb' });
		});

		it('says so when merely reading the global throws', async () => {
			const blocked = new DOMException('The operation is insecure.', 'SecurityError');
			const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB');
			Object.defineProperty(globalThis, 'indexedDB', {
				configurable: true,
				get() {
					throw blocked;
				}
			});
			try {
				expect(await openError({})).toMatchObject({ reason: 'no-indexeddb' });
			} finally {
				if (descriptor) Object.defineProperty(globalThis, 'indexedDB', descriptor);
			}
		});

		it('says so when told there is none', async () => {
			expect(await openError({ indexedDB: null })).toMatchObject({ reason: 'no-indexeddb' });
		});

		it('says so when open gives back no request', async () => {
			const factory: IndexedDbFactory = { open: () => null };
			expect(await openError({ indexedDB: factory })).toMatchObject({ reason: 'no-indexeddb' });
		});
	});

	describe('when IndexedDB refuses to open', () => {
		it('reports a synchronous refusal (storage blocked by policy)', async () => {
			const refusal = new DOMException('The operation is insecure.', 'SecurityError');
			const factory: IndexedDbFactory = {
				open() {
					throw refusal;
				}
			};
			const error = await openError({ indexedDB: factory });
			expect(error).toBeInstanceOf(StorageUnavailableError);
			expect(error).toMatchObject({ reason: 'open-refused', cause: refusal });
		});

		it('reports a failed open request (a private window that allows no writes)', async () => {
			const refusal = new DOMException(
				'A mutation operation was attempted on a database that did not allow mutations.',
				'InvalidStateError'
			);
			const factory: IndexedDbFactory = { open: () => new RefusedOpenRequest(refusal) };
			const error = await openError({ indexedDB: factory });
			expect(error).toBeInstanceOf(StorageUnavailableError);
			expect(error).toMatchObject({ reason: 'open-refused' });
			expect(String(error)).toContain('InvalidStateError');
		});
	});

	it('opens a database a newer version of Hearth left at a higher version, keeping its data', async () => {
		const name = uniqueName();
		// What a later release might leave behind: the same tables, a higher version number.
		const newer = new Dexie(name);
		newer.version(9).stores({ journal: 'id', settings: 'key', meta: 'key', drafts: 'id' });
		await newer.table('journal').put({ id: 'a', record: makeEntry('a') });
		await newer.table('journal').put({ id: 'b', record: { ...makeEntry('b'), v: 2 } });
		newer.close();
		const storage = await openStorage({ name });
		storages.push(storage);
		const { entries, problems } = await storage.openJournal(plainJournalRecordCodec).loadAll();
		expect(entries).toEqual([makeEntry('a')]);
		expect(problems).toMatchObject([{ id: 'b', reason: 'entry-version-unsupported' }]);
	});
});
