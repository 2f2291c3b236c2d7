/**
 * One editing session of one journal entry: the draft as typed, and its autosave. Every change
 * saves after a short pause, and at least about once a second while typing goes on; a failed save
 * keeps the words and tries again by itself.
 */
import type { EntryDraft } from '../domain/journal/entry';
import { isEmptyDraft } from '../domain/journal/revisions';
import type { JournalState } from './journal.svelte';
import { reportStorageError } from './storage-health.svelte';

/** Autosave: a pause this long after typing saves; while typing continues, saves still happen
 *  at least this often, so a crash loses at most about a second. */
const SAVE_PAUSE_MS = 400;
const SAVE_MAX_WAIT_MS = 1000;
/** After a failed save, try again after this long, doubling up to the maximum. */
const RETRY_FIRST_MS = 3000;
const RETRY_MAX_MS = 60_000;

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

export class EntryEditor {
	entryId = $state<string | undefined>();
	draft = $state<EntryDraft>({ text: '', mood: null, tags: [], prompt: null });
	saveStatus = $state<SaveStatus>('idle');
	#journal: JournalState;
	#revisionId: string | undefined;
	#baseHead: string | undefined;
	#pauseTimer: ReturnType<typeof setTimeout> | undefined;
	#maxTimer: ReturnType<typeof setTimeout> | undefined;
	#saving: Promise<void> = Promise.resolve();
	#dirty = false;
	#retryTimer: ReturnType<typeof setTimeout> | undefined;
	#retryDelay = RETRY_FIRST_MS;

	constructor(journalState: JournalState, id: string | undefined) {
		this.#journal = journalState;
		this.entryId = id;
		const view = id ? journalState.get(id) : undefined;
		if (view) {
			this.draft = { text: view.text, mood: view.mood, tags: [...view.tags], prompt: view.prompt };
			this.#baseHead = view.head;
		}
	}

	/** Call after every change to the draft. */
	changed(): void {
		this.#journal.track(this);
		this.#dirty = true;
		this.saveStatus = 'pending';
		clearTimeout(this.#pauseTimer);
		this.#pauseTimer = setTimeout(() => void this.flush(), SAVE_PAUSE_MS);
		this.#maxTimer ??= setTimeout(() => void this.flush(), SAVE_MAX_WAIT_MS);
	}

	/** Saves now if anything changed. Safe to call often (page hide, navigation, reload). */
	flush(): Promise<void> {
		clearTimeout(this.#pauseTimer);
		clearTimeout(this.#retryTimer);
		clearTimeout(this.#maxTimer);
		this.#maxTimer = undefined;
		this.#saving = this.#saving.then(() => this.#saveIfDirty());
		return this.#saving;
	}

	async #saveIfDirty(): Promise<void> {
		if (!this.#dirty) return;
		// An untouched new entry is not worth a record; an existing one may be emptied on purpose.
		if (!this.entryId && isEmptyDraft(this.draft)) {
			this.#dirty = false;
			this.saveStatus = 'idle';
			return;
		}
		this.#dirty = false;
		this.saveStatus = 'saving';
		try {
			await this.#journal.whenOpen();
			const draft = $state.snapshot(this.draft);
			const saved = await this.#journal.save({
				entryId: this.entryId,
				revisionId: this.#revisionId,
				baseHead: this.#baseHead,
				draft
			});
			this.entryId = saved.entryId;
			this.#revisionId = saved.revisionId;
			this.saveStatus = this.#dirty ? 'pending' : 'saved';
			this.#retryDelay = RETRY_FIRST_MS;
		} catch (e: unknown) {
			// The words stay in the editor, and saving is tried again by itself (sooner if the
			// person types, leaves or hides the page): a full device may have room again soon.
			this.#dirty = true;
			this.saveStatus = 'failed';
			reportStorageError(e);
			this.#retryTimer = setTimeout(() => void this.flush(), this.#retryDelay);
			this.#retryDelay = Math.min(this.#retryDelay * 2, RETRY_MAX_MS);
		}
	}
}
