/**
 * Starts what every page needs, in order: storage, then settings, then the journal. Pages render
 * at once and show their own loading state; nothing here waits on the network.
 *
 * The journal comes first and needs nothing else: the person's identity, the data meter and the
 * journal's sync load after it, off the first screen's path (their code is not in what a page
 * first loads; see docs/BENCHMARKS.md), and the meter still counts the page's own load.
 *
 * Storage itself (Dexie, the repositories and the journal's record codec) is loaded by dynamic
 * import when the app starts, after the first screen rendered: no page draws its first screen
 * from it, the new-entry editor takes typing before it is there (its saves wait for the journal,
 * see `EntryEditor`), and on a slow link the page's own code gets the whole link first.
 *
 * Communities are started apart (`startCommunities`), so pages without them carry neither their
 * code nor Yjs: at start only for someone who joined one (their communities keep syncing, and
 * replies to them arrive, whichever page is open), otherwise when a community page asks.
 */
import type { CommunityStorage, HearthStorage } from '../storage/open-storage';
import { StorageUnavailableError } from '../storage/storage-errors';
import type { JournalRecordCodec } from '../storage/journal-record.codec';
import { journal } from './journal.svelte';
import { journalLock } from './journal-lock.svelte';
import { settings } from './settings.svelte';
import { dataSaver } from './data-saver.svelte';
import { IdentityNotReadyError } from './identity-errors';
import { storageHealth, reportStorageError } from './storage-health.svelte';
import { newId } from '../domain/ids';
import type { IdentityState } from './identity.svelte';
import type { DataMeterState } from './data-meter.svelte';

/** The storage every state started over; null when it could not be opened or read. */
let started: Promise<HearthStorage | null> | null = null;
let communitiesStarted: Promise<void> | null = null;
/** Identity and the data meter, attached after the journal opened (null if storage failed). */
let afterJournal: Promise<AfterJournal | null> | null = null;

/** Told the storage once its settings are read (null when storage failed): `storageWithSettings`. */
let settingsRead: (storage: HearthStorage | null) => void = () => {};
const withSettings = new Promise<HearthStorage | null>((resolve) => (settingsRead = resolve));

interface AfterJournal {
	identity: IdentityState;
	dataMeter: DataMeterState;
}

const loadIdentity = () => import('./identity.svelte').then((m) => m.identity);
const loadSyncSwitch = () =>
	import('./journal-sync-switch.svelte').then((m) => m.journalSyncSwitch);

export async function startApp(): Promise<void> {
	started ??= start();
	await started;
}

/**
 * Closes this page's storage for good, before it is deleted (delete-everything.ts): whatever is
 * still running (a sync, a save) then fails instead of writing the database back into being.
 */
export async function closeStorage(): Promise<void> {
	const storage = await started;
	storage?.close();
}

/** The storage opened at start, or null when it could not be (the storage part of Settings). */
export function openedStorage(): Promise<HearthStorage | null> {
	started ??= start();
	return started;
}

/**
 * Storage once its settings (the block list among them) are read, or null when it could not be
 * opened: for a page's early read of an indexed table, which then need not wait for the journal,
 * the identity and the communities state (see `first-screen.ts`).
 */
export function storageWithSettings(): Promise<HearthStorage | null> {
	started ??= start();
	return withSettings;
}

/** The community repositories as soon as storage and settings are open. */
export async function earlyCommunityStorage(): Promise<CommunityStorage> {
	// Their code loads while the database opens; a failure here is met again, and told, below.
	void import('../storage/open-storage').then((code) => code.loadCommunityCode()).catch(() => {});
	const storage = await storageWithSettings();
	if (storage === null) throw new Error('Storage could not be opened');
	return storage.communityStorage();
}

/** Starts the communities state, once; community pages call it, and `startApp` when needed. */
export function startCommunities(): Promise<void> {
	communitiesStarted ??= attachCommunities();
	return communitiesStarted;
}

/** The storage code, loaded once (see the note at the top). */
const loadStorage = () =>
	Promise.all([import('../storage/open-storage'), import('../storage/journal-record.codec')]);

