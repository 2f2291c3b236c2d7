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
	open: async () => {
		const folder = tempFolder();
		const store = openSqliteDocumentStore(folder);
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
