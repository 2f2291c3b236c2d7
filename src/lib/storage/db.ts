/**
 * The device's one IndexedDB database, `hearth`, and every schema it has had.
 *
 * Journal rows are `{ id, record }`. Only `journal-record.codec.ts` knows what `record` holds:
 * today the entry as a plain object, later the ciphertext of it. The table's schema (primary key
 * `id`, nothing else indexed) is the same for both, so turning on encryption at rest rewrites
 * records, never the schema. No other index may be added to `journal`: mood, tags, dates and
 * words belong inside the record, where encryption will cover them (DESIGN: "Journal tables hold
 * no plaintext index"). The id itself is a random token and says nothing about the entry.
 *
 * `settings` and `meta` hold `{ key, value }` rows: local-only preferences, and the app's own
 * bookkeeping about this device (nothing a person wrote).
 *
 * `docUpdates` is the update log of each synced Yjs document, `{ id, docName, update }`; only
 * `dexie-document.repository.ts` reads or writes it. `[docName+id]` lets one document's rows be
 * read, in the order they were written, without touching any other document's.
 *
 * `identity` holds `{ key, value }` rows for this device's identity (the root secret, the display
 * name, whether the recovery code was confirmed, the session); only
 * `dexie-identity.repository.ts` reads or writes it. `communities` holds one row per community
 * the person joined, `{ id, … }`, and `readMarks` what they have read, `{ community, thread, at }`;
 * only the community repository touches those two.
 *
 * `threadIndex` holds each joined community's threads as its list shows them,
 * `{ community, id, lastActivity, thread }` (see `thread-index.repository.ts`): a copy kept in
 * step with the documents, so the first screen of a big community reads a few rows through
 * `[community+lastActivity]` without loading its document. Only the thread index repositories
 * touch it.
 */

import Dexie, { type DexieOptions, type EntityTable, type Table, type Transaction } from 'dexie';

export const DATABASE_NAME = 'hearth';

export interface JournalRow {
	id: string;
	/** Opaque here; see the codec. Typed `unknown` because disk may hand back anything. */
	record: unknown;
}

export interface KeyValueRow {
	key: string;
	value: unknown;
}

export interface DocUpdateRow {
	/** Assigned by IndexedDB on insert, increasing: the log's order. */
	id: number;
	docName: string;
	/** One Yjs update (or several merged into one by compaction). */
	update: Uint8Array;
}

/** A joined community; `value` is opaque here, parsed by the community repository. */
export interface CommunityRow {
	id: string;
	value: unknown;
}

/** The latest activity in a thread that the person has seen (a hybrid logical clock time). */
export interface ReadMarkRow {
	community: string;
	thread: string;
	at: string;
}

/** One indexed thread; `thread` is opaque here, checked by `readIndexedThread`. */
export interface ThreadIndexRow {
	community: string;
	id: string;
	/** A hybrid logical clock time: the order of the first screen. */
	lastActivity: string;
	thread: unknown;
}

export class HearthDatabase extends Dexie {
	declare readonly journal: EntityTable<JournalRow, 'id'>;
	declare readonly settings: EntityTable<KeyValueRow, 'key'>;
	declare readonly meta: EntityTable<KeyValueRow, 'key'>;
	declare readonly docUpdates: EntityTable<DocUpdateRow, 'id'>;
	declare readonly identity: EntityTable<KeyValueRow, 'key'>;
	declare readonly communities: EntityTable<CommunityRow, 'id'>;
	declare readonly readMarks: Table<ReadMarkRow, [string, string]>;
	declare readonly threadIndex: Table<ThreadIndexRow, [string, string]>;

	constructor(name: string = DATABASE_NAME, options?: DexieOptions) {
		super(name, options);
		declareSchemaVersions(this);
	}
}

/** The version the chain below ends at. */
export const SCHEMA_VERSION = 5;

/**
 * Every schema, oldest first. Never change a version that has shipped: add the next one, with an
 * upgrade if rows must change. Dexie runs the upgrades a database has not seen yet, in order,
 * inside one versionchange transaction, so a failed upgrade leaves the old data as it was.
 */
function declareSchemaVersions(db: Dexie): void {
	// 1 (pre-release prototype, never shipped): bare v0 journal records, `{ id, createdAt, text,
	// mood, tags }`, with a plaintext date index. Declared so the upgrade path below is real and
	// tested, and so any prototype data on a tester's device comes along.
	db.version(1).stores({ journal: 'id, createdAt', settings: 'key' });

	// 2: journal rows become `{ id, record }`, the date index goes (it leaked when entries were
	// written), and `meta` arrives. Records keep their stored shape; parse-entry.ts migrates them
	// when they are read, so this upgrade never has to understand an entry.
	db.version(2)
		.stores({ journal: 'id', settings: 'key', meta: 'key' })
		.upgrade(wrapBareJournalRecords);

	// 3: `docUpdates` arrives, empty; no existing row changes, so no upgrade step.
	db.version(3).stores({
		journal: 'id',
		settings: 'key',
		meta: 'key',
		docUpdates: '++id, [docName+id]'
	});

	// 4: `identity`, `communities` and `readMarks` arrive, empty; nothing existing changes.
	db.version(4).stores({
		journal: 'id',
		settings: 'key',
		meta: 'key',
		docUpdates: '++id, [docName+id]',
		identity: 'key',
		communities: 'id',
		readMarks: '[community+thread], community'
	});

	// 5: `threadIndex` arrives, empty; rooms fill it from their documents as they open.
	db.version(5).stores({
		journal: 'id',
		settings: 'key',
		meta: 'key',
		docUpdates: '++id, [docName+id]',
		identity: 'key',
		communities: 'id',
		readMarks: '[community+thread], community',
		threadIndex: '[community+id], [community+lastActivity]'
	});
}

async function wrapBareJournalRecords(tx: Transaction): Promise<void> {
	await tx
		.table<Record<string, unknown>, string>('journal')
		.toCollection()
		.modify((bare, row) => {
			// `id` was the key path in version 1 too, so every bare record has one.
			row.value = { id: bare['id'], record: bare };
		});
}
