// The SQLite IdentityStore: two tables in the server's one database file (`hearth.sqlite` in the
// data folder), beside the document tables another module keeps there. To share the file without
// stepping on each other, every table here starts with `identity_`, and this module's schema
// version lives in its own `identity_schema` table rather than in PRAGMA user_version.
//
// better-sqlite3 is synchronous and the server is one process, so each write runs as one
// IMMEDIATE transaction: its checks and its insert see the same state, and a failed write leaves
// nothing behind.
import Database from 'better-sqlite3';
import { canonicalDisplayName } from '../../src/lib/domain/identity/display-name';
import {
	IdentityStoreError,
	type Identity,
	type IdentityStore,
	type Pseudonym
} from './identity-store';
import { runMigrations } from '../store/run-migrations';
import { openSqliteFile } from '../store/open-sqlite-file';

/** Each entry moves the schema one version up; never edit one that has shipped. */
const MIGRATIONS: readonly string[] = [
	`CREATE TABLE identity_users (
		user_id TEXT PRIMARY KEY,
		public_key BLOB NOT NULL UNIQUE,
		display_name TEXT NOT NULL,
		canonical_name TEXT NOT NULL UNIQUE,
		created_at INTEGER NOT NULL
	) STRICT;
	CREATE TABLE identity_pseudonyms (
		pseudonym_id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES identity_users (user_id) ON DELETE CASCADE,
		community_id TEXT NOT NULL,
		public_key BLOB NOT NULL UNIQUE,
		display_name TEXT NOT NULL,
		canonical_name TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		UNIQUE (community_id, canonical_name),
		UNIQUE (user_id, community_id)
	) STRICT;`
];

export const IDENTITY_SCHEMA_VERSION = MIGRATIONS.length;

export class IdentitySchemaError extends Error {
	override name = 'IdentitySchemaError';
}

interface UserRow {
	user_id: string;
	public_key: Uint8Array;
	display_name: string;
	created_at: number;
}

interface PseudonymRow extends UserRow {
	pseudonym_id: string;
	community_id: string;
}

const USER_COLUMNS = 'user_id, public_key, display_name, created_at';
const PSEUDONYM_COLUMNS = `pseudonym_id, community_id, ${USER_COLUMNS}`;

/** Opens (creating if needed) the database file and owns the connection: close() closes it. */
export function openSqliteIdentityStore(file: string): SqliteIdentityStore {
	return openSqliteFile(file, (db) => {
		db.pragma('foreign_keys = ON');
		return new SqliteIdentityStore(db, { ownsConnection: true });
	});
}

export class SqliteIdentityStore implements IdentityStore {
	readonly #db: Database.Database;
	readonly #ownsConnection: boolean;

	/** Uses a connection someone else opened (and will close), unless told it owns it. */
	constructor(db: Database.Database, options: { ownsConnection?: boolean } = {}) {
		this.#db = db;
		this.#ownsConnection = options.ownsConnection ?? false;
		migrate(db);
	}

