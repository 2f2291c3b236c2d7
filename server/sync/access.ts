/**
 * Who may do what in a room: the contract between the sync endpoint and whoever checks tokens
 * (server/identity). The endpoint asks once per connection, before it takes part in the room.
 *
 * The token travels as the `token` query parameter (`/sync/<room>?token=…`), because browsers
 * cannot set headers on a WebSocket and the stock y-websocket client puts `params` there. The
 * endpoint refuses a connection without one (4401) before asking; `authorize` reads it with
 * `tokenFromRequest`.
 */
import type { IncomingMessage } from 'node:http';

export interface Authorized {
	/** The person behind the token; never logged with content. */
	userId: string;
	/**
	 * The pseudonym id the records this connection writes in a community must carry; null or
	 * absent when it writes none (a reader, or a room that is not a community's).
	 */
	author?: string | null;
	/** May send updates; a read-only connection that sends one is closed with 4403. */
	canWrite: boolean;
	/** Shares presence with the room and sees others'; when false, awareness is ignored. */
	awareness: boolean;
}

/**
 * Why a connection is refused, each mapped to one close code in 4400–4499, which makes the stock
 * client stop retrying: unauthenticated 4401 (token invalid or expired), forbidden 4403 (may not
 * read this room), unknown-room 4404, too-many-connections 4429.
 */
export type RefusalReason =
	'unauthenticated' | 'forbidden' | 'unknown-room' | 'too-many-connections';

export interface Refusal {
	refused: RefusalReason;
}

export type Authorize = (req: IncomingMessage, room: string) => Promise<Authorized | Refusal>;

export function isRefusal(result: Authorized | Refusal): result is Refusal {
	return 'refused' in result;
}

/** The `token` query parameter, or null when it is missing or empty. */
export function tokenFromRequest(req: IncomingMessage): string | null {
	const query = (req.url ?? '').split('?')[1]?.split('#')[0] ?? '';
	const token = new URLSearchParams(query).get('token');
	return token === null || token === '' ? null : token;
}
