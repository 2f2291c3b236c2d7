/**
 * The journal's shared document: one person's entries, sealed, for their own devices.
 *
 * One root Y.Map, `journal`, of sealed records (`record-envelope.ts`) keyed so that no two
 * devices ever write one key concurrently with different meanings:
 *
 *   r/<entryId>/<revisionId>   one revision, with the entry's createdAt: `{ createdAt, revision }`
 *   d/<entryId>                the entry's deletion mark: `{ deletedAt }` (null: undone)
 *   x/<entryId>                the entry was removed for good: `{ purgedAt }`; its r/ and d/ keys
 *                              are deleted from the map in the same transaction
 *
 * A Y.Map keeps one value per key when two devices write it at once, chosen by client id, not by
 * time. Each revision therefore has its own key: two devices editing one entry apart write two
 * keys, both survive, and `mergeEntries` shows the later one and keeps the other as an earlier
 * version. Only the device that wrote a revision rewrites its key (amending while typing).
 *
 * The key names hold random ids only; every date, word, mood and tag is inside the ciphertext,
 * and the record's key is its associated data, so a record moved under another key does not open.
 */

import type * as Y from 'yjs';
import type { JournalEntry, Revision } from '../domain/journal/entry';
import { parseEntry } from '../domain/journal/parse-entry';
import { mergeEntries } from '../domain/journal/revisions';
import {
	openRecord,
	sealRecord,
	type RecordKeys,
	type SealedRecord
} from '../domain/journal-crypto/record-envelope';

export const JOURNAL_MAP = 'journal';

export interface JournalDocState {
	/** Entries as the document has them (deletion marks applied), in no particular order. */
	entries: JournalEntry[];
	/** Entries removed for good on some device: remove them here too. */
	purged: string[];
	/** Records that did not open: a key this device lacks (yet), or damage. Never fatal. */
	unreadable: string[];
}

type Opened =
	| { kind: 'revision'; entryId: string; createdAt: number; revision: Revision }
	| { kind: 'deletion'; entryId: string; deletedAt: number | null }
	| { kind: 'purge'; entryId: string };

/**
 * Reads and writes the document, remembering what each sealed value opened to, so a sync that
 * changed three records costs three decryptions, not one per record in the journal.
 */
export class JournalDocCodec {
	readonly #cache = new Map<string, { value: unknown; opened: Opened | null }>();

	constructor(
		private readonly doc: Y.Doc,
		private readonly keys: () => RecordKeys
	) {}

	get map(): Y.Map<unknown> {
		return this.doc.getMap(JOURNAL_MAP);
	}

	async read(): Promise<JournalDocState> {
		const revisions = new Map<string, { createdAt: number; revisions: Revision[] }>();
		const deletions = new Map<string, number | null>();
		const purged: string[] = [];
		const unreadable: string[] = [];
		const seen = new Set<string>();
		for (const [key, value] of this.map.entries()) {
			seen.add(key);
			const opened = await this.#open(key, value);
			if (opened === null) {
				unreadable.push(key);
				continue;
			}
			if (opened.kind === 'purge') purged.push(opened.entryId);
			else if (opened.kind === 'deletion') deletions.set(opened.entryId, opened.deletedAt);
			else {
				const known = revisions.get(opened.entryId) ?? {
					createdAt: opened.createdAt,
					revisions: []
				};
				known.createdAt = Math.min(known.createdAt, opened.createdAt);
				known.revisions.push(opened.revision);
				revisions.set(opened.entryId, known);
			}
		}
		for (const key of this.#cache.keys()) if (!seen.has(key)) this.#cache.delete(key);
		const entries: JournalEntry[] = [];
		for (const [id, { createdAt, revisions: list }] of revisions) {
			const entry = assemble(id, createdAt, list, deletions.get(id) ?? null);
			if (entry === null) unreadable.push(`r/${id}`);
			else entries.push(entry);
		}
		return { entries, purged, unreadable };
	}

	/**
	 * Writes what this device's copy of `entry` has that the document lacks: new or amended
	 * revisions, and a deletion mark that differs. Returns whether anything was written.
	 */
	async write(entry: JournalEntry, origin: unknown): Promise<boolean> {
		const keys = this.keys();
		const sets: [string, SealedRecord][] = [];
		for (const revision of Object.values(entry.revisions)) {
			const key = `r/${entry.id}/${revision.id}`;
			const known = await this.#open(key, this.map.get(key));
			if (known?.kind === 'revision' && known.revision.at >= revision.at) continue;
			const record = await sealRecord(keys, key, { createdAt: entry.createdAt, revision });
			sets.push([key, record]);
		}
		const deletionKey = `d/${entry.id}`;
		const known = await this.#open(deletionKey, this.map.get(deletionKey));
		const docDeletedAt = known?.kind === 'deletion' ? known.deletedAt : null;
		if (docDeletedAt !== entry.deletedAt) {
			sets.push([deletionKey, await sealRecord(keys, deletionKey, { deletedAt: entry.deletedAt })]);
		}
		if (sets.length === 0 || this.map.has(`x/${entry.id}`)) return false;
		this.doc.transact(() => {
			for (const [key, record] of sets) this.map.set(key, record);
		}, origin);
		return true;
	}

	/** The entry is gone for good: its words leave the document; a small mark says so. */
	async purge(entryId: string, now: number, origin: unknown): Promise<void> {
		const key = `x/${entryId}`;
		if (this.map.has(key)) return;
		const mark = await sealRecord(this.keys(), key, { purgedAt: now });
		const prefix = [`r/${entryId}/`, `d/${entryId}`];
		this.doc.transact(() => {
			for (const existing of [...this.map.keys()]) {
				if (prefix.some((start) => existing.startsWith(start))) this.map.delete(existing);
			}
			this.map.set(key, mark);
		}, origin);
	}

	async #open(key: string, value: unknown): Promise<Opened | null> {
		if (value === undefined) return null;
		const cached = this.#cache.get(key);
		if (cached !== undefined && cached.value === value) return cached.opened;
		let opened: Opened | null;
		try {
			opened = interpret(key, await openRecord(this.keys(), key, value));
		} catch {
			// A key this device lacks yet, or damage: the record stays as it is in the document.
			opened = null;
		}
		// Cached by identity of the stored value: Yjs hands back the same object until it changes.
		// Failures are not cached: the key may arrive later (a rotation, a link).
		if (opened !== null) this.#cache.set(key, { value, opened });
		return opened;
	}
}

