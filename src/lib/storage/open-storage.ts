/**
 * The one door from the app's state layer to storage: opens the device's database and hands
 * back the repositories, typed by their interfaces so nothing above this file sees Dexie.
 *
 * Opening can fail for reasons a person can do something about: a private window that offers no
 * IndexedDB (older Firefox, some WebViews), storage blocked by browser policy, or a profile that
 * refuses writes. All of these become `StorageUnavailableError`, so the UI can say that entries
 * will not be kept here, instead of failing later at the first save.
 *
 * The community repositories are loaded on first use (`communityStorage`): most pages, and
 * everyone who has not joined a community, never need their code.
 */

import { DATABASE_NAME, HearthDatabase } from './db';
import { DexieJournalRepository } from './dexie-journal.repository';
import { DexieJournalVaultRepository } from './dexie-journal-vault.repository';
import { DexieSettingsRepository } from './dexie-settings.repository';
import { DexieIdentityRepository } from './dexie-identity.repository';
import type { CommunityRepository } from './community.repository';
import type { DataMeterRepository } from './data-meter.repository';
import { DexieDataMeterRepository } from './dexie-data-meter.repository';
import type { DocumentRepository } from './document.repository';
import type { IdentityRepository } from './identity.repository';
import type { JournalRecordCodec } from './journal-record.codec';
import type { JournalRepository } from './journal.repository';
import type { JournalVaultRepository } from './journal-vault.repository';
import type { ModerationCacheRepository } from './moderation-cache.repository';
import type { OutboxRepository } from './outbox.repository';
import type { SettingsRepository } from './settings.repository';
import type { StorageMeasureRepository } from './storage-measure.repository';
import type { ThreadIndexRepository } from './thread-index.repository';
import { StorageUnavailableError } from './storage-errors';

export interface HearthStorage {
	/** The journal's rows, read and written through `codec` (sealed with the journal key). */
	openJournal(codec: JournalRecordCodec): JournalRepository;
	/** The journal's keys and the lock's bookkeeping. */
	journalVault: JournalVaultRepository;
	settings: SettingsRepository;
	identity: IdentityRepository;
	/** The data meter's id and this month's totals. */
	dataMeter: DataMeterRepository;
	/** Moderation's repositories, their code loaded on the first call. */
	moderationStorage(): Promise<ModerationStorage>;
	/** Whether a community was joined on this device, read without the community repositories. */
	hasJoinedCommunity(): Promise<boolean>;
	/** The community repositories, their code loaded on the first call. */
	communityStorage(): Promise<CommunityStorage>;
	/** Measures the tables for the storage part of Settings, its code loaded on the call. */
	storageMeasure(): Promise<StorageMeasureRepository>;
	/** Closes the database; repositories fail after this. */
	close(): void;
}

export interface CommunityStorage {
	communities: CommunityRepository;
	/** The update logs of synced documents (community months). */
	documents: DocumentRepository;
	/** Joined communities' thread lists, for their first screen. */
	threadIndex: ThreadIndexRepository;
}

/**
 * What Dexie needs of `indexedDB`: `open`, returning an IDBOpenDBRequest. Typed loosely, as
 * Dexie does, so that tests can pass a hand-made request that fails on cue.
 */
export interface IndexedDbFactory {
	open(name: string, version?: number): unknown;
}

export interface OpenStorageOptions {
	name?: string;
	/** By default the browser's `indexedDB`; `null` stands for a browser that has none. */
	indexedDB?: IndexedDbFactory | null;
	IDBKeyRange?: typeof IDBKeyRange;
}

export async function openStorage(options: OpenStorageOptions = {}): Promise<HearthStorage> {
	const factory = options.indexedDB === undefined ? browserIndexedDb() : options.indexedDB;
	const keyRange = options.IDBKeyRange ?? globalThis.IDBKeyRange;
	if (factory === null || keyRange === undefined) {
		throw new StorageUnavailableError('no-indexeddb', 'this browser offers no IndexedDB');
	}
	const db = new HearthDatabase(options.name ?? DATABASE_NAME, {
		indexedDB: factory,
		IDBKeyRange: keyRange
	});
	try {
		// Opened now, not on first use, so that failure surfaces here, where it is understood.
		await db.open();
	} catch (e: unknown) {
		db.close();
		throw toUnavailable(e);
	}
	let community: Promise<CommunityStorage> | null = null;
	return {
		openJournal: (codec) => new DexieJournalRepository(db, codec),
		journalVault: new DexieJournalVaultRepository(db),
		settings: new DexieSettingsRepository(db),
		identity: new DexieIdentityRepository(db),
		dataMeter: new DexieDataMeterRepository(db),
		moderationStorage: () => loadModerationStorage(db),
		// A row that turns out unreadable still counts: the community state then says so.
		hasJoinedCommunity: async () => (await db.communities.count()) > 0,
		communityStorage: () => {
			community ??= loadCommunityStorage(db).catch((e: unknown) => {
				// A dropped link while loading the code: the next call tries again.
				community = null;
				throw e;
			});
			return community;
		},
		storageMeasure: async () => {
			const { DexieStorageMeasureRepository } = await import('./dexie-storage-measure.repository');
			return new DexieStorageMeasureRepository(db);
		},
		close: () => db.close()
	};
}

let communityCode: Promise<CommunityCode> | null = null;
type CommunityCode = [
	typeof import('./dexie-community.repository'),
	typeof import('./dexie-document.repository'),
	typeof import('./dexie-thread-index.repository')
];

/**
 * Starts loading the community repositories' code, once: a community page asks for it while the
 * database is still opening, so the two overlap. A dropped link lets the next call try again.
 */
export function loadCommunityCode(): Promise<CommunityCode> {
	communityCode ??= Promise.all([
		import('./dexie-community.repository'),
		import('./dexie-document.repository'),
		import('./dexie-thread-index.repository')
	]).catch((e: unknown) => {
		communityCode = null;
		throw e;
	});
	return communityCode;
}

async function loadCommunityStorage(db: HearthDatabase): Promise<CommunityStorage> {
	const [
		{ DexieCommunityRepository },
		{ DexieDocumentRepository },
		{ DexieThreadIndexRepository }
	] = await loadCommunityCode();
	return {
		communities: new DexieCommunityRepository(db),
		documents: new DexieDocumentRepository(db),
		threadIndex: new DexieThreadIndexRepository(db)
	};
}

export interface ModerationStorage {
	/** Moderation's copy (roles, notices, report queues), so they read offline. */
	moderationCache: ModerationCacheRepository;
	/** Reports and moderators' audit entries waiting for a connection. */
	outbox: OutboxRepository;
}

async function loadModerationStorage(db: HearthDatabase): Promise<ModerationStorage> {
	const [{ DexieModerationCacheRepository }, { DexieOutboxRepository }] = await Promise.all([
		import('./dexie-moderation-cache.repository'),
		import('./dexie-outbox.repository')
	]);
	return {
		moderationCache: new DexieModerationCacheRepository(db),
		outbox: new DexieOutboxRepository(db)
	};
}

function browserIndexedDb(): IndexedDbFactory | null {
	try {
		return globalThis.indexedDB ?? null;
	} catch {
		// Some browsers throw SecurityError on merely reading `indexedDB` when site data is blocked.
		return null;
	}
}

function toUnavailable(e: unknown): StorageUnavailableError {
	const name = e instanceof Error ? e.name : typeof e;
	const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
	return new StorageUnavailableError(
		name === 'MissingAPIError' ? 'no-indexeddb' : 'open-refused',
		detail,
		{ cause: e }
	);
}
