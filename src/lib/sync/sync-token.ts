/**
 * `getToken` for a sync connection: POST /api/sync-token (docs/PROTOCOL.md) with the session's
 * bearer token. A 401 means the session is gone (SignedOutError, which the connection reports);
 * anything else that fails is a SyncTokenError or the fetch's own error, which it retries.
 */
import { createSyncGrantFetcher, type SyncTokenFetcherOptions } from './sync-grant';

export { SyncTokenError, type SyncTokenFetcherOptions } from './sync-grant';

/** The token alone, for callers that only ever write (a journal) or do not care (tests). */
export function createSyncTokenFetcher(options: SyncTokenFetcherOptions) {
	const grant = createSyncGrantFetcher(options);
	return async (room: string): Promise<string> => (await grant(room)).token;
}