	async getIdentity(userId: string): Promise<Identity | undefined> {
		const row = this.#db
			.prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM identity_users WHERE user_id = ?`)
			.get(userId);
		return row && toIdentity(row);
	}

	async createIdentity(identity: Identity): Promise<void> {
		this.#immediate(() => {
			if (this.#isRegistered(identity.userId, identity.publicKey)) throw alreadyRegistered();
			const canonical = canonicalDisplayName(identity.displayName);
			if (this.#identityNameHolder(canonical) !== undefined) throw nameTaken();
			this.#db
				.prepare(
					`INSERT INTO identity_users
						(user_id, public_key, display_name, canonical_name, created_at)
					VALUES (?, ?, ?, ?, ?)`
				)
				.run(
					identity.userId,
					identity.publicKey,
					identity.displayName,
					canonical,
					identity.createdAt
				);
		});
	}

	async renameIdentity(userId: string, displayName: string): Promise<Identity> {
		return this.#immediate(() => {
			const current = this.#db
				.prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM identity_users WHERE user_id = ?`)
				.get(userId);
			if (!current) throw unknownIdentity();
			const canonical = canonicalDisplayName(displayName);
			const holder = this.#identityNameHolder(canonical);
			if (holder !== undefined && holder !== userId) throw nameTaken();
			this.#db
				.prepare('UPDATE identity_users SET display_name = ?, canonical_name = ? WHERE user_id = ?')
				.run(displayName, canonical, userId);
			return toIdentity({ ...current, display_name: displayName });
		});
	}

	async deleteIdentity(userId: string): Promise<void> {
		this.#immediate(() => {
			// Explicit rather than relying on ON DELETE CASCADE: a shared connection may have
			// foreign keys off.
			this.#db.prepare('DELETE FROM identity_pseudonyms WHERE user_id = ?').run(userId);
			this.#db.prepare('DELETE FROM identity_users WHERE user_id = ?').run(userId);
		});
	}

	async getPseudonym(pseudonymId: string): Promise<Pseudonym | undefined> {
		const row = this.#db
			.prepare<[string], PseudonymRow>(
				`SELECT ${PSEUDONYM_COLUMNS} FROM identity_pseudonyms WHERE pseudonym_id = ?`
			)
			.get(pseudonymId);
		return row && toPseudonym(row);
	}

	async pseudonymIn(userId: string, communityId: string): Promise<Pseudonym | undefined> {
		const row = this.#db
			.prepare<[string, string], PseudonymRow>(
				`SELECT ${PSEUDONYM_COLUMNS} FROM identity_pseudonyms
				WHERE user_id = ? AND community_id = ?`
			)
			.get(userId, communityId);
		return row && toPseudonym(row);
	}

	async pseudonymsOf(userId: string): Promise<Pseudonym[]> {
		return this.#db
			.prepare<[string], PseudonymRow>(
				`SELECT ${PSEUDONYM_COLUMNS} FROM identity_pseudonyms WHERE user_id = ?
				ORDER BY created_at, community_id`
			)
			.all(userId)
			.map(toPseudonym);
	}

	async createPseudonym(pseudonym: Pseudonym): Promise<void> {
		this.#immediate(() => {
			const owner = this.#db
				.prepare<[string], { found: number }>(
					'SELECT 1 AS found FROM identity_users WHERE user_id = ?'
				)
				.get(pseudonym.userId);
			if (!owner) throw unknownIdentity();
			const existing = this.#db
				.prepare<[string, string], { found: number }>(
					'SELECT 1 AS found FROM identity_pseudonyms WHERE user_id = ? AND community_id = ?'
				)
				.get(pseudonym.userId, pseudonym.communityId);
			if (existing) throw pseudonymExists();
			if (this.#isRegistered(pseudonym.pseudonymId, pseudonym.publicKey)) {
				throw alreadyRegistered();
			}
			const canonical = canonicalDisplayName(pseudonym.displayName);
			if (this.#pseudonymNameHolder(pseudonym.communityId, canonical) !== undefined) {
				throw nameTaken();
			}
			this.#db
				.prepare(
					`INSERT INTO identity_pseudonyms (pseudonym_id, user_id, community_id, public_key,
						display_name, canonical_name, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?)`
				)
				.run(
					pseudonym.pseudonymId,
					pseudonym.userId,
					pseudonym.communityId,
					pseudonym.publicKey,
					pseudonym.displayName,
					canonical,
					pseudonym.createdAt
				);
		});
	}

	async renamePseudonym(pseudonymId: string, displayName: string): Promise<Pseudonym> {
		return this.#immediate(() => {
			const current = this.#db
				.prepare<[string], PseudonymRow>(
					`SELECT ${PSEUDONYM_COLUMNS} FROM identity_pseudonyms WHERE pseudonym_id = ?`
				)
				.get(pseudonymId);
			if (!current) {
				throw new IdentityStoreError('unknown-pseudonym', 'No such pseudonym.');
			}
			const canonical = canonicalDisplayName(displayName);
			const holder = this.#pseudonymNameHolder(current.community_id, canonical);
			if (holder !== undefined && holder !== pseudonymId) throw nameTaken();
			this.#db
				.prepare(
					`UPDATE identity_pseudonyms SET display_name = ?, canonical_name = ?
					WHERE pseudonym_id = ?`
				)
				.run(displayName, canonical, pseudonymId);
			return toPseudonym({ ...current, display_name: displayName });
		});
	}

	async close(): Promise<void> {
		if (this.#ownsConnection && this.#db.open) this.#db.close();
	}

	#immediate<T>(work: () => T): T {
		return this.#db.transaction(work).immediate();
	}

	/** Ids and keys are unique across identities and pseudonyms together: one namespace. */
	#isRegistered(id: string, publicKey: Uint8Array): boolean {
		const row = this.#db
			.prepare<[string, Uint8Array, string, Uint8Array], { found: number }>(
				`SELECT 1 AS found FROM identity_users WHERE user_id = ? OR public_key = ?
				UNION ALL
				SELECT 1 FROM identity_pseudonyms WHERE pseudonym_id = ? OR public_key = ?`
			)
			.get(id, publicKey, id, publicKey);
		return row !== undefined;
	}

	#identityNameHolder(canonical: string): string | undefined {
		return this.#db
			.prepare<[string], { user_id: string }>(
				'SELECT user_id FROM identity_users WHERE canonical_name = ?'
			)
			.get(canonical)?.user_id;
	}

	#pseudonymNameHolder(communityId: string, canonical: string): string | undefined {
		return this.#db
			.prepare<[string, string], { pseudonym_id: string }>(
				`SELECT pseudonym_id FROM identity_pseudonyms
				WHERE community_id = ? AND canonical_name = ?`
			)
			.get(communityId, canonical)?.pseudonym_id;
	}
}

function migrate(db: Database.Database): void {
	runMigrations(db, 'identity', MIGRATIONS, (message) => new IdentitySchemaError(message));
}

function toIdentity(row: UserRow): Identity {
	return {
		userId: row.user_id,
		publicKey: Uint8Array.from(row.public_key),
		displayName: row.display_name,
		createdAt: row.created_at
	};
}

function toPseudonym(row: PseudonymRow): Pseudonym {
	return {
		pseudonymId: row.pseudonym_id,
		userId: row.user_id,
		communityId: row.community_id,
		publicKey: Uint8Array.from(row.public_key),
		displayName: row.display_name,
		createdAt: row.created_at
	};
}

function alreadyRegistered(): IdentityStoreError {
	return new IdentityStoreError('already-registered', 'That id or public key is registered.');
}

function unknownIdentity(): IdentityStoreError {
	return new IdentityStoreError('unknown-identity', 'No such identity.');
}

function pseudonymExists(): IdentityStoreError {
	return new IdentityStoreError(
		'pseudonym-exists',
		'This person already has a pseudonym in that community.'
	);
}

function nameTaken(): IdentityStoreError {
	return new IdentityStoreError('name-taken', 'That name is taken.');
}
