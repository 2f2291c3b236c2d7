/**
 * The journal's data model.
 *
 * One entry is one self-contained record. Its edits are revisions, each under its own id, so that
 * two devices editing the same entry while apart both keep their words: a revision names the
 * revision it was based on (`parent`), and the revisions no other revision builds on are the
 * entry's heads. With one head the entry is simply that head; with several, the latest by hybrid
 * logical clock is shown and the others stay visible as earlier versions.
 *
 * Nothing here is indexed in plain text by storage: when encryption at rest arrives, the whole
 * record becomes one ciphertext and search keeps running in memory over decrypted records.
 */

/** 1 = very low … 5 = very good. Always shown with words, never only as a face or colour. */
export type MoodLevel = 1 | 2 | 3 | 4 | 5;

export const MOOD_LEVELS = [1, 2, 3, 4, 5] as const satisfies readonly MoodLevel[];

/** A hybrid logical clock timestamp; see `hlc.ts`. Sorts as a plain string. */
export type HlcTimestamp = string;

export interface Revision {
	id: string;
	/** The revision this one was written on top of; null for the first. */
	parent: string | null;
	/** When it was written, by hybrid logical clock: orders revisions across devices. */
	at: HlcTimestamp;
	/** The device that wrote it (a random id, not a person's identity). */
	device: string;
	text: string;
	mood: MoodLevel | null;
	/** Feeling tags, lower case, unique, in the order the person chose them. */
	tags: string[];
	/** The id of the writing prompt the person chose, if any. */
	prompt: string | null;
}

export interface JournalEntry {
	/** Schema version of this record, so stored data can be migrated. */
	v: 1;
	id: string;
	/** Wall-clock milliseconds when the entry was begun: the day it is listed under. */
	createdAt: number;
	revisions: Record<string, Revision>;
	/** Set while a deletion can still be undone; the record is purged after that. */
	deletedAt: number | null;
}

/** What a page shows of an entry: its current revision, plus any concurrent versions kept. */
export interface JournalEntryView {
	id: string;
	createdAt: number;
	/** Wall-clock milliseconds of the current revision. */
	updatedAt: number;
	text: string;
	mood: MoodLevel | null;
	tags: string[];
	prompt: string | null;
	/** The revision id the next edit should name as its parent. */
	head: string;
	/** Concurrent versions that lost the tie-break; shown so no words are silently dropped. */
	otherVersions: Revision[];
	deletedAt: number | null;
}

/** A change the person makes; the domain turns it into a new revision. */
export interface EntryDraft {
	text: string;
	mood: MoodLevel | null;
	tags: string[];
	prompt: string | null;
}
