/**
 * Whether the browser may clear Hearth's data under storage pressure, and how full the device is.
 *
 * Browsers evict "best-effort" origins when space runs low; a "persisted" origin is kept until
 * the person clears it. For a journal, that difference is everything, so the app asks once
 * (settings: `persistAsked`) and shows the answer. Every part of the StorageManager API is
 * missing somewhere (insecure contexts, older Safari, some WebViews), so each call is feature
 * detected, and a call that fails is read as "this browser cannot tell us".
 */

/** `'unsupported'`: this browser cannot persist storage, or would not answer. */
export type PersistenceState = boolean | 'unsupported';

export interface StorageStatus {
	persisted: PersistenceState;
	/** Bytes this origin uses, when the browser says. */
	usage: number | null;
	/** Bytes this origin may use, when the browser says. Often a loose upper bound. */
	quota: number | null;
}

/** The parts of `navigator.storage` used here; a test passes its own. */
export type StorageManagerLike = Partial<
	Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>
>;

export function browserStorageManager(): StorageManagerLike | undefined {
	return typeof navigator === 'undefined' ? undefined : navigator.storage;
}

/**
 * Asks the browser to keep our data. Some browsers decide silently (from engagement or an
 * installed PWA), others prompt; either way the answer comes back here.
 */
export async function requestPersistence(
	storage: StorageManagerLike | undefined = browserStorageManager()
): Promise<PersistenceState> {
	if (typeof storage?.persist !== 'function') return 'unsupported';
	try {
		return (await storage.persist()) === true;
	} catch {
		return 'unsupported';
	}
}

export async function readStorageStatus(
	storage: StorageManagerLike | undefined = browserStorageManager()
): Promise<StorageStatus> {
	const [persisted, estimate] = await Promise.all([readPersisted(storage), readEstimate(storage)]);
	return { persisted, usage: bytes(estimate?.usage), quota: bytes(estimate?.quota) };
}

async function readPersisted(storage: StorageManagerLike | undefined): Promise<PersistenceState> {
	if (typeof storage?.persisted !== 'function') return 'unsupported';
	try {
		return (await storage.persisted()) === true;
	} catch {
		return 'unsupported';
	}
}

async function readEstimate(
	storage: StorageManagerLike | undefined
): Promise<StorageEstimate | undefined> {
	if (typeof storage?.estimate !== 'function') return undefined;
	try {
		return await storage.estimate();
	} catch {
		return undefined;
	}
}

function bytes(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}
