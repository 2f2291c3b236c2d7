import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { HearthDatabase, SCHEMA_VERSION } from './db';
import { DexieJournalRepository } from './dexie-journal.repository';
import { makeEntry, preReleaseRecord } from './testing/journal-fixtures';

let databases = 0;
const opened: Dexie[] = [];

function uniqueName(): string {
	return `hearth-db-test-${++databases}`;
}

afterEach(async () => {
	for (const db of opened.splice(0)) {
		db.close();
		await Dexie.delete(db.name);
	}
});

/**
 * The pre-release prototype's own declaration, as its code had it: entries stored bare, with a
 * plaintext date index, and settings as key/value rows. Kept here, apart from db.ts, so the
 * test opens a database the way the old code really did.
 */
function openPrototypeDatabase(name: string): Dexie {
	const db = new Dexie(name);
	db.version(1).stores({ journal: 'id, createdAt', settings: 'key' });
	return db;
}

function storeIndexes(db: Dexie, store: string): string[] {
	return [...db.backendDB().transaction(store).objectStore(store).indexNames];
}

describe('HearthDatabase', () => {
	it('creates the current schema on a device that has none', async () => {
		const db = new HearthDatabase(uniqueName());
		opened.push(db);
		await db.open();
		expect(db.verno).toBe(SCHEMA_VERSION);
		expect(db.tables.map((table) => table.name).sort()).toEqual([
			'communities',
			'docUpdates',
			'identity',
			'journal',
			'meta',
			'readMarks',
			'settings',
			'threadIndex'
		]);
		expect(storeIndexes(db, 'journal')).toEqual([]);
	});

	it('adds the empty thread index to a version 4 database, keeping what it held', async () => {
		const name = uniqueName();
		// Version 4's own declaration, as it shipped.
		const old = new Dexie(name);
		old.version(4).stores({
			journal: 'id',
			settings: 'key',
			meta: 'key',
			docUpdates: '++id, [docName+id]',
			identity: 'key',
			communities: 'id',
			readMarks: '[community+thread], community'
		});
		await old.table('communities').put({ id: 'anxiety', value: { id: 'anxiety' } });
		await old.table('readMarks').put({ community: 'anxiety', thread: 't1', at: 'x' });
		old.close();
		const db = new HearthDatabase(name);
		opened.push(db);
		await db.open();
		expect(db.verno).toBe(SCHEMA_VERSION);
		expect(await db.communities.toArray()).toEqual([{ id: 'anxiety', value: { id: 'anxiety' } }]);
		expect(await db.readMarks.count()).toBe(1);
		expect(await db.threadIndex.count()).toBe(0);
		expect(storeIndexes(db, 'threadIndex')).toEqual(['[community+lastActivity]']);
	});

	it('adds the empty document log to a version 2 database, keeping journal and settings', async () => {
		const name = uniqueName();
		// Version 2's own declaration, as it shipped, without the chain that follows it.
		const old = new Dexie(name);
		old.version(2).stores({ journal: 'id', settings: 'key', meta: 'key' });
		await old.table('journal').put({ id: 'a', record: makeEntry('a') });
		await old.table('settings').put({ key: 'country', value: 'KE' });
		old.close();
		const db = new HearthDatabase(name);
		opened.push(db);
		await db.open();
		expect(db.verno).toBe(SCHEMA_VERSION);
		expect(await db.journal.toArray()).toEqual([{ id: 'a', record: makeEntry('a') }]);
		expect(await db.settings.toArray()).toEqual([{ key: 'country', value: 'KE' }]);
		expect(await db.docUpdates.count()).toBe(0);
		expect(storeIndexes(db, 'docUpdates')).toEqual(['[docName+id]']);
	});

	describe('opening a database the pre-release prototype wrote', () => {
		async function prototypeDatabase(): Promise<string> {
			const name = uniqueName();
			const old = openPrototypeDatabase(name);
			await old.table('journal').bulkPut([preReleaseRecord('p1'), preReleaseRecord('p2')]);
			await old.table('settings').bulkPut([
				{ key: 'showPrompts', value: false },
				{ key: 'country', value: 'KE' }
			]);
			old.close();
			return name;
		}

		it('keeps every journal record, wrapped as { id, record } and otherwise unchanged', async () => {
			const db = new HearthDatabase(await prototypeDatabase());
			opened.push(db);
			expect(await db.journal.toArray()).toEqual([
				{ id: 'p1', record: preReleaseRecord('p1') },
				{ id: 'p2', record: preReleaseRecord('p2') }
			]);
			expect(db.verno).toBe(SCHEMA_VERSION);
		});

		it('drops the plaintext date index and adds the meta table', async () => {
			const db = new HearthDatabase(await prototypeDatabase());
			opened.push(db);
			await db.open();
			expect(storeIndexes(db, 'journal')).toEqual([]);
			expect(await db.meta.count()).toBe(0);
		});

		it('keeps settings as they were', async () => {
			const db = new HearthDatabase(await prototypeDatabase());
			opened.push(db);
			expect(await db.settings.toArray()).toEqual([
				{ key: 'country', value: 'KE' },
				{ key: 'showPrompts', value: false }
			]);
		});

		it('serves the old records as current entries through the repository', async () => {
			const db = new HearthDatabase(await prototypeDatabase());
			opened.push(db);
			const { entries, problems } = await new DexieJournalRepository(db).loadAll();
			expect(problems).toEqual([]);
			expect(entries.map((entry) => [entry.id, entry.v])).toEqual([
				['p1', 1],
				['p2', 1]
			]);
		});
	});

	it('leaves rows alone when reopening a database already at the current version', async () => {
		const name = uniqueName();
		const first = new HearthDatabase(name);
		await first.journal.put({ id: 'a', record: makeEntry('a') });
		first.close();
		const second = new HearthDatabase(name);
		opened.push(second);
		expect(await second.journal.toArray()).toEqual([{ id: 'a', record: makeEntry('a') }]);
	});

	it('stays at the version it had when an upgrade step fails, with the old data intact', async () => {
		const name = uniqueName();
		const old = openPrototypeDatabase(name);
		await old.table('journal').put(preReleaseRecord('p1'));
		old.close();
		// A later version whose upgrade throws, standing in for any failing future step.
		const broken = new Dexie(name);
		broken.version(1).stores({ journal: 'id, createdAt', settings: 'key' });
		broken
			.version(2)
			.stores({ journal: 'id', settings: 'key', meta: 'key' })
			.upgrade(() => {
				throw new Error('upgrade failed');
			});
		await expect(broken.open()).rejects.toThrow();
		broken.close();
		const reopened = openPrototypeDatabase(name);
		opened.push(reopened);
		expect(await reopened.table('journal').toArray()).toEqual([preReleaseRecord('p1')]);
		expect(reopened.verno).toBe(1);
	});
});
