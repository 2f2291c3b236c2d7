import { DexieModerationCacheRepository } from './dexie-moderation-cache.repository';
import { DexieThreadIndexRepository } from './dexie-thread-index.repository';
import { indexedThread } from './thread-index-repository.contract';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { HearthDatabase } from './db';
import { DexieCommunityRepository } from './dexie-community.repository';
import { DexieStorageMeasureRepository } from './dexie-storage-measure.repository';
import { ROW_OVERHEAD_BYTES } from './document.repository';
import { storedSize } from './stored-size';

let databases = 0;
const open: { db: HearthDatabase; name: string }[] = [];

afterEach(async () => {
	for (const { db, name } of open.splice(0)) {
		db.close();
		await Dexie.delete(name);
	}
});

async function setUp() {
	const name = `hearth-measure-test-${++databases}`;
	const db = new HearthDatabase(name);
	await db.open();
	open.push({ db, name });
	return {
		db,
		measure: new DexieStorageMeasureRepository(db),
		communities: new DexieCommunityRepository(db)
	};
}

const joined = (id: string) => ({
	id,
	info: { id, name: id, description: '', guidelines: [] },
	joinedAt: 1,
	guidelinesAcceptedAt: 1,
	chosenName: null,
	authoredMonths: [],
	openedMonths: []
});

describe('storedSize', () => {
	it.each([
		['text', 'hello', 7],
		['a number', 1234, 4],
		['bytes, by their length', Uint8Array.of(1, 2, 3), 3],
		['null', null, 4],
		['an object, as its JSON', { a: 'b' }, JSON.stringify({ a: 'b' }).length],
		['a list, as its JSON', ['ab', 1], JSON.stringify(['ab', 1]).length],
		['an empty object', {}, 2]
	])('measures %s', (_, value, expected) => {
		expect(storedSize(value)).toBe(expected);
	});

	it('grows with the value', () => {
		expect(storedSize({ iv: new Uint8Array(12), data: new Uint8Array(1000) })).toBeGreaterThan(
			1012
		);
	});
});

describe('DexieStorageMeasureRepository', () => {
	it('measures nothing in an empty database', async () => {
		const { measure } = await setUp();
		expect(await measure.journal()).toEqual({ rows: 0, bytes: 0 });
		expect(await measure.community('anxiety')).toEqual({ rows: 0, bytes: 0 });
		expect(await measure.other()).toEqual({ rows: 0, bytes: 0 });
	});

	it('counts the journal’s sealed rows as stored', async () => {
		const { db, measure } = await setUp();
		const row = { id: 'e1', record: { v: 1, iv: new Uint8Array(12), data: new Uint8Array(500) } };
		await db.journal.bulkPut([row, { ...row, id: 'e2' }]);
		expect(await measure.journal()).toEqual({
			rows: 2,
			bytes: 2 * (storedSize(row) + ROW_OVERHEAD_BYTES)
		});
	});

	it('counts a community’s own rows with it, and not with another or the rest', async () => {
		const { db, measure, communities } = await setUp();
		await communities.saveJoined(joined('anxiety'));
		await communities.saveJoined(joined('anxiety-two'));
		await communities.markRead('anxiety', 't1', '2026-11-01');
		await communities.saveConfirmed('community:anxiety:2026-11', new Map([[1, 4]]));
		await communities.saveHeld([
			{
				community: 'anxiety',
				docName: 'community:anxiety:2026-11',
				map: 'threads',
				key: 'k',
				value: { title: 'kept' },
				state: 'draft',
				reason: 'not-sent',
				heldAt: 1
			}
		]);
		await communities.saveCatalogue({ communities: [], fetchedAt: 1 });
		await db.settings.put({ key: 'theme', value: 'dark' });
		await new DexieThreadIndexRepository(db).update('anxiety', {
			put: [indexedThread('t1', 1)],
			remove: []
		});
		await new DexieModerationCacheRepository(db).saveQueue('anxiety', {
			reports: [],
			fetchedAt: 1
		});
		const anxiety = await measure.community('anxiety');
		expect(anxiety.rows).toBe(6);
		expect((await measure.community('anxiety-two')).rows).toBe(1);
		const other = await measure.other();
		expect(other.rows).toBe(2);
		expect(other.bytes).toBeGreaterThan(2 * ROW_OVERHEAD_BYTES);
	});
});
