// Opens (creating if needed) Hearth's SQLite file for one store, set up the same way for every
// store that shares it: WAL, so one connection reads while another writes, and a busy timeout,
// so two stores' writers wait for each other instead of failing; and `secure_delete`, a setting of
// each connection, so what a store deletes (an account's identity, reports, notices) is zeroed on
// disk, not just unlinked. `build` makes the store from the
// connection; if it throws (a failed migration, say), the connection is closed, not leaked.
import Database from 'better-sqlite3';

export function openSqliteFile<T>(file: string, build: (db: Database.Database) => T): T {
	const db = new Database(file);
	try {
		db.pragma('journal_mode = WAL');
		db.pragma('busy_timeout = 5000');
		db.pragma('secure_delete = ON');
		return build(db);
	} catch (cause: unknown) {
		db.close();
		throw cause;
	}
}
