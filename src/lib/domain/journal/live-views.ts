import type { JournalEntryView } from './entry';

/**
 * Entries not waiting out their undo window after a deletion. Lists, search, day groups and mood
 * statistics all call this themselves, so a deleted entry cannot leak into any of them by a
 * caller forgetting to filter.
 */
export function liveViews(views: readonly JournalEntryView[]): JournalEntryView[] {
	return views.filter((view) => view.deletedAt === null);
}
