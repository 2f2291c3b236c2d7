/**
 * The grammar of a sync room name, the one path segment after `/sync/`:
 *
 *   room = [a-z0-9] [a-z0-9:_-]{0,127}
 *
 * Lower case so names never differ by case alone, `:` to namespace them (`journal:<user id>`,
 * `community:<id>:2025`), and short enough to log and index. User ids (lower-case base32) fit.
 * Anything else is refused with 4404 before authorize is asked, so no other code sees it.
 */
export const ROOM_NAME = /^[a-z0-9][a-z0-9:_-]{0,127}$/;

/** The room named by the segments after "sync", or null if they do not name a valid one. */
export function roomNameFrom(segments: readonly string[]): string | null {
	if (segments.length !== 1) return null;
	const [name] = segments;
	return name !== undefined && ROOM_NAME.test(name) ? name : null;
}
