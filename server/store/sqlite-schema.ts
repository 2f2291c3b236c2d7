// The document store's SQLite schema, versioned by `PRAGMA user_version`: migration i takes the
// file from version i to i + 1. Migrations are only ever appended to this list, never edited,
// because files written by earlier versions are already out in people's data folders.
import type { Database } from 'better-sqlite3';
import { SchemaTooNewError } from './store-errors';

const MIGRATIONS: readonly string[] = [
	// 1: the log. `seq` is the rowid with AUTOINCREMENT, which (unlike a plain rowid) never hands
	// out a number again after the highest row is deleted: a deleted room's seqs stay retired.
	// One counter for every room keeps that guarantee simple. `bytes` is kept beside the blob so
	// stats never read the blobs. The column is `update_v1`, not `update` (an SQL keyword), and it
	// names the Yjs encoding it holds.
	`CREATE TABLE pieces (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		room TEXT NOT NULL,
		update_v1 BLOB NOT NULL,
		bytes INTEGER NOT NULL CHECK (bytes = length(update_v1))
	);
	CREATE INDEX pieces_room_seq ON pieces (room, seq);`,
	// 2: when each piece was appended (ms since the epoch), so rooms can be listed with the time
	// of their latest change. Pieces stored before this step cannot know theirs; they take the
	// time of the migration, the closest honest answer (a room then reads as changed at upgrade).
	`ALTER TABLE pieces ADD COLUMN stored_at INTEGER NOT NULL DEFAULT 0;
	UPDATE pieces SET stored_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000;`
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the file up to SCHEMA_VERSION, each step in its own transaction. */
export function migrate(db: Database): void {
	const found = Number(db.pragma('user_version', { simple: true }));
	if (found > SCHEMA_VERSION) throw new SchemaTooNewError(found, SCHEMA_VERSION);
	MIGRATIONS.slice(found).forEach((step, i) => {
		db.transaction(() => {
			db.exec(step);
			db.pragma(`user_version = ${found + i + 1}`);
		})();
	});
}
