/**
 * Finds a dead socket when an answer is due, without polling.
 *
 * A socket can die without a word: a carrier NAT forgets it, the phone changes cell, and nothing
 * arrives, not even a close. The stock provider finds that out by dropping any socket that has
 * heard nothing for 30 s, which makes every idle connection talk at least twice a minute. Hearth
 * listens for silence only while it waits for an answer the server owes: the first sync after
 * the socket opens, and the step 2 answering a probe. Waiting, a socket that has heard nothing at
 * all for `limitMs` is taken for dead. Anything heard counts, not only the answer, so a long
 * download on a slow link is not mistaken for silence.
 */
import type { SyncTimers } from './sync-environment';

export interface SilenceWatchOptions {
	timers: SyncTimers;
	now: () => number;
	limitMs: number;
	/** Called once when the answer is overdue and nothing was heard for `limitMs`. */
	onSilent: () => void;
}

export interface SilenceWatch {
	/** Something arrived on the socket (or it opened). */
	heard(): void;
	/** An answer is now due: watches from now, unless already watching. */
	watch(): void;
	/** Nothing is due any more. */
	stop(): void;
	readonly watching: boolean;
	/** How long since the socket last heard anything. */
	quietFor(): number;
}

export function createSilenceWatch(options: SilenceWatchOptions): SilenceWatch {
	const { timers, now, limitMs, onSilent } = options;
	let heardAt = now();
	let since = 0;
	let timer: unknown = null;

	function arm(ms: number): void {
		timer = timers.setTimeout(check, ms);
	}

	function check(): void {
		timer = null;
		const quiet = now() - Math.max(heardAt, since);
		if (quiet < limitMs) return arm(limitMs - quiet);
		onSilent();
	}

	return {
		heard() {
			heardAt = now();
		},
		watch() {
			if (timer !== null) return;
			since = now();
			arm(limitMs);
		},
		stop() {
			if (timer !== null) timers.clearTimeout(timer);
			timer = null;
		},
		get watching() {
			return timer !== null;
		},
		quietFor() {
			return now() - heardAt;
		}
	};
}
