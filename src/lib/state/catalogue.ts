/**
 * The server's community catalogue (`GET /api/communities`), read from the network: unknown
 * fields are ignored and malformed entries left out, as the API may grow, and what older servers
 * leave out is filled in. The stored copy is read more strictly (`storage/community.repository.ts`).
 */
import type { CommunityInfo } from '../domain/community/community-info';
import {
	list,
	object,
	optional,
	orNull,
	string,
	withDefault,
	type Reader
} from '../domain/plain-reader';

const entry: Reader<CommunityInfo> = object({
	id: string,
	name: string,
	description: withDefault(string, () => ''),
	guidelines: withDefault(list(string), () => []),
	guidelinesVersion: optional(string)
});

/** The catalogue in `body`, or null when it is not one at all. */
export function catalogueOf(body: unknown): CommunityInfo[] | null {
	const communities: unknown =
		typeof body === 'object' && body !== null ? Reflect.get(body, 'communities') : undefined;
	if (!Array.isArray(communities)) return null;
	return communities.flatMap((item: unknown) => {
		const info = orNull(entry(item));
		return info === null ? [] : [info];
	});
}
