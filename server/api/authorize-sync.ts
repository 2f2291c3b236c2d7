// The sync endpoint's door: given an upgrade request for a room, reads `?token=` from its URL
// and says who may come in and what they may do, or why not. No database lookups: everything
// needed was decided when POST /api/sync-token issued the token, minutes ago at most.
import type { IncomingMessage } from 'node:http';
import { TokenError, type TokenClaims, type TokenService } from '../identity/tokens';
import type { CommunityDirectory } from './communities';
import { parseRoom } from './room-access';

/**
 * `missing-token`, `expired` and `invalid-token` (malformed, forged, or not a sync token) mean
 * "get a new sync token and come back"; `forbidden` means this token is not for this room.
 */
export type SyncRefusal =
	'missing-token' | 'expired' | 'invalid-token' | 'forbidden' | 'unknown-room';

export interface SyncGrant {
	userId: string;
	/** The id records written in this room must carry as `author`; null when read only. */
	author: string | null;
	canWrite: boolean;
	/** Whether the connection may send awareness (presence); community rooms only. */
	awareness: boolean;
	/** When the token was issued (see TokenClaims.iat). */
	issuedAt: number;
}

export type SyncAuthorization = SyncGrant | { refusal: SyncRefusal };

export type AuthorizeSync = (req: IncomingMessage, room: string) => Promise<SyncAuthorization>;

export function authorizeSync(
	tokens: TokenService,
	communities: CommunityDirectory
): AuthorizeSync {
	return async (req, room) => {
		const parsed = parseRoom(room, communities);
		if (!parsed) return { refusal: 'unknown-room' };
		const token = new URL(req.url ?? '/', 'http://hearth.invalid').searchParams.get('token');
		if (!token) return { refusal: 'missing-token' };
		let claims: TokenClaims;
		try {
			claims = tokens.verify(token, 'sync');
		} catch (cause: unknown) {
			if (cause instanceof TokenError) {
				return { refusal: cause.code === 'expired' ? 'expired' : 'invalid-token' };
			}
			throw cause;
		}
		if (claims.room !== room) return { refusal: 'forbidden' };
		// Checked again here, not only at issue, so a token can never open someone else's journal.
		if (parsed.kind === 'journal' && parsed.ownerId !== claims.sub) return { refusal: 'forbidden' };
		const author = claims.author ?? null;
		return {
			userId: claims.sub,
			author,
			canWrite: author !== null,
			awareness: parsed.kind === 'community',
			issuedAt: claims.iat
		};
	};
}
