/**
 * The revision graph of one journal entry, as pure functions.
 *
 * Every save is a revision naming the revision it was written on (`parent`). Two devices that
 * edit apart each add their own, so when their copies meet, `mergeEntries` keeps both and the
 * entry has two heads: the newer one (by hybrid logical clock) is shown, the other is kept as an
 * earlier version, and no one's words are silently lost.
 *
 * `mergeEntries` is a join: commutative, associative and idempotent, so copies converge however
 * sync delivers them. Revisions are keyed by id; if two copies hold different contents under one
 * id (only `amendRevision` does that), the greater `at` wins, and on an exact tie a fixed order
 * over the contents decides, so both sides pick the same one.
 */

import type { EntryDraft, HlcTimestamp, JournalEntry, JournalEntryView, Revision } from './entry';
import { compareHlc, hlcWallTime } from './hlc';
import { normaliseTags } from './tags';

export interface NewEntry {
	id: string;
	/** Wall-clock milliseconds: the day the entry is listed under. */
	now: number;
	at: HlcTimestamp;
	device: string;
	draft: EntryDraft;
	/** The first revision's id; defaults to the entry id, which is unique within the entry. */
	revisionId?: string;
}

export interface NewRevision {
	revisionId: string;
	at: HlcTimestamp;
	device: string;
	draft: EntryDraft;
	/** The head the editor was showing when the person started this edit. */
	baseHead: string;
}

export interface RevisionAmendment {
	at: HlcTimestamp;
	/** The device amending; it must be the one that wrote the revision. */
	device: string;
	draft: EntryDraft;
}

export type AmendRefusal = 'unknown-revision' | 'not-a-head' | 'other-device' | 'not-later';

/**
 * `amendRevision` would lose or hide words: the caller should write a new revision with
 * `reviseEntry` instead.
 */
export class AmendRefusedError extends Error {
	readonly code = 'amend-refused';

	constructor(
		readonly reason: AmendRefusal,
		readonly revisionId: string
	) {
		super(`Cannot amend revision ${revisionId}: ${reason}`);
		this.name = 'AmendRefusedError';
	}
}

export class DuplicateRevisionError extends Error {
	readonly code = 'duplicate-revision';

	constructor(readonly revisionId: string) {
		super(`Revision ${revisionId} already exists`);
		this.name = 'DuplicateRevisionError';
	}
}

/** Two different entries were given where two copies of one entry were expected. */
export class EntryMismatchError extends Error {
	readonly code = 'entry-mismatch';

	constructor(
		readonly a: string,
		readonly b: string
	) {
		super(`Cannot merge entry ${a} with entry ${b}`);
		this.name = 'EntryMismatchError';
	}
}

/** The entry has no revisions, or its revisions name each other in a cycle: corrupt data. */
export class EntryWithoutHeadError extends Error {
	readonly code = 'entry-without-head';

	constructor(readonly entryId: string) {
		super(`Entry ${entryId} has no head revision`);
		this.name = 'EntryWithoutHeadError';
	}
}

export function createEntry({
	id,
	now,
	at,
	device,
	draft,
	revisionId = id
}: NewEntry): JournalEntry {
	const revision = toRevision(revisionId, null, at, device, draft);
	return { v: 1, id, createdAt: now, revisions: { [revisionId]: revision }, deletedAt: null };
}

export function reviseEntry(
	entry: JournalEntry,
	{ revisionId, at, device, draft, baseHead }: NewRevision
): JournalEntry {
	if (Object.hasOwn(entry.revisions, revisionId)) throw new DuplicateRevisionError(revisionId);
	// baseHead may be missing (pruned, or not yet merged in here); naming it still records what
	// this edit replaced, so a copy that still holds it will not show it as a head.
	const revision = toRevision(revisionId, baseHead, at, device, draft);
	return { ...entry, revisions: { ...entry.revisions, [revisionId]: revision } };
}

/**
 * Rewrites a revision in place, for autosave while one editing session keeps typing, so a
 * long session leaves one revision rather than hundreds. Only the device that wrote it may, only
 * while nothing builds on it, and only with a later `at`, so the amended copy wins any merge.
 *
 * "Nothing builds on it" is only known for this copy: amend revisions that have not yet left the
 * device. Once another device may have written on top of a revision, amending it would hide the
 * amended words behind that device's edit; write a new revision instead.
 */
export function amendRevision(
	entry: JournalEntry,
	revisionId: string,
	{ at, device, draft }: RevisionAmendment
): JournalEntry {
	const revision = ownRevision(entry, revisionId);
	if (revision === undefined) throw new AmendRefusedError('unknown-revision', revisionId);
	if (!entryHeads(entry).includes(revision)) throw new AmendRefusedError('not-a-head', revisionId);
	if (revision.device !== device) throw new AmendRefusedError('other-device', revisionId);
	if (compareHlc(at, revision.at) <= 0) throw new AmendRefusedError('not-later', revisionId);
	const amended = toRevision(revisionId, revision.parent, at, device, draft);
	return { ...entry, revisions: { ...entry.revisions, [revisionId]: amended } };
}

