// The SQLite client binding store: one table in the server's database file (`hearth.sqlite`),
// beside the document and identity tables, on its own connection. The table is created if
// missing; its name starts with `sync_` so it never meets another module's tables.
//
// better-sqlite3 is synchronous and the server is one process, so a claim (its checks and its
// inserts) runs as one IMMEDIATE transaction: two people claiming a fresh id at once cannot both
// win it.
import Database from 'better-sqlite3';
import {
	BindingStoreClosedError,
	isClientId,
	RETIRED_OWNER,
	type ClientBindingStore
} from './client-binding-store';
import { openSqliteFile } from './open-sqlite-file';

const SCHEMA = `CREATE TABLE IF NOT EXISTS sync_client_bindings (
	client_id INTEGER PRIMARY KEY,
	user_id TEXT NOT NULL,
	bound_at INTEGER NOT NULL
) STRICT;`;

export function openSqliteClientBindingStore(
	file: string,
	options: { now?: () => number } = {}
): SqliteClientBindingStore {
	return openSqliteFile(file, (db) => {
		db.exec(SCHEMA);
		return new SqliteClientBindingStore(db, options.now ?? Date.now);
	});
}

export class SqliteClientBindingStore implements ClientBindingStore {
	readonly #db: Database.Database;
	readonly #owner: Database.Statement<[number], { user_id: string }>;
	readonly #bind: Database.Statement<[number, string, number]>;
	readonly #claim: (userId: string, clientIds: readonly number[]) => number | null;
	readonly #retire: Database.Statement<[string, string]>;
	#closed = false;

	constructor(db: Database.Database, now: () => number) {
		this.#db = db;
		this.#owner = db.prepare('SELECT user_id FROM sync_client_bindings WHERE client_id = ?');
		this.#bind = db.prepare(
			'INSERT OR IGNORE INTO sync_client_bindings (client_id, user_id, bound_at) VALUES (?, ?, ?)'
		);
		const claim = db.transaction((userId: string, clientIds: readonly number[]) => {
			for (const id of clientIds) {
				const owner = this.#owner.get(id)?.user_id;
				if (owner !== undefined && owner !== userId) return id;
			}
			const at = now();
			for (const id of clientIds) this.#bind.run(id, userId, at);
			return null;
		});
		this.#claim = (userId, clientIds) => claim.immediate(userId, clientIds);
		this.#retire = db.prepare('UPDATE sync_client_bindings SET user_id = ? WHERE user_id = ?');
	}

	async claim(userId: string, clientIds: readonly number[]): Promise<number | null> {
		this.#check();
		for (const id of clientIds) if (!isClientId(id)) throw new RangeError(`Not a client id: ${id}`);
		return this.#claim(userId, clientIds);
	}

	async ownerOf(clientId: number): Promise<string | null> {
		this.#check();
		return this.#owner.get(clientId)?.user_id ?? null;
	}

	async retire(userId: string): Promise<void> {
		this.#check();
		this.#retire.run(RETIRED_OWNER, userId);
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		this.#db.close();
	}

	#check(): void {
		if (this.#closed) throw new BindingStoreClosedError();
	}
}
