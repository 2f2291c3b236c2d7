/**
 * The part of a long thread's replies on screen: the latest ones, with the earlier ones folded
 * behind "Show earlier replies". Rendering hundreds of posts at once keeps a cheap phone busy
 * for seconds; the latest page is what a person opening a thread usually wants, and replies
 * that arrive while it is open are added below (the fold stays where it was).
 */

/** Replies shown at first (the latest), and added by each "Show earlier replies". */
export const REPLY_PAGE = 50;

/** How many earlier replies are folded away when a thread first shows `total` of them. */
export function initiallyFolded(total: number): number {
	return Math.max(0, total - REPLY_PAGE);
}

/** How many stay folded after "Show earlier replies". */
export function unfoldEarlier(folded: number): number {
	return Math.max(0, folded - REPLY_PAGE);
}
