// Merges a room's log of Yjs updates into few bounded pieces. Pure: bytes in, bytes out.
import * as Y from 'yjs';

/** One output piece and the run of inputs, `updates[from]` up to but not including `to`, it holds. */
export interface PieceRun {
	from: number;
	to: number;
	update: Uint8Array;
}

/**
 * Merges consecutive Yjs updates (v1) into as few pieces as it can, in order, each at most
 * `maxPieceBytes`: applying the pieces in order gives exactly the state the updates give.
 *
 * An input already larger than `maxPieceBytes` stays alone as its own piece, unchanged: merging
 * cannot make it smaller, and the sync layer splits such pieces when it sends them.
 */
export function compactPieces(updates: readonly Uint8Array[], maxPieceBytes: number): Uint8Array[] {
	return planPieces(updates, maxPieceBytes).map((run) => run.update);
}

/**
 * compactPieces, saying which inputs each piece holds. Greedy: each piece takes the longest run,
 * from where the previous one ended, whose merge fits; so whenever a piece is followed by
 * another, merging its run with the next input was tried and did not fit.
 */
export function planPieces(updates: readonly Uint8Array[], maxPieceBytes: number): PieceRun[] {
	if (!Number.isSafeInteger(maxPieceBytes) || maxPieceBytes < 1) {
		throw new RangeError(`maxPieceBytes must be a positive whole number, not ${maxPieceBytes}.`);
	}
	const runs: PieceRun[] = [];
	for (let from = 0; from < updates.length;) {
		const run = longestRun(updates, from, maxPieceBytes);
		runs.push(run);
		from = run.to;
	}
	return runs;
}

/**
 * Growing a run one update at a time would re-merge the whole piece for every small update
 * (thousands of keystroke-sized updates make that quadratic, and compaction shares the server's
 * one thread with every room), so the run doubles until it no longer fits and is then bisected:
 * O(log n) merges per piece. A merge only adds content as its run grows, so this finds the same
 * run one-at-a-time growth would; should a merge ever shrink, the piece is still within the
 * limit, only possibly shorter than it could have been.
 */
function longestRun(updates: readonly Uint8Array[], from: number, max: number): PieceRun {
	const first = updates[from];
	if (first === undefined) throw new RangeError(`No update at ${from}.`);
	let fits: PieceRun = { from, to: from + 1, update: first };
	if (first.byteLength > max) return fits;
	// The shortest run end known not to fit; past the end of the input means none known.
	let tooLong = updates.length + 1;
	while (fits.to < updates.length) {
		const to = Math.min(from + 2 * (fits.to - from), updates.length);
		const update = Y.mergeUpdates(updates.slice(from, to));
		if (update.byteLength > max) {
			tooLong = to;
			break;
		}
		fits = { from, to, update };
	}
	while (tooLong - fits.to > 1) {
		const to = Math.floor((fits.to + tooLong) / 2);
		const update = Y.mergeUpdates(updates.slice(from, to));
		if (update.byteLength > max) tooLong = to;
		else fits = { from, to, update };
	}
	return fits;
}
