import { dayKey } from './day-key';
import type { JournalEntryView } from './entry';
import { liveViews } from './live-views';

export interface DayGroup {
	/** 'YYYY-MM-DD', the local calendar day the entries were begun on. */
	day: string;
	entries: JournalEntryView[];
}

/**
 * Live entries by the local day they were begun, newest day first and newest entry first within
 * a day. Deleted entries are left out.
 */
export function groupByDay(views: readonly JournalEntryView[], timeZone?: string): DayGroup[] {
	const byDay = new Map<string, JournalEntryView[]>();
	for (const view of liveViews(views).sort(newestFirst)) {
		const day = dayKey(view.createdAt, timeZone);
		const entries = byDay.get(day);
		if (entries === undefined) byDay.set(day, [view]);
		else entries.push(view);
	}
	// Sorted rather than taken in insertion order: where a zone turns its clocks back across
	// midnight, a later entry can fall on an earlier day.
	return [...byDay]
		.map(([day, entries]) => ({ day, entries }))
		.sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
}

function newestFirst(a: JournalEntryView, b: JournalEntryView): number {
	return b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
