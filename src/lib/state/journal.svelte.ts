/**
 * The journal as pages see it: entry views, search, and the editor's autosave. The only door from
 * the UI to journal storage.
 *
 * Entries are held in memory once loaded (a few thousand records are small), which is also where
 * search runs: storage keeps no plaintext index, so encryption at rest can come without a change
 * here.
 */
import type { EntryDraft, JournalEntry, JournalEntryView } from '../domain/journal/entry';
import {
	createEntry,
	reviseEntry,
	amendRevision,
	viewEntry,
	mergeEntries
} from '../domain/journal/revisions';
import { newId } from '../domain/ids';
import { ClockDriftError, compareHlc, createClock, type HlcClock } from '../domain/journal/hlc';
import { mergeImported } from '../domain/backup/merge-imported';
import type { JournalRepository, StoredJournalRow } from '../storage/journal.repository';
import { reportStorageError, storageHealth } from './storage-health.svelte';
import { deviceStorage } from './device-storage.svelte';
import { entryMap, withEntry, withoutEntry, type EntryMap } from './entry-map';
import { KeyedTimers } from './keyed-timers';
import { EntryEditor } from './entry-editor.svelte';

/** How long a deletion can be undone before the entry's words are really removed. */
export const UNDO_WINDOW_MS = 20_000;

/** Entries shown while the rest of the journal opens: the list's first page (ShowMore). */
export const NEWEST_FIRST = 40;

/** What bringing in a backup's entries did (see `mergeImported`). */
export interface ImportCounts {
	added: number;
	updated: number;
	unchanged: number;
	/** Deleted in the backup and absent here, so left out. */
	leftDeleted: number;
}

/** What changed in this device's journal, for the journal's sync to send. */
export type JournalChange =
	{ kind: 'written'; entry: JournalEntry } | { kind: 'purged'; id: string };

/** `locked`: the journal's key is not in memory, so neither is any entry. */
type LoadStatus = 'idle' | 'loading' | 'ready' | 'locked' | 'failed';

export class JournalState {
	#status = $state<LoadStatus>('idle');
	/** Saves made before the journal opened (the new-entry editor takes typing at once). */
	#openWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
	unreadable = $state(0);
	/** The entry whose deletion can still be undone, for the undo notice. */
	recentlyDeleted = $state<string | null>(null);
	#entries = $state.raw<EntryMap>(entryMap([]));
	#newest = $state.raw<JournalEntryView[]>([]);
	/** Counts opens, so an open overtaken by a lock (or by another open) publishes nothing. */
	#opening = 0;
	#repo: JournalRepository | null = null;
	#device = '';
	#clock: HlcClock | null = null;
	// Bookkeeping that nothing renders, so a plain Map rather than a reactive SvelteMap.
	#purgeTimers = new KeyedTimers();
	// Editing sessions opened since the journal was last opened: locking saves them first.
	#editors: EntryEditor[] = [];
	#listeners: ((change: JournalChange) => void)[] = [];

