/**
 * Deleting everything Hearth keeps on this device: the whole IndexedDB database (journal,
 * settings, identity, community copies, queued reports) and the data it keeps in Cache Storage.
 *
 * The service worker's precache is kept: it holds only the app's own code, the same for everyone,
 * and without it a phone wiped offline could not open Hearth again (to start afresh) until it
 * reached the server.
 */
import Dexie from 'dexie';
import { DATABASE_NAME } from './db';

/** Cache names the service worker's precache uses (Workbox): the app's code, nobody's data. */
const APP_CODE_CACHE = /^workbox-precache/;

/** The database was not deleted: another tab holds it open, or the browser refused. */
export class StorageDeleteError extends Error {
	override name = 'StorageDeleteError';
}

/**
 * Deletes the database. Close this page's connection first (`HearthStorage.close`): an open
 * connection elsewhere is asked to close, and Dexie's own connections do.
 */
export async function deleteAllStorage(name = DATABASE_NAME): Promise<void> {
	try {
		await Dexie.delete(name);
	} catch (e: unknown) {
		throw new StorageDeleteError(e instanceof Error ? e.message : String(e), { cause: e });
	}
}

/** The part of Cache Storage that may hold data; `caches` is absent in some contexts. */
export async function clearCachedData(
	storage: Pick<CacheStorage, 'keys' | 'delete'> | undefined = globalThis.caches
): Promise<void> {
	if (storage === undefined) return;
	const names = await storage.keys();
	await Promise.all(
		names.filter((name) => !APP_CODE_CACHE.test(name)).map((name) => storage.delete(name))
	);
}
