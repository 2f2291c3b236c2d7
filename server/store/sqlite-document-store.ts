// The default document store: one SQLite file, `<dataDir>/hearth.sqlite`, through better-sqlite3.
//
// Durability: WAL with `synchronous = FULL`, so every append is fsynced before it resolves and
// survives power loss, not only a killed process. NORMAL would survive SIGKILL as well (a
// committed transaction is in the WAL file, and so in the OS page cache, when the call returns)
// but could lose the last commits when the machine itself stops; Hearth's users write about their
// mental health and are told their words reached the server, so the fsync is worth its cost.
//
// Deletion: `secure_delete` zeroes freed pages and deleted cells, and `deleteRoom` (and
// `scrubDeleted`, for what other stores on the same file deleted) then checkpoint and truncate the
// WAL, so deleted bytes are left neither in the database file nor in the journal. Each connection
// sets `secure_delete` itself (open-sqlite-file.ts does for the other stores): it is per connection.
// (What the filesystem or disk keeps of overwritten blocks is beyond the store's reach.)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DocumentStore, RoomSummary, StoredPiece } from './document-store';
import { placeCompacted } from './place-compacted';
import { assertRoomName } from './room-name';
import { migrate } from './sqlite-schema';
import { StoreClosedError, WalCheckpointError } from './store-errors';

export const SQLITE_FILE_NAME = 'hearth.sqlite';

type SqliteDatabase = Database.Database;

interface PieceRow {
	seq: number;
	update_v1: Buffer;
}

interface StatsRow {
	pieces: number;
	bytes: number;
}

interface RoomRow {
	room: string;
	bytes: number;
	updated_at: number;
}

/** `PRAGMA wal_checkpoint` answers one row; `busy` is 0 only when the checkpoint completed. */
function checkpointCompleted(result: unknown): boolean {
	if (!Array.isArray(result)) return false;
	const row: unknown = result[0];
	return typeof row === 'object' && row !== null && 'busy' in row && row.busy === 0;
}

function prepareStatements(db: SqliteDatabase) {
	return {
		append: db.prepare<[string, Uint8Array, number, number]>(
			'INSERT INTO pieces (room, update_v1, bytes, stored_at) VALUES (?, ?, ?, ?)'
		),
		insertAt: db.prepare<[number, string, Uint8Array, number, number]>(
			'INSERT INTO pieces (seq, room, update_v1, bytes, stored_at) VALUES (?, ?, ?, ?, ?)'
		),
		latestUpTo: db
			.prepare<[string, number], number | null>(
				'SELECT MAX(stored_at) FROM pieces WHERE room = ? AND seq <= ?'
			)
			.pluck(),
		load: db.prepare<[string], PieceRow>(
			'SELECT seq, update_v1 FROM pieces WHERE room = ? ORDER BY seq'
		),
		seqsUpTo: db
			.prepare<[string, number], number>(
				'SELECT seq FROM pieces WHERE room = ? AND seq <= ? ORDER BY seq'
			)
			.pluck(),
		deleteUpTo: db.prepare<[string, number]>('DELETE FROM pieces WHERE room = ? AND seq <= ?'),
		stats: db.prepare<[string], StatsRow>(
			'SELECT COUNT(*) AS pieces, COALESCE(SUM(bytes), 0) AS bytes FROM pieces WHERE room = ?'
		),
		// `room >= prefix` lets the index start at the prefix; substr keeps exactly the names that
		// begin with it (LIKE would fold ASCII case and give `_` and `%` meaning).
		listRooms: db.prepare<[{ prefix: string }], RoomRow>(
			`SELECT room, SUM(bytes) AS bytes, MAX(stored_at) AS updated_at FROM pieces
			WHERE room >= @prefix AND substr(room, 1, length(@prefix)) = @prefix GROUP BY room`
		),
		deleteRoom: db.prepare<[string]>('DELETE FROM pieces WHERE room = ?')
	};
}

export class SqliteDocumentStore implements DocumentStore {
	readonly #db: SqliteDatabase;
	/** A Database handed in belongs to the caller, who may share it; only our own one is closed. */
	readonly #ownsDb: boolean;
	readonly #statements: ReturnType<typeof prepareStatements>;
	readonly #now: () => number;
	readonly #compact: (room: string, upToSeq: number, merged: readonly Uint8Array[]) => void;
	#closed = false;

