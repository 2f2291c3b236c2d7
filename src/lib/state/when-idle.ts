/**
 * Resolves once the browser has a quiet moment after what it is drawing now: work that no screen
 * is waiting for (opening joined communities in the background) starts after the first screen is
 * painted, not before. `timeoutMs` bounds the wait on a phone that is never idle. Outside a
 * browser it resolves on the next turn.
 */
export function whenIdle(timeoutMs = 2000): Promise<void> {
	return new Promise((resolve) => {
		if (typeof requestIdleCallback === 'function') {
			requestIdleCallback(() => resolve(), { timeout: timeoutMs });
		} else {
			setTimeout(resolve, 0);
		}
	});
}
