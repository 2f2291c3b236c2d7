/** Journal entries and stored records for storage tests. */

import type { JournalEntry, MoodLevel } from '../../domain/journal/entry';
import { formatHlc } from '../../domain/journal/hlc';

const DAY = 24 * 60 * 60 * 1000;
export const FIXTURE_NOW = 1_720_000_000_000;

export interface EntryOptions {
	text?: string;
	mood?: MoodLevel | null;
	deletedAt?: number | null;
	createdAt?: number;
}

/** A one-revision entry; `id` doubles as a seed so different ids give different content. */
export function makeEntry(id: string, options: EntryOptions = {}): JournalEntry {
	const createdAt = options.createdAt ?? FIXTURE_NOW - DAY;
	const revisionId = `${id}-r1`;
	return {
		v: 1,
		id,
		createdAt,
		deletedAt: options.deletedAt ?? null,
		revisions: {
			[revisionId]: {
				id: revisionId,
				parent: null,
				at: formatHlc({ wall: createdAt, counter: 0, node: 'test-device' }),
				device: 'test-device',
				text: options.text ?? `Words of ${id}.`,
				mood: options.mood === undefined ? 3 : options.mood,
				tags: ['calm'],
				prompt: null
			}
		}
	};
}

/** The same entry with a second revision on top of the first: an edit. */
export function editEntry(entry: JournalEntry, text: string): JournalEntry {
	const [first] = Object.values(entry.revisions);
	if (first === undefined) throw new Error('fixture entry has no revision');
	const id = `${entry.id}-r${Object.keys(entry.revisions).length + 1}`;
	const at = formatHlc({ wall: entry.createdAt + 1000, counter: 0, node: 'test-device' });
	return {
		...entry,
		revisions: { ...entry.revisions, [id]: { ...first, id, parent: first.id, at, text } }
	};
}

/** A record as the pre-release prototype stored it (parse-entry.ts, version v0). */
export function preReleaseRecord(id: string): Record<string, unknown> {
	return {
		id,
		createdAt: FIXTURE_NOW - 30 * DAY,
		text: `Prototype words of ${id}.`,
		mood: 2,
		tags: []
	};
}
