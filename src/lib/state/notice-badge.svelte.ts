/**
 * How many notices from moderators the person has not seen, for the bottom bar. A number, kept
 * apart from the notices state so that the bar, on every page, does not carry that code: the
 * notices state sets it once it has loaded (see `notices.svelte.ts`).
 */
class NoticeBadge {
	unread = $state(0);
}

export const noticeBadge = new NoticeBadge();
