/**
 * Quick exit: leave Hearth at once for a neutral page, so that someone glancing at the screen
 * sees nothing of it. This is the one navigation away from our origin the app ever makes, and
 * only when the person asks for it.
 *
 * `location.replace` swaps the current history entry, so Back does not return here. Earlier
 * entries cannot be erased by a page, which is why every in-app link replaces its entry too
 * (`data-sveltekit-replacestate` on <body>): Hearth keeps a single entry in the history.
 */
export const QUICK_EXIT_URL = 'https://www.google.com/search?q=weather+forecast';

/** Two presses of Escape within this many milliseconds leave the app. */
export const DOUBLE_ESCAPE_MS = 800;

export function quickExit(target: string = QUICK_EXIT_URL): void {
	// Blank the screen first: on a slow or absent connection the next page may take a while, and
	// nothing personal should stay visible in the meantime.
	document.title = '';
	document.body.replaceChildren();
	window.location.replace(target);
}

/** Returns a keydown handler that calls `onExit` when Escape is pressed twice in quick succession. */
export function doubleEscape(onExit: () => void, now: () => number = Date.now) {
	let last = -Infinity;
	return (event: KeyboardEvent): void => {
		if (event.key !== 'Escape') return;
		const time = now();
		if (time - last <= DOUBLE_ESCAPE_MS) {
			last = -Infinity;
			onExit();
		} else {
			last = time;
		}
	};
}
