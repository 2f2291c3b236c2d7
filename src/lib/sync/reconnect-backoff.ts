/**
 * When to try the sync connection again. Exponential backoff with "full jitter": each wait is a
 * uniformly random share of an exponentially growing window, so that a village of phones that
 * lost the server at the same moment does not come back at the same moment either.
 */
export interface BackoffOptions {
	/** The first window, in milliseconds. */
	baseMs: number;
	/** The largest window, in milliseconds, however many attempts failed. */
	capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 60_000 };

/** The wait before retry number `attempt` (0 for the first retry), in `[0, window)`. */
export function backoffDelay(
	attempt: number,
	random: () => number,
	{ baseMs, capMs }: BackoffOptions = DEFAULT_BACKOFF
): number {
	// 2 ** attempt overflows to Infinity for huge attempts; min() keeps the window at the cap.
	const window = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
	return Math.floor(random() * window);
}
