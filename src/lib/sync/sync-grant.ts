/**
 * What `POST /api/sync-token` grants (docs/PROTOCOL.md): a room-scoped token, and whether it
 * writes. A community room may be opened read-only: no pseudonym there yet, the guidelines not
 * (or no longer) accepted, or a moderator's pause until `mutedUntil`. A read-only connection that
 * sends any update is closed with 4403, so the connection must know before it sends.
 *
 * A server older than this field says nothing about writing: such a token is treated as writable,
 * as it was before the field existed.
 */
import { WRITABLE, type SyncAccess } from './sync-access';
import { SignedOutError } from './sync-problem';

export { WRITABLE, type ReadOnlyReason, type SyncAccess } from './sync-access';

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

export interface SyncGrant {
	token: string;
	access: SyncAccess;
}

export function createSyncGrantFetcher(options: SyncTokenFetcherOptions) {
	const { origin, session } = options;
	return async (room: string): Promise<SyncGrant> => {
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
		const token = field(body, 'token');
		if (typeof token !== 'string') throw new SyncTokenError(response.status, 'no-token');
		return { token, access: accessOf(body) };
	};
}

/** Reads the grant's access fields; anything unexpected about a refusal reads as "no pseudonym". */
export function accessOf(body: unknown): SyncAccess {
	if (field(body, 'write') !== false) return WRITABLE;
	const reason = field(body, 'readOnly');
	const until = field(body, 'mutedUntil');
	return {
		write: false,
		reason: reason === 'guidelines' || reason === 'muted' ? reason : 'no-pseudonym',
		until: reason === 'muted' && typeof until === 'number' && Number.isFinite(until) ? until : null
	};
}

function field(body: unknown, name: string): unknown {
	return typeof body === 'object' && body !== null ? Reflect.get(body, name) : undefined;
}

function errorCode(body: unknown): string | null {
	const code = field(field(body, 'error'), 'code');
	return typeof code === 'string' ? code : null;
}
