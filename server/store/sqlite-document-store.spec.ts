import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { describeDocumentStoreContract } from './document-store.contract';
import {
	openSqliteDocumentStore,
	SQLITE_FILE_NAME,
	SqliteDocumentStore
} from './sqlite-document-store';
import { SCHEMA_VERSION } from './sqlite-schema';
import { SchemaTooNewError } from './store-errors';

const folders: string[] = [];
function tempFolder(): string {
	const folder = mkdtempSync(join(tmpdir(), 'hearth-store-'));
	folders.push(folder);
	return folder;
}
afterEach(() => {
	for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const where = new WeakMap<object, string>();
describeDocumentStoreContract('SqliteDocumentStore', {
	open: async (options) => {
		const folder = tempFolder();
		const store = openSqliteDocumentStore(folder, options);
		where.set(store, folder);
		return store;
	},
	reopen: async (store) => {
		const folder = where.get(store) ?? '';
		await store.close();
		return openSqliteDocumentStore(folder);
	}
});

describe('SqliteDocumentStore on disk', () => {
	/** Every byte SQLite keeps for the store: the database, its WAL and its shared-memory index. */
	function rawFiles(folder: string): Buffer {
		const files = readdirSync(folder).filter((file) => file.startsWith(SQLITE_FILE_NAME));
		return Buffer.concat(files.map((file) => readFileSync(join(folder, file))));
	}

	it('leaves no copy of a deleted room in the database file or the WAL', async () => {
		const folder = tempFolder();
		const store = openSqliteDocumentStore(folder);
		const marker = 'MARKER-3b7f0c-private-words';
		// Small pieces sit in table pages, a large one in overflow pages: both must be wiped.
		for (let i = 0; i < 20; i++) await store.append('gone', Buffer.from(`${marker} ${i}`));
		await store.append('gone', Buffer.from(`${marker} `.repeat(20_000)));
		await store.append('kept', Buffer.from('KEPT-b81d'));
		// Checkpoint once so the content is in the database file too, not only in the WAL.
		await store.deleteRoom('nothing-here');
		await store.append('gone', Buffer.from(`${marker} after checkpoint`));
		expect(rawFiles(folder).includes(marker)).toBe(true);

		await store.deleteRoom('gone');

		const raw = rawFiles(folder);
		expect(raw.includes(marker)).toBe(false);
		expect(raw.includes('KEPT-b81d')).toBe(true);
		await store.close();
	});

	it('creates its data folder and writes one file there in WAL mode', async () => {
		const folder = join(tempFolder(), 'nested', 'data');
		const store = openSqliteDocumentStore(folder);
		await store.append('room', Buffer.from('x'));
		const db = new Database(join(folder, SQLITE_FILE_NAME), { readonly: true });
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
		db.close();
		await store.close();
	});

	it('gives pieces stored before change times were kept the time of the upgrade', async () => {
		const path = join(tempFolder(), SQLITE_FILE_NAME);
		const db = new Database(path);
		// The first schema, as a file written by an earlier version holds it.
		db.exec(`CREATE TABLE pieces (
			seq INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, update_v1 BLOB NOT NULL,
			bytes INTEGER NOT NULL CHECK (bytes = length(update_v1)));
			CREATE INDEX pieces_room_seq ON pieces (room, seq);
			INSERT INTO pieces (room, update_v1, bytes) VALUES ('old:room', x'0102', 2);`);
		db.pragma('user_version = 1');
		db.close();
		const before = Date.now() - 1_000;
		const store = new SqliteDocumentStore(path);
		const [summary] = await store.listRooms('old:');
		expect(summary).toMatchObject({ room: 'old:room', bytes: 2 });
		expect(summary?.updatedAt).toBeGreaterThanOrEqual(before);
		expect(summary?.updatedAt).toBeLessThanOrEqual(Date.now());
		expect(await store.load('old:room')).toHaveLength(1);
		await store.close();
	});

	it('refuses a database written by a newer schema rather than guess at it', () => {
		const path = join(tempFolder(), SQLITE_FILE_NAME);
		const db = new Database(path);
		db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
		db.close();
		expect(() => new SqliteDocumentStore(path)).toThrow(SchemaTooNewError);
	});

	it('works on a Database it is given and leaves it open for its owner', async () => {
		const db = new Database(join(tempFolder(), SQLITE_FILE_NAME));
		const store = new SqliteDocumentStore(db);
		await store.append('room', Buffer.from('x'));
		await store.close();
		expect(db.open).toBe(true);
		expect(db.prepare('SELECT COUNT(*) FROM pieces').pluck().get()).toBe(1);
		db.close();
	});
});
