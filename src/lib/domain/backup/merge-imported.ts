/**
 * Bringing a backup's entries into the journal on this device, without losing anything either
 * side holds. Each entry present on both sides is joined with `mergeEntries`, so every revision
 * from both survives: an entry edited here since the backup keeps its newer words as the current
 * version, and the backup's older edit, if it forked, stays visible as an earlier version.
 *
 * Deletion is the one place an import differs from sync. Sync lets a deletion win, so deleting
 * really deletes everywhere. Importing a backup is the person asking for their words back, so:
 * - an entry deleted here (still in its undo window) but live in the backup comes back;
 * - an entry live here but deleted in the backup stays live: the backup must not delete;
 * - an entry deleted in the backup and absent here stays away: it was deleted before the backup
 *   was made, and writing it would only have it purged again (`leftDeleted` counts them).
 */

import type { JournalEntry, Revision } from '../journal/entry';
import { mergeEntries } from '../journal/revisions';

export interface ImportMerge {
	/** The entries to store, each already merged with what is here. */
	toWrite: JournalEntry[];
	/** Entries new to this device. */
	added: number;
	/** Entries here that gained revisions or came back from a deletion. */
	updated: number;
	/** Entries the backup holds that this device already has exactly. */
	unchanged: number;
	/** Entries deleted in the backup and absent here, left out. */
	leftDeleted: number;
}

export function mergeImported(
	local: readonly JournalEntry[],
	incoming: readonly JournalEntry[]
): ImportMerge {
	const here = byId(local);
	const result: ImportMerge = { toWrite: [], added: 0, updated: 0, unchanged: 0, leftDeleted: 0 };
	for (const entry of byId(incoming).values()) {
		const existing = here.get(entry.id);
		if (existing === undefined) {
			if (entry.deletedAt !== null) result.leftDeleted++;
			else {
				result.toWrite.push(entry);
				result.added++;
			}
			continue;
		}
		const merged = mergeEntries(existing, entry);
		const restored: JournalEntry = {
			...merged,
			// Live on either side means live: the person asked for these words back.
			deletedAt: existing.deletedAt !== null && entry.deletedAt !== null ? merged.deletedAt : null
		};
		if (sameEntry(existing, restored)) result.unchanged++;
		else {
			result.toWrite.push(restored);
			result.updated++;
		}
	}
	return result;
}

/** One entry per id; copies of one entry (two rows, a repeated import) are joined, not dropped. */
function byId(entries: readonly JournalEntry[]): Map<string, JournalEntry> {
	const map = new Map<string, JournalEntry>();
	for (const entry of entries) {
		const seen = map.get(entry.id);
		map.set(entry.id, seen === undefined ? entry : mergeEntries(seen, entry));
	}
	return map;
}

/** Equal in everything stored, whatever order the revisions' keys came in. */
function sameEntry(a: JournalEntry, b: JournalEntry): boolean {
	const ids = Object.keys(a.revisions);
	if (
		a.createdAt !== b.createdAt ||
		a.deletedAt !== b.deletedAt ||
		ids.length !== Object.keys(b.revisions).length
	) {
		return false;
	}
	return ids.every(
		(id) => Object.hasOwn(b.revisions, id) && sameRevision(a.revisions[id], b.revisions[id])
	);
}

function sameRevision(a: Revision | undefined, b: Revision | undefined): boolean {
	return (
		a !== undefined &&
		b !== undefined &&
		a.id === b.id &&
		a.parent === b.parent &&
		a.at === b.at &&
		a.device === b.device &&
		a.text === b.text &&
		a.mood === b.mood &&
		a.prompt === b.prompt &&
		a.tags.length === b.tags.length &&
		a.tags.every((tag, index) => tag === b.tags[index])
	);
}
