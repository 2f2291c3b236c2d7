/**
 * Turning a failed write into the error the UI understands.
 *
 * Browsers report a full disk in several ways: the put request fails (Firefox, Safari), the
 * transaction aborts at commit (Chrome), or the call throws at once. Dexie then wraps the
 * DOMException in its own errors (`QuotaExceededError` with `inner`, `AbortError` with `inner`,
 * `BulkError` with `failures`). `isQuotaExceeded` looks through all of those.
 */

import { StorageFullError } from './storage-errors';

/** Error names that mean "out of space": the standard one, old Firefox's, old WebKit's. */
const QUOTA_ERROR_NAMES = new Set([
	'QuotaExceededError',
	'NS_ERROR_DOM_QUOTA_ERR',
	'QUOTA_EXCEEDED_ERR'
]);

/** How deep to follow `inner`/`cause`/`failures`; Dexie nests two levels at most. */
const MAX_DEPTH = 4;

export function isQuotaExceeded(error: unknown, depth = 0): boolean {
	if (depth > MAX_DEPTH || typeof error !== 'object' || error === null) return false;
	if ('name' in error && typeof error.name === 'string' && QUOTA_ERROR_NAMES.has(error.name)) {
		return true;
	}
	const nested: unknown[] = [];
	if ('inner' in error) nested.push(error.inner);
	if ('cause' in error) nested.push(error.cause);
	if ('failures' in error && Array.isArray(error.failures)) nested.push(...error.failures);
	return nested.some((inner) => isQuotaExceeded(inner, depth + 1));
}

/**
 * Runs a write, turning any quota failure into `StorageFullError`. The write must be one
 * transaction, so that a refused write leaves everything saved before it as it was.
 */
export async function guardWrite<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (e: unknown) {
		if (isQuotaExceeded(e)) throw new StorageFullError({ cause: e });
		throw e;
	}
}
