import type { StoredPiece } from './document-store';
import { CompactionRejectedError } from './store-errors';

/**
 * Where a compaction's merged pieces go: onto the last seqs of the run they replace.
 *
 * Why reuse seqs at all: the merged pieces must sort before everything appended after `upToSeq`,
 * and `append` hands out ever larger numbers, so a fresh number would put them after newer
 * updates. Taking the replaced run's last seqs keeps `load` in seq order, keeps the last merged
 * piece at `upToSeq` (so "everything up to seq N" still means the pieces with seq ≤ N), and never
 * collides with a number `append` hands out, because `append` never goes back.
 *
 * Returns null when there is nothing left to replace (the prefix was already compacted further,
 * or the room was deleted): writing the merged pieces then would duplicate content, or bring a
 * deleted room back. Throws when the pieces cannot take the run's place.
 *
 * Shared by every store so that they agree by construction.
 */
export function placeCompacted(
	replacedSeqs: readonly number[],
	merged: readonly Uint8Array[]
): StoredPiece[] | null {
	if (replacedSeqs.length === 0) return null;
	if (merged.length === 0) {
		throw new CompactionRejectedError(
			'A compaction must keep at least one piece; use deleteRoom to remove content.'
		);
	}
	if (merged.length > replacedSeqs.length) {
		throw new CompactionRejectedError(
			`A compaction gave ${merged.length} pieces for a run that now holds ` +
				`${replacedSeqs.length}; the log changed since it was loaded. Load it again and retry.`
		);
	}
	const first = replacedSeqs.length - merged.length;
	// In range: 0 <= first and first + i < replacedSeqs.length, checked just above.
	return merged.map((update, i) => ({ seq: replacedSeqs[first + i]!, update }));
}