/** Revisions nothing else builds on, newest first. */
export function entryHeads(entry: JournalEntry): Revision[] {
	const all = Object.values(entry.revisions);
	const named = new Set<string>();
	for (const revision of all) {
		if (revision.parent !== null && revision.parent !== revision.id) named.add(revision.parent);
	}
	return all.filter((revision) => !named.has(revision.id)).sort(newestFirst);
}

export function viewEntry(entry: JournalEntry): JournalEntryView {
	const [current, ...otherVersions] = entryHeads(entry);
	if (current === undefined) throw new EntryWithoutHeadError(entry.id);
	return {
		id: entry.id,
		createdAt: entry.createdAt,
		updatedAt: hlcWallTime(current.at),
		text: current.text,
		mood: current.mood,
		tags: [...current.tags],
		prompt: current.prompt,
		head: current.id,
		otherVersions,
		deletedAt: entry.deletedAt
	};
}

export function mergeEntries(a: JournalEntry, b: JournalEntry): JournalEntry {
	if (a.id !== b.id) throw new EntryMismatchError(a.id, b.id);
	const ids = [...new Set([...Object.keys(a.revisions), ...Object.keys(b.revisions)])].sort();
	const kept: [string, Revision][] = [];
	for (const id of ids) {
		const x = ownRevision(a, id);
		const y = ownRevision(b, id);
		const revision = x === undefined ? y : y === undefined ? x : later(x, y);
		if (revision !== undefined) kept.push([id, revision]);
	}
	return {
		v: 1,
		id: a.id,
		createdAt: Math.min(a.createdAt, b.createdAt),
		// A deletion on either copy wins, so deleting really deletes on every device. The cost: an
		// undo made after the deletion synced is overridden by any copy that still holds it.
		deletedAt:
			a.deletedAt === null
				? b.deletedAt
				: b.deletedAt === null
					? a.deletedAt
					: Math.max(a.deletedAt, b.deletedAt),
		revisions: Object.fromEntries(kept)
	};
}

/**
 * Drops the history every head already builds on, keeping heads and anything only some heads
 * descend from (the fork a concurrent version needs).
 *
 * Heads keep naming their dropped parents, so a copy still at a head's parent does not bring it
 * back as a concurrent version on merge. A copy further behind can: its words come back as an
 * earlier version. Nothing is lost, but prune copies that are in step, such as after a sync.
 */
export function pruneRevisions(entry: JournalEntry): JournalEntry {
	const heads = entryHeads(entry);
	if (heads.length === 0) return entry;
	const [first, ...rest] = heads.map((head) => ancestors(entry, head));
	const common = [...(first ?? [])].filter((id) => rest.every((set) => set.has(id)));
	if (common.length === 0) return entry;
	const headIds = new Set(heads.map((head) => head.id));
	const dropped = new Set(common.filter((id) => !headIds.has(id)));
	const revisions = Object.fromEntries(
		Object.entries(entry.revisions).filter(([id]) => !dropped.has(id))
	);
	return { ...entry, revisions };
}

/** A draft worth no revision: no words, no mood, no tags. */
export function isEmptyDraft(draft: EntryDraft): boolean {
	return draft.text.trim() === '' && draft.mood === null && draft.tags.length === 0;
}

/** Own properties only: an id like 'constructor' must not find Object.prototype's. */
function ownRevision(entry: JournalEntry, id: string): Revision | undefined {
	return Object.hasOwn(entry.revisions, id) ? entry.revisions[id] : undefined;
}

function toRevision(
	id: string,
	parent: string | null,
	at: HlcTimestamp,
	device: string,
	{ text, mood, tags, prompt }: EntryDraft
): Revision {
	return { id, parent, at, device, text, mood, tags: normaliseTags(tags), prompt };
}

/** Strict ancestors of `revision` that this copy holds; tolerates missing parents and cycles. */
function ancestors(entry: JournalEntry, revision: Revision): Set<string> {
	const seen = new Set<string>();
	let current = revision;
	while (current.parent !== null && !seen.has(current.parent)) {
		const parent = ownRevision(entry, current.parent);
		if (parent === undefined) break;
		seen.add(current.parent);
		current = parent;
	}
	return seen;
}

function newestFirst(a: Revision, b: Revision): number {
	return compareHlc(b.at, a.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function later(x: Revision, y: Revision): Revision {
	const byTime = compareHlc(x.at, y.at);
	if (byTime !== 0) return byTime > 0 ? x : y;
	return contentKey(x) >= contentKey(y) ? x : y;
}

function contentKey({ id, parent, at, device, text, mood, tags, prompt }: Revision): string {
	return JSON.stringify([id, parent, at, device, text, mood, tags, prompt]);
}
