// Which rooms exist, read from their names. A room is one Yjs document on the sync server:
//   journal:<userId>                  one person's encrypted journal; only they may open it
//   community:<communityId>:<part>…   a community's documents (e.g. `community:grief:recent`);
//                                     any signed-in person may read, writing needs a pseudonym
// `<part>`s are lower-case slugs joined by ":"; the community must be on the operator's list.
import { isId } from '../../src/lib/domain/ids';
import type { CommunityDirectory } from './communities';

export type Room =
	{ kind: 'journal'; ownerId: string } | { kind: 'community'; communityId: string };

/** The sync endpoint refuses longer names (server/sync/room-name.ts), so none is issued here. */
const MAX_ROOM_LENGTH = 128;
const PART = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** The room a name denotes, or undefined when no such room can exist. */
export function parseRoom(name: string, communities: CommunityDirectory): Room | undefined {
	if (name.length > MAX_ROOM_LENGTH) return undefined;
	const [kind, id = '', ...parts] = name.split(':');
	if (kind === 'journal') {
		return parts.length === 0 && isId(id) ? { kind: 'journal', ownerId: id } : undefined;
	}
	if (kind === 'community') {
		const known = communities.get(id) !== undefined;
		return known && parts.length > 0 && parts.every((part) => PART.test(part))
			? { kind: 'community', communityId: id }
			: undefined;
	}
	return undefined;
}
