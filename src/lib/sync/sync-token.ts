/**
 * `getToken` for a sync connection: POST /api/sync-token (docs/PROTOCOL.md) with the session's
 * bearer token. A 401 means the session is gone (SignedOutError, which the connection reports);
 * anything else that fails is a SyncTokenError or the fetch's own error, which it retries.
 */
import { SignedOutError } from './sync-problem';

export class SyncTokenError extends Error {
	override name = 'SyncTokenError';
	constructor(
		readonly status: number,
		readonly code: string | null
	) {
		super(`The server refused a sync token (${status}${code ? ` ${code}` : ''}).`);
	}
}

export interface SyncTokenFetcherOptions {
	/** The server's origin, e.g. `http://localhost:8787`; '' for the page's own origin. */
	origin: string;
	/** The current session token, or null when signed out. */
	session: () => string | null;
	fetch?: typeof fetch;
}

export function createSyncTokenFetcher(options: SyncTokenFetcherOptions) {
	const { origin, session } = options;
	return async (room: string): Promise<string> => {
		const bearer = session();
		if (bearer === null) throw new SignedOutError();
		const doFetch = options.fetch ?? globalThis.fetch;
		const response = await doFetch(`${origin}/api/sync-token`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
			body: JSON.stringify({ room })
		});
		const body: unknown = await response.json().catch(() => null);
		if (response.status === 401) throw new SignedOutError();
		if (!response.ok) throw new SyncTokenError(response.status, errorCode(body));
		const token = isRecord(body) ? body['token'] : undefined;
		if (typeof token !== 'string') throw new SyncTokenError(response.status, 'no-token');
		return token;
	};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

function errorCode(body: unknown): string | null {
	const error = isRecord(body) ? body['error'] : undefined;
	const code = isRecord(error) ? error['code'] : undefined;
	return typeof code === 'string' ? code : null;
}
