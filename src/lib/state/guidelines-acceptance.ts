/**
 * Telling the server that the person accepted a community's guidelines
 * (`PUT /api/communities/:communityId/guidelines`, docs/PROTOCOL.md). The server gives write
 * tokens only to people who accepted the current version, so this goes before the first write
 * token; offline, the person keeps writing on the device and it goes first once a connection
 * appears (the room's token fetch awaits it, and retries with the connection's backoff).
 */
import { SignedOutError } from '../sync/sync-problem';

export type GuidelinesOutcome =
	| { kind: 'accepted' }
	/** The guidelines changed since the person read them: show the current ones again. */
	| { kind: 'changed'; version: string | null };

export class GuidelinesAcceptanceError extends Error {
	override name = 'GuidelinesAcceptanceError';
	constructor(readonly status: number) {
		super(`The server did not record the accepted guidelines (${status}).`);
	}
}

export interface GuidelinesRequest {
	origin: string;
	session: string;
	communityId: string;
	version: string;
	fetch?: typeof fetch;
}

export async function sendGuidelinesAcceptance(
	request: GuidelinesRequest
): Promise<GuidelinesOutcome> {
	const doFetch = request.fetch ?? globalThis.fetch;
	const response = await doFetch(
		`${request.origin}/api/communities/${encodeURIComponent(request.communityId)}/guidelines`,
		{
			method: 'PUT',
			headers: {
				'content-type': 'application/json',
				authorization: `Bearer ${request.session}`
			},
			body: JSON.stringify({ version: request.version })
		}
	);
	if (response.ok) return { kind: 'accepted' };
	if (response.status === 401) throw new SignedOutError();
	if (response.status === 409) {
		const body: unknown = await response.json().catch(() => null);
		const version = field(body, 'guidelinesVersion');
		return { kind: 'changed', version: typeof version === 'string' ? version : null };
	}
	throw new GuidelinesAcceptanceError(response.status);
}

/** The current guidelines of one community (`GET /api/communities`), or null when unreachable. */
export async function fetchGuidelines(
	origin: string,
	communityId: string,
	doFetch: typeof fetch = globalThis.fetch
): Promise<{ lines: string[]; version: string | null } | null> {
	try {
		const response = await doFetch(`${origin}/api/communities`);
		if (!response.ok) return null;
		const list = field(await response.json(), 'communities');
		if (!Array.isArray(list)) return null;
		const entry: unknown = list.find((item: unknown) => field(item, 'id') === communityId);
		const lines = field(entry, 'guidelines');
		const version = field(entry, 'guidelinesVersion');
		if (!Array.isArray(lines)) return null;
		return {
			lines: lines.filter((line: unknown): line is string => typeof line === 'string'),
			version: typeof version === 'string' ? version : null
		};
	} catch {
		// Offline or the server is away: the guidelines on the device are shown instead.
		return null;
	}
}

function field(body: unknown, name: string): unknown {
	return typeof body === 'object' && body !== null ? Reflect.get(body, name) : undefined;
}