function interpret(key: string, plain: unknown): Opened | null {
	if (typeof plain !== 'object' || plain === null) return null;
	const fields = plain as Record<string, unknown>;
	const [kind, entryId, revisionId] = key.split('/');
	if (entryId === undefined || entryId === '') return null;
	if (kind === 'x' && revisionId === undefined) return { kind: 'purge', entryId };
	if (kind === 'd' && revisionId === undefined) {
		const { deletedAt } = fields;
		if (deletedAt !== null && (typeof deletedAt !== 'number' || !Number.isFinite(deletedAt))) {
			return null;
		}
		return { kind: 'deletion', entryId, deletedAt };
	}
	if (kind !== 'r' || revisionId === undefined) return null;
	const { createdAt, revision } = fields;
	if (typeof createdAt !== 'number' || typeof revision !== 'object' || revision === null) {
		return null;
	}
	try {
		// Checked as a one-revision entry: the revision's own fields, and its id matching its key.
		const rev = { ...(revision as Revision), parent: null };
		const checked = parseEntry({
			v: 1,
			id: entryId,
			createdAt,
			revisions: { [revisionId]: rev },
			deletedAt: null
		});
		const parsed = checked.revisions[revisionId];
		if (parsed === undefined) return null;
		const parent = (revision as Revision).parent;
		return {
			kind: 'revision',
			entryId,
			createdAt,
			revision: { ...parsed, parent: typeof parent === 'string' ? parent : null }
		};
	} catch {
		return null;
	}
}

/** One entry from its revisions; a parent the document lacks (removed history) becomes none. */
function assemble(
	id: string,
	createdAt: number,
	revisions: readonly Revision[],
	deletedAt: number | null
): JournalEntry | null {
	const ids = new Set(revisions.map((revision) => revision.id));
	const entry = {
		v: 1 as const,
		id,
		createdAt,
		deletedAt,
		revisions: Object.fromEntries(
			revisions.map((revision) => [
				revision.id,
				revision.parent === null || ids.has(revision.parent)
					? revision
					: { ...revision, parent: null }
			])
		)
	};
	try {
		return parseEntry(entry);
	} catch {
		return null;
	}
}

/** Folds the document's copy of an entry into this device's: no revision is lost either way. */
export function foldRemote(local: JournalEntry | undefined, remote: JournalEntry): JournalEntry {
	if (local === undefined) return remote;
	// The document's deletion mark is the shared decision: an undo on another device travels as
	// a null mark, which a plain merge (deletion wins) would never let through.
	return { ...mergeEntries(local, remote), deletedAt: remote.deletedAt };
}