	/** Live entries, newest first. */
	readonly views: JournalEntryView[] = $derived(
		[...this.#entries.values()]
			.filter((entry) => entry.deletedAt === null)
			.map(viewEntry)
			.sort((a, b) => b.createdAt - a.createdAt)
	);

	/**
	 * While the journal opens: its newest live entries, newest first, read before the rest so the
	 * list can show them. Empty otherwise: once open, `views` holds every entry; and locked, none.
	 * Search, the mood view and editing wait for the whole journal (`status` 'ready').
	 */
	get newest(): JournalEntryView[] {
		return this.#newest;
	}

	get status(): LoadStatus {
		return this.#status;
	}

	set status(status: LoadStatus) {
		this.#status = status;
		if (status !== 'loading') this.#newest = [];
		if (status !== 'ready' && status !== 'failed') return;
		const waiters = this.#openWaiters;
		this.#openWaiters = [];
		for (const waiter of waiters) {
			if (status === 'ready') waiter.resolve();
			else waiter.reject(new Error('The journal could not be opened.'));
		}
	}

	/**
	 * Resolves once the journal is open (at once if it is); rejects if it could not be opened.
	 * While it is still opening or locked, this waits: what was typed is saved after the unlock.
	 */
	whenOpen(): Promise<void> {
		if (this.#status === 'ready') return Promise.resolve();
		if (this.#status === 'failed') {
			return Promise.reject(new Error('The journal could not be opened.'));
		}
		return new Promise((resolve, reject) => this.#openWaiters.push({ resolve, reject }));
	}

	async attach(repo: JournalRepository, device: string): Promise<void> {
		this.#repo = repo;
		this.#device = device;
		this.status = 'loading';
		const opening = ++this.#opening;
		const current = () => opening === this.#opening && this.#status === 'loading';
		try {
			const loaded = await repo.loadAll({
				newest: {
					count: NEWEST_FIRST,
					show: (entries) => {
						if (current()) this.#newest = entries.map(viewEntry);
					}
				}
			});
			if (!current()) return;
			const entries = await this.#finishDeletions(repo, loaded.entries);
			if (!current()) return;
			this.unreadable = loaded.problems.length;
			// The clock resumes after the latest revision on this device, so a phone whose clock
			// went backwards (a flat battery, a manual change) still orders new edits last.
			this.#clock = createClock(device, Date.now, { last: latestRevisionTime(entries) });
			this.#entries = entryMap(entries);
			this.status = 'ready';
		} catch (e: unknown) {
			if (!current()) return;
			this.status = 'failed';
			reportStorageError(e);
		}
	}

	/**
	 * A deletion whose undo window closed (the tab was closed or reloaded meanwhile) is finished
	 * now, so deleted words never linger on the device. If the device refuses, they stay deleted
	 * (hidden) and are tried again at the next open; the journal opens all the same.
	 */
	async #finishDeletions(
		repo: JournalRepository,
		entries: JournalEntry[]
	): Promise<JournalEntry[]> {
		const now = Date.now();
		const finished = (entry: JournalEntry) => entry.deletedAt !== null && entry.deletedAt < now;
		const done = entries.filter(finished).map((entry) => entry.id);
		if (done.length === 0) return entries;
		try {
			await repo.removeMany(done);
		} catch (e: unknown) {
			reportStorageError(e);
			return entries;
		}
		return entries.filter((entry) => !finished(entry));
	}

	/** Saves what every open editor holds (before locking, so sync can send it first). */
	async saveEditors(): Promise<void> {
		await Promise.all(this.#editors.map((editor) => editor.flush()));
	}

	/**
	 * The journal is locking: saves every editor's words, then forgets the entries, the storage
	 * and the key. A deletion still in its undo window stays deleted; the next open finishes it.
	 */
	async detach(): Promise<void> {
		await this.saveEditors();
		// An open still reading stops here: nothing it read is published after the lock.
		this.#opening++;
		this.#editors = [];
		this.#purgeTimers.cancelAll();
		this.#entries = entryMap([]);
		this.#repo = null;
		this.#clock = null;
		this.recentlyDeleted = null;
		this.unreadable = 0;
		this.status = 'locked';
	}

	get(id: string): JournalEntryView | undefined {
		const entry = this.#entries.get(id);
		return entry && entry.deletedAt === null ? viewEntry(entry) : undefined;
	}

	/** Opens an editing session on an entry (or a new one when `id` is undefined). A new entry's
	 *  session can start before the journal has opened: its saves wait until it is open. */
	edit(id: string | undefined): EntryEditor {
		const editor = new EntryEditor(this, id);
		this.track(editor);
		return editor;
	}

	/** Counts `editor` among those locking saves first (again, after a lock and unlock). */
	track(editor: EntryEditor): void {
		if (!this.#editors.includes(editor)) this.#editors.push(editor);
	}

	/** Marks the entry deleted (undoable for UNDO_WINDOW_MS), then removes it for real. A refused
	 *  write is reported and leaves the entry as it was. */
	async delete(id: string): Promise<void> {
		const entry = this.#entries.get(id);
		if (!entry || !this.#repo) return;
		const deleted: JournalEntry = { ...entry, deletedAt: Date.now() };
		try {
			await this.#write(deleted);
		} catch (e: unknown) {
			reportStorageError(e);
			return;
		}
		this.recentlyDeleted = id;
		this.#schedulePurge(id, UNDO_WINDOW_MS);
	}

	async undoDelete(id: string): Promise<void> {
		const entry = this.#entries.get(id);
		// The purge is stopped before the write, so it cannot remove the record being restored.
		this.#purgeTimers.cancel(id);
		if (entry && entry.deletedAt !== null) {
			try {
				await this.#write({ ...entry, deletedAt: null });
			} catch (e: unknown) {
				// Still deleted: undo stays on offer for what is left of its window.
				reportStorageError(e);
				this.#schedulePurge(id, entry.deletedAt + UNDO_WINDOW_MS - Date.now());
				return;
			}
		}
		if (this.recentlyDeleted === id) this.recentlyDeleted = null;
	}

	/** Saves a draft as a revision; returns the entry id and the revision id written. */
	async save(session: {
		entryId: string | undefined;
		revisionId: string | undefined;
		baseHead: string | undefined;
		draft: EntryDraft;
	}): Promise<{ entryId: string; revisionId: string }> {
		if (!this.#clock) throw new Error('The journal is not open yet.');
		const at = this.#clock.tick();
		const existing = session.entryId ? this.#entries.get(session.entryId) : undefined;
		let entry: JournalEntry;
		let revisionId = session.revisionId;
		if (!existing) {
			revisionId = newId();
			entry = createEntry({
				id: session.entryId ?? newId(),
				revisionId,
				now: Date.now(),
				at,
				device: this.#device,
				draft: session.draft
			});
		} else if (revisionId && canAmend(existing, revisionId, this.#device)) {
			entry = amendRevision(existing, revisionId, {
				at,
				device: this.#device,
				draft: session.draft
			});
		} else {
			revisionId = newId();
			entry = reviseEntry(existing, {
				revisionId,
				at,
				device: this.#device,
				draft: session.draft,
				baseHead: session.baseHead ?? viewEntry(existing).head
			});
		}
		await this.#write(entry);
		void deviceStorage.askOnce().catch(() => undefined);
		return { entryId: entry.id, revisionId };
	}

	/** Whether an entry is held here, deleted or not. */
	holds(id: string): boolean {
		return this.#entries.has(id);
	}

	/** Every entry held, deleted ones in their undo window included: what sync sends. */
	allEntries(): JournalEntry[] {
		return [...this.#entries.values()];
	}

	/** Calls `listener` after each write or removal made on this device; returns how to stop. */
	onChange(listener: (change: JournalChange) => void): () => void {
		this.#listeners.push(listener);
		return () => {
			this.#listeners = this.#listeners.filter((other) => other !== listener);
		};
	}

	/**
	 * Folds in what another of the person's devices wrote (from the journal's document): no
	 * revision is lost (`foldRemote` is given by the caller so this module stays free of sync
	 * code), removed entries are removed here too. Entries in `skip` have local writes not yet
	 * sent, and are left for the next round. Returns how many entries changed.
	 */
	async applyRemote(
		remote: readonly JournalEntry[],
		purged: readonly string[],
		fold: (local: JournalEntry | undefined, remote: JournalEntry) => JournalEntry,
		skip: (id: string) => boolean = () => false
	): Promise<number> {
		if (!this.#repo || !this.#clock) return 0;
		const changed: JournalEntry[] = [];
		for (const entry of remote) {
			if (skip(entry.id)) continue;
			const local = this.#entries.get(entry.id);
			const next = fold(local, entry);
			if (local === undefined || !sameEntry(local, next)) changed.push(next);
		}
		const gone = purged.filter((id) => this.#entries.has(id) && !skip(id));
		if (changed.length > 0) await this.#repo.putMany(changed);
		for (const id of gone) await this.#repo.remove(id);
		let next = this.#entries;
		for (const entry of changed) {
			next = withEntry(next, entry);
			for (const revision of Object.values(entry.revisions)) receiveTime(this.#clock, revision.at);
			if (entry.deletedAt !== null) {
				this.#schedulePurge(entry.id, entry.deletedAt + UNDO_WINDOW_MS - Date.now());
			} else {
				this.#purgeTimers.cancel(entry.id);
			}
		}
		for (const id of gone) next = withoutEntry(next, id);
		this.#entries = next;
		if (changed.length + gone.length > 0) storageHealth.saved();
		return changed.length + gone.length;
	}

	/** Every stored row exactly as stored (sealed, unreadable ones too), for an encrypted backup. */
	async exportRows(): Promise<StoredJournalRow[]> {
		if (!this.#repo) throw new Error('The journal is not open yet.');
		return this.#repo.exportRows();
	}

	/**
	 * Brings in a backup's entries, joined with what is here so no revision on either side is
	 * lost. One `putMany`: a refused write (a full device) keeps none of them, and the entries
	 * in memory change only after the write succeeded.
	 */
	async importEntries(entries: readonly JournalEntry[]): Promise<ImportCounts> {
		if (!this.#repo || !this.#clock) throw new Error('The journal is not open yet.');
		const { toWrite, added, updated, unchanged, leftDeleted } = mergeImported(
			[...this.#entries.values()],
			entries
		);
		if (toWrite.length > 0) await this.#repo.putMany(toWrite);
		let next = this.#entries;
		for (const entry of toWrite) {
			next = withEntry(next, entry);
			// An entry brought back from its undo window must not be purged when the window ends.
			if (entry.deletedAt === null) {
				this.#purgeTimers.cancel(entry.id);
				if (this.recentlyDeleted === entry.id) this.recentlyDeleted = null;
			}
			// Edits made here from now on order after the backup's, even if its device ran ahead.
			for (const revision of Object.values(entry.revisions)) receiveTime(this.#clock, revision.at);
		}
		this.#entries = next;
		if (toWrite.length > 0) storageHealth.saved();
		for (const entry of toWrite) this.#notify({ kind: 'written', entry });
		return { added, updated, unchanged, leftDeleted };
	}

	async #write(entry: JournalEntry): Promise<void> {
		if (!this.#repo) throw new Error('The journal is not open yet.');
		// Another tab may have saved this entry since it was loaded here: fold in its revisions
		// rather than write over them. The deletion mark is this tab's latest decision.
		const stored = await this.#repo.get(entry.id);
		const merged = stored ? { ...mergeEntries(stored, entry), deletedAt: entry.deletedAt } : entry;
		await this.#repo.put(merged);
		this.#entries = withEntry(this.#entries, merged);
		storageHealth.saved();
		this.#notify({ kind: 'written', entry: merged });
	}

	#notify(change: JournalChange): void {
		for (const listener of this.#listeners) listener(change);
	}

	#schedulePurge(id: string, delay: number): void {
		this.#purgeTimers.set(id, delay, () => void this.#purge(id));
	}

	async #purge(id: string): Promise<void> {
		if (this.recentlyDeleted === id) this.recentlyDeleted = null;
		const entry = this.#entries.get(id);
		if (!entry || entry.deletedAt === null || !this.#repo) return;
		try {
			await this.#repo.remove(id);
			this.#entries = withoutEntry(this.#entries, id);
			this.#notify({ kind: 'purged', id });
		} catch (e: unknown) {
			reportStorageError(e);
		}
	}
}

export const journal = new JournalState();

function sameEntry(a: JournalEntry, b: JournalEntry): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

function latestRevisionTime(entries: readonly JournalEntry[]): string | null {
	let latest: string | null = null;
	for (const entry of entries) {
		for (const revision of Object.values(entry.revisions)) {
			if (latest === null || compareHlc(revision.at, latest) > 0) latest = revision.at;
		}
	}
	return latest;
}

/** A timestamp too far ahead of this device's clock is not taken in: the entry still imports,
 *  and one wrong clock elsewhere cannot drag this device's into the future. */
function receiveTime(clock: HlcClock, at: string): void {
	try {
		clock.receive(at);
	} catch (e: unknown) {
		if (!(e instanceof ClockDriftError)) throw e;
	}
}

/** Keep typing into the same revision while it is still this device's latest word on the entry;
 *  once anything else has built on it, the next save starts a new revision instead. */
function canAmend(entry: JournalEntry, revisionId: string, device: string): boolean {
	const revision = entry.revisions[revisionId];
	if (!revision || revision.device !== device) return false;
	return !Object.values(entry.revisions).some((r) => r.parent === revisionId);
}