async function start(): Promise<HearthStorage | null> {
	let storage: HearthStorage;
	let journalOpened = false;
	try {
		const [{ openStorage }, { sealedJournalRecordCodec }] = await loadStorage();
		storage = await openStorage();
		await settings.attach(storage.settings);
		settingsRead(storage);
		dataSaver.start();
		let device = settings.values.deviceId;
		if (!device) {
			device = newId();
			await settings.set('deviceId', device);
		}
		await journalLock.attach(storage.journalVault, {
			opened: async (vault, readPlain) => {
				const codec = (plain: boolean) => sealedJournalRecordCodec(vault, { readPlain: plain });
				const sealed = await openJournal(storage, codec, device, readPlain);
				journalOpened = true;
				// Its sync needs the identity (its room is the person's): it starts once that is in.
				void attachedAfterJournal().then(async (after) => {
					if (after !== null && journalOpened) (await loadSyncSwitch()).attach(storage);
				});
				return sealed;
			},
			locking: async () => {
				journalOpened = false;
				await journal.saveEditors();
				if (afterJournal !== null) await (await loadSyncSwitch()).stop();
				await journal.detach();
			}
		});
		if (journalLock.status === 'locked') journal.status = 'locked';
	} catch (e: unknown) {
		settingsRead(null);
		if (e instanceof StorageUnavailableError) {
			storageHealth.report('unavailable');
			journal.status = 'failed';
			journalLock.status = 'failed';
			void loadIdentity().then((identity) => (identity.status = 'failed'));
		} else {
			reportStorageError(e);
			// Storage or its code could not be loaded: an editor's saves stop waiting and say so.
			if (journal.status === 'idle') journal.status = 'failed';
		}
		afterJournal = Promise.resolve(null);
		return null;
	}
	afterJournal = attachAfterJournal(storage);
	await afterJournal;
	// Unreadable here would be unreadable there too: starting lets the community state say so.
	if (await storage.hasJoinedCommunity().catch(() => true)) void startCommunities();
	return storage;
}

/**
 * The identity and the data meter (before any community connects, so every connection carries
 * the meter id); then moderation's code for someone set up (notices, roles, kept reports).
 */
async function attachAfterJournal(storage: HearthStorage): Promise<AfterJournal | null> {
	try {
		const [identity, dataMeter] = await Promise.all([
			loadIdentity(),
			import('./data-meter.svelte').then((m) => m.dataMeter)
		]);
		await Promise.all([identity.attach(storage.identity), dataMeter.attach(storage.dataMeter)]);
		if (identity.setupComplete) void ensureModeration();
		return { identity, dataMeter };
	} catch (e: unknown) {
		reportStorageError(e);
		return null;
	}
}

/** Resolves once `attachAfterJournal` has run (or storage failed); never before start. */
async function attachedAfterJournal(): Promise<AfterJournal | null> {
	started ??= start();
	while (afterJournal === null) await started;
	return afterJournal;
}

/**
 * The journal's key is available: its rows are read with it, and rows from before encryption
 * at rest are sealed first. Returns whether every row is now sealed; if sealing failed (a full
 * device), plain rows stay readable and sealing is tried again at the next open.
 */
async function openJournal(
	storage: HearthStorage,
	codec: (readPlain: boolean) => JournalRecordCodec,
	device: string,
	readPlain: boolean
): Promise<boolean> {
	let sealed = !readPlain;
	if (readPlain) {
		try {
			await storage.openJournal(codec(true)).rewriteStale();
			sealed = true;
		} catch (e: unknown) {
			reportStorageError(e);
		}
	}
	await journal.attach(storage.openJournal(codec(!sealed)), device);
	return sealed;
}

let moderationStarted: Promise<void> | null = null;

/**
 * Starts notices, roles and the outbox for reports, once (see `start-moderation.svelte.ts`): at
 * start for someone set up, and from the pages that need them (communities, notices, moderation).
 */
export function ensureModeration(): Promise<void> {
	moderationStarted ??= (async () => {
		started ??= start();
		const [storage, { startModeration }] = await Promise.all([
			started,
			import('./start-moderation.svelte')
		]);
		if (storage !== null) startModeration(await storage.moderationStorage());
	})().catch((e: unknown) => console.error('Moderation did not start', e));
	return moderationStarted;
}

async function attachCommunities(): Promise<void> {
	try {
		started ??= start();
		const [{ communities }, storage] = await Promise.all([import('./communities.svelte'), started]);
		const after = await attachedAfterJournal();
		if (storage === null || after === null) {
			communities.status = 'failed';
			return;
		}
		// A room knows the person's pseudonym at once, so the key code is in before any opens
		// (loaded beside the community storage code). Without an identity, rooms still open and
		// say why the person cannot write.
		const { identity, dataMeter } = after;
		const [{ communities: repository, documents, threadIndex }] = await Promise.all([
			storage.communityStorage().catch((e: unknown) => {
				communities.status = 'failed';
				throw e;
			}),
			identity.loadKeys().catch((e: unknown) => {
				if (!(e instanceof IdentityNotReadyError)) console.warn('Identity keys not loaded', e);
			})
		]);
		void ensureModeration();
		await communities.attach({
			communities: repository,
			documents,
			threadIndex,
			forgetModeration: async (id) => {
				const [{ moderationCache }, { moderation }] = await Promise.all([
					storage.moderationStorage(),
					import('./moderation.svelte')
				]);
				moderation.forget(id);
				await moderationCache.removeQueue(id);
			},
			identity,
			sync: { origin: location.origin, WebSocketPolyfill: dataMeter.webSocketClass() },
			holdBackground: () => dataSaver.inForce
		});
		dataSaver.onChange((inForce) => {
			if (inForce) communities.holdBackground();
			else communities.startHeld();
		});
	} catch (e: unknown) {
		console.error('Communities did not start', e);
	}
}
