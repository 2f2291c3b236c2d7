/**
 * The readable copy: everything a person wrote, as plain JSON anyone can open, made only when
 * they ask for it. It is the opposite of the backup (`backup-file.ts`): nothing in it is sealed,
 * so it carries its own warning, and Hearth refuses to import it (the backup is the way back in).
 *
 *   { "format": "hearth-readable-copy", "v": 1, "warning": "…", "exportedAt": "<ISO time>",
 *     "journal": [ …entries, newest first… ], "settings": { … }, "posts": [ … ] }
 *
 * `format` comes first, so even a cut-off copy is recognised by its first line.
 */

import type { JournalEntry, MoodLevel, Revision } from '../journal/entry';
import { hlcWallTime } from '../journal/hlc';
import { viewEntry } from '../journal/revisions';

export const READABLE_COPY_FORMAT = 'hearth-readable-copy';
export const READABLE_COPY_VERSION = 1;
export const READABLE_COPY_WARNING = 'Anyone who has this file can read everything in it.';
/** Written first in the Markdown copy, so it too is told apart from a backup. */
export const READABLE_COPY_MARKER = `<!-- ${READABLE_COPY_FORMAT} -->`;

export interface ReadableExportArgs {
	exportedAt: number;
	journal: readonly JournalEntry[];
	settings: Record<string, unknown>;
	posts: readonly unknown[];
	/** The warning in the person's language; English when left out. */
	warning?: string;
}

/** One version of an entry's words as the copy shows it: times as ISO text, mood as 1–5. */
interface ReadableVersion {
	writtenAt: string;
	mood: MoodLevel | null;
	tags: string[];
	prompt: string | null;
	text: string;
}

interface ReadableEntry extends ReadableVersion {
	id: string;
	createdAt: string;
	/** Versions written apart on two devices that lost the tie-break; kept so no words drop. */
	otherVersions: ReadableVersion[];
}

/**
 * Pretty JSON of what the person sees: each live entry's current words and any concurrent
 * versions. Entries waiting out their undo window after a deletion are left out, as the person
 * asked for them gone. Revision ids and devices are bookkeeping, not words, and stay out too.
 */
export function readableExport({
	exportedAt,
	journal,
	settings,
	posts,
	warning = READABLE_COPY_WARNING
}: ReadableExportArgs): string {
	const entries = journal
		.filter((entry) => entry.deletedAt === null)
		.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
		.map(readableEntry);
	const copy = {
		format: READABLE_COPY_FORMAT,
		v: READABLE_COPY_VERSION,
		warning,
		exportedAt: isoTime(exportedAt),
		moodScale: '1 = very low, 2 = low, 3 = okay, 4 = good, 5 = very good',
		journal: entries,
		settings,
		posts
	};
	return JSON.stringify(copy, null, 2) + '\n';
}

function readableEntry(entry: JournalEntry): ReadableEntry {
	const view = viewEntry(entry);
	return {
		id: view.id,
		createdAt: isoTime(view.createdAt),
		writtenAt: isoTime(view.updatedAt),
		mood: view.mood,
		tags: view.tags,
		prompt: view.prompt,
		text: view.text,
		otherVersions: view.otherVersions.map(readableVersion)
	};
}

function readableVersion(revision: Revision): ReadableVersion {
	return {
		writtenAt: isoTime(hlcWallTime(revision.at)),
		mood: revision.mood,
		tags: [...revision.tags],
		prompt: revision.prompt,
		text: revision.text
	};
}

function isoTime(ms: number): string {
	return new Date(ms).toISOString();
}
