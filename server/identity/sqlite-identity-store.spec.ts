import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeIdentityStoreContract } from './identity-store.contract';
import {
	IDENTITY_SCHEMA_VERSION,
	IdentitySchemaError,
	openSqliteIdentityStore,
	SqliteIdentityStore
} from './sqlite-identity-store';

const folders: string[] = [];

async function tempFile(): Promise<string> {
	const folder = await mkdtemp(join(tmpdir(), 'hearth-identity-'));
	folders.push(folder);
	return join(folder, 'hearth.sqlite');
}

afterEach(async () => {
	await Promise.all(
		folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true }))
	);
});

describeIdentityStoreContract('SqliteIdentityStore', async () => {
	const store = openSqliteIdentityStore(await tempFile());
	return { store, dispose: () => store.close() };
});

const sam = {
	userId: 'u-sam',
	publicKey: new Uint8Array(32).fill(7),
	displayName: 'Sam',
	createdAt: 5
};

describe('SqliteIdentityStore', () => {
	it('keeps what it stored across a restart', async () => {
		const file = await tempFile();
		const first = openSqliteIdentityStore(file);
		await first.createIdentity(sam);
		await first.close();
		const second = openSqliteIdentityStore(file);
		expect(await second.getIdentity('u-sam')).toEqual(sam);
		await second.close();
	});

	it('shares the file: leaves other tables and PRAGMA user_version alone', async () => {
		const file = await tempFile();
		const db = new Database(file);
		db.exec('CREATE TABLE documents (room TEXT PRIMARY KEY) STRICT');
		db.prepare('INSERT INTO documents (room) VALUES (?)').run('journal:x');
		db.pragma('user_version = 7');
		const store = new SqliteIdentityStore(db);
		await store.createIdentity(sam);
		await store.close();
		// close() did not close a connection it does not own.
		expect(db.open).toBe(true);
		expect(db.pragma('user_version', { simple: true })).toBe(7);
		expect(db.prepare('SELECT room FROM documents').all()).toEqual([{ room: 'journal:x' }]);
		const tables = db
			.prepare<[], { name: string }>(
				"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
			)
			.all()
			.map((row) => row.name);
		expect(tables).toEqual([
			'documents',
			'identity_pseudonyms',
			'identity_schema',
			'identity_users'
		]);
		expect(db.prepare('SELECT version FROM identity_schema').all()).toEqual([
			{ version: IDENTITY_SCHEMA_VERSION }
		]);
		db.close();
	});

	it('opens twice on one file without migrating twice', async () => {
		const file = await tempFile();
		const a = openSqliteIdentityStore(file);
		const b = openSqliteIdentityStore(file);
		await a.createIdentity(sam);
		expect(await b.getIdentity('u-sam')).toEqual(sam);
		await Promise.all([a.close(), b.close()]);
	});

	it('refuses tables from a newer version, naming the versions', async () => {
		const file = await tempFile();
		await openSqliteIdentityStore(file).close();
		const db = new Database(file);
		db.prepare('UPDATE identity_schema SET version = ?').run(IDENTITY_SCHEMA_VERSION + 1);
		db.close();
		expect(() => openSqliteIdentityStore(file)).toThrow(IdentitySchemaError);
		expect(() => openSqliteIdentityStore(file)).toThrow(
			`at version ${IDENTITY_SCHEMA_VERSION + 1}, newer than this server knows`
		);
	});
});