	/** Opens (creating if needed) the database at `target`, or takes an open one. */
	constructor(target: string | SqliteDatabase, options: { now?: () => number } = {}) {
		this.#now = options.now ?? Date.now;
		this.#ownsDb = typeof target === 'string';
		this.#db = typeof target === 'string' ? new Database(target) : target;
		try {
			this.#db.pragma('journal_mode = WAL');
			this.#db.pragma('synchronous = FULL');
			this.#db.pragma('secure_delete = ON');
			migrate(this.#db);
			this.#statements = prepareStatements(this.#db);
		} catch (cause: unknown) {
			if (this.#ownsDb) this.#db.close();
			throw cause;
		}
		const statements = this.#statements;
		// One transaction: a crash mid-way leaves the old pieces, never a half-replaced prefix.
		this.#compact = this.#db.transaction(
			(room: string, upToSeq: number, merged: readonly Uint8Array[]) => {
				const placed = placeCompacted(statements.seqsUpTo.all(room, upToSeq), merged);
				if (placed === null) return;
				// Compaction changes no content: the run keeps the time of its latest update.
				const storedAt = statements.latestUpTo.get(room, upToSeq) ?? 0;
				statements.deleteUpTo.run(room, upToSeq);
				for (const { seq, update } of placed) {
					statements.insertAt.run(seq, room, update, update.byteLength, storedAt);
				}
			}
		);
	}

	async append(room: string, update: Uint8Array): Promise<number> {
		this.#check(room);
		// Synchronous and committed (fsynced) before it returns: that is what makes it durable.
		const { lastInsertRowid } = this.#statements.append.run(
			room,
			update,
			update.byteLength,
			this.#now()
		);
		return Number(lastInsertRowid);
	}

	async load(room: string): Promise<StoredPiece[]> {
		this.#check(room);
		// better-sqlite3 gives each blob its own Buffer; a plain Uint8Array view over it keeps
		// Buffer's surprises (a `slice` that shares memory) out of callers' hands.
		return this.#statements.load.all(room).map((row) => ({
			seq: row.seq,
			update: new Uint8Array(
				row.update_v1.buffer,
				row.update_v1.byteOffset,
				row.update_v1.byteLength
			)
		}));
	}

	async compact(room: string, upToSeq: number, merged: Uint8Array[]): Promise<void> {
		this.#check(room);
		this.#compact(room, upToSeq, merged);
	}

	async stats(room: string): Promise<{ bytes: number; pieces: number }> {
		this.#check(room);
		const row = this.#statements.stats.get(room);
		return { bytes: row?.bytes ?? 0, pieces: row?.pieces ?? 0 };
	}

	async listRooms(prefix: string): Promise<RoomSummary[]> {
		this.#check(prefix);
		return this.#statements.listRooms
			.all({ prefix })
			.map((row) => ({ room: row.room, bytes: row.bytes, updatedAt: row.updated_at }))
			.sort((a, b) => (a.room < b.room ? -1 : a.room > b.room ? 1 : 0));
	}

	async deleteRoom(room: string): Promise<void> {
		this.#check(room);
		this.#statements.deleteRoom.run(room);
		await this.scrubDeleted();
	}

	async scrubDeleted(): Promise<void> {
		if (this.#closed) throw new StoreClosedError();
		// A delete itself only appended zeroed pages to the WAL; the old pages with the content
		// are still in the database file, and earlier frames with it in the WAL. Checkpointing
		// copies the zeroed pages over the old ones; TRUNCATE then cuts the WAL to nothing.
		if (!checkpointCompleted(this.#db.pragma('wal_checkpoint(TRUNCATE)'))) {
			throw new WalCheckpointError();
		}
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		if (this.#ownsDb) this.#db.close();
	}

	#check(room: string): void {
		if (this.#closed) throw new StoreClosedError();
		assertRoomName(room);
	}
}

/** Opens the store in the server's data folder, creating the folder and the file if needed. */
export function openSqliteDocumentStore(
	dataDir: string,
	options: { now?: () => number } = {}
): SqliteDocumentStore {
	mkdirSync(dataDir, { recursive: true });
	return new SqliteDocumentStore(join(dataDir, SQLITE_FILE_NAME), options);
}
