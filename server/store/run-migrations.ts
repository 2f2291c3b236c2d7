// Brings one set of SQLite tables up to date: `<name>_schema` holds the version, each migration
// runs once, in order, all in one immediate transaction, so a failed step leaves the tables as
// they were and two processes never migrate at once. A file from a newer server is refused with
// `tooNew`, never "migrated" backwards. Each store keeps its own version table, so stores that
// share one database file (documents, identities, moderation) evolve independently.
import type Database from 'better-sqlite3';

export function runMigrations(
	db: Database.Database,
	name: string,
	migrations: readonly string[],
	tooNew: (message: string) => Error
): void {
	const table = `${name}_schema`;
	db.exec(`CREATE TABLE IF NOT EXISTS ${table} (version INTEGER NOT NULL) STRICT`);
	db.transaction(() => {
		const row = db.prepare<[], { version: number }>(`SELECT version FROM ${table}`).get();
		const version = row?.version ?? 0;
		if (version > migrations.length) {
			throw tooNew(
				`The ${name} tables are at version ${version}, newer than this server knows ` +
					`(${migrations.length}). Run the newer Hearth, or restore a backup.`
			);
		}
		for (const migration of migrations.slice(version)) db.exec(migration);
		if (row === undefined) {
			db.prepare(`INSERT INTO ${table} (version) VALUES (?)`).run(migrations.length);
		} else {
			db.prepare(`UPDATE ${table} SET version = ?`).run(migrations.length);
		}
	}).immediate();
}
