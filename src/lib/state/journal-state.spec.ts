import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JournalEntry, Revision } from '../domain/journal/entry';
import { compareHlc, formatHlc } from '../domain/journal/hlc';
import type { LoadedJournal, LoadOptions } from '../storage/journal.repository';
import { MemoryJournalRepository } from '../storage/memory-journal.repository';
import { FIXTURE_NOW, makeEntry } from '../storage/testing/journal-fixtures';
import type { EntryEditor } from './entry-editor.svelte';
import { JournalState, NEWEST_FIRST, UNDO_WINDOW_MS } from './journal.svelte';
import { settings } from './settings.svelte';
import { storageHealth } from './storage-health.svelte';

const DEVICE = 'this-device';
const DAY = 24 * 60 * 60 * 1000;

interface Harness {
	journal: JournalState;
	repo: MemoryJournalRepository;
	/** When each write the repository accepted happened, by the (fake) clock. */
	writes: number[];
	/** From now on the repository refuses writes with `error`; `null` lets them through again. */
	failWith(error: unknown): void;
}

async function open(records?: Iterable<readonly [string, unknown]>): Promise<Harness> {
	let failure: unknown = null;
	const writes: number[] = [];
	const repo = new MemoryJournalRepository({
		records,
		beforeWrite() {
			if (failure !== null) throw failure;
			writes.push(Date.now());
		}
	});
	const journal = new JournalState();
	await journal.attach(repo, DEVICE);
	return { journal, repo, writes, failWith: (error) => (failure = error) };
}

function type(editor: EntryEditor, text: string): void {
	editor.draft.text = text;
	editor.changed();
}

function defined<T>(value: T | undefined): T {
	if (value === undefined) throw new Error('expected a value');
	return value;
}

async function stored(repo: MemoryJournalRepository, id: string): Promise<JournalEntry> {
	return defined(await repo.get(id));
}

async function revisions(repo: MemoryJournalRepository, id: string): Promise<Revision[]> {
	return Object.values((await stored(repo, id)).revisions);
}

/** Writes a new entry through an editor, as the new-entry page does. */
async function writeEntry(journal: JournalState, text: string): Promise<string> {
	const editor = journal.edit(undefined);
	type(editor, text);
	await editor.flush();
	return defined(editor.entryId);
}

const quotaExceeded = () => new DOMException('Simulated: the device is full', 'QuotaExceededError');

beforeEach(() => {
	vi.useFakeTimers({ now: FIXTURE_NOW });
	storageHealth.clear();
});

afterEach(() => {
	vi.useRealTimers();
	vi.restoreAllMocks();
	vi.unstubAllGlobals();
});

describe('autosave', () => {
	it('saves once typing pauses for 400 ms', async () => {
		const { journal, writes } = await open();
		const editor = journal.edit(undefined);
		type(editor, 'Hello');
		await vi.advanceTimersByTimeAsync(399);
		expect(writes).toEqual([]);
		expect(editor.saveStatus).toBe('pending');
		await vi.advanceTimersByTimeAsync(1);
		expect(writes).toEqual([FIXTURE_NOW + 400]);
		expect(editor.saveStatus).toBe('saved');
		expect(journal.get(defined(editor.entryId))?.text).toBe('Hello');
	});

	it('saves at least once a second while typing continues, so at most a second is lost', async () => {
		const { journal, repo } = await open();
		const editor = journal.edit(undefined);
		const events: { kind: 'change' | 'write'; at: number }[] = [];
		const put = repo.put.bind(repo);
		vi.spyOn(repo, 'put').mockImplementation(async (entry) => {
			await put(entry);
			events.push({ kind: 'write', at: Date.now() });
		});
		let text = '';
		for (let i = 0; i < 30; i++) {
			text += 'x';
			type(editor, text);
			events.push({ kind: 'change', at: Date.now() });
			await vi.advanceTimersByTimeAsync(100);
		}
		await vi.advanceTimersByTimeAsync(1000);

		// Every change reaches storage within a second of being made, though typing never paused.
		events.forEach((event, i) => {
			if (event.kind !== 'change') return;
			const saved = events.slice(i + 1).find((later) => later.kind === 'write');
			expect(saved, `change at +${event.at - FIXTURE_NOW} ms was saved`).toBeDefined();
			expect(defined(saved).at - event.at).toBeLessThanOrEqual(1000);
		});
		expect(journal.get(defined(editor.entryId))?.text).toBe(text);
	});

	it('saves at once on flush, and the pending timers then find nothing to save', async () => {
		const { journal, writes } = await open();
		const editor = journal.edit(undefined);
		type(editor, 'Before the tab closes');
		await editor.flush();
		expect(writes).toEqual([FIXTURE_NOW]);
		expect(editor.saveStatus).toBe('saved');
		await vi.advanceTimersByTimeAsync(5000);
		expect(writes).toHaveLength(1);
	});

	it('never writes a new entry that was left empty', async () => {
		const { journal, repo } = await open();
		const untouched = journal.edit(undefined);
		await untouched.flush();
		const erased = journal.edit(undefined);
		type(erased, 'Never mind');
		type(erased, '   ');
		await vi.advanceTimersByTimeAsync(2000);
		await erased.flush();
		expect(await repo.count()).toBe(0);
		expect(journal.views).toEqual([]);
		expect(erased.entryId).toBeUndefined();
		expect(erased.saveStatus).toBe('idle');
	});

	it('creates the entry on its first save and gives the editor its id', async () => {
		const { journal, repo } = await open();
		const editor = journal.edit(undefined);
		expect(editor.entryId).toBeUndefined();
		type(editor, 'First words');
		await editor.flush();
		const id = defined(editor.entryId);
		expect(journal.views.map((view) => view.id)).toEqual([id]);
		expect((await revisions(repo, id)).map((r) => r.text)).toEqual(['First words']);
	});

	it('asks the browser once to keep data, after a save', async () => {
		const persist = vi.fn(async () => true);
		vi.stubGlobal('navigator', { storage: { persist } });
		settings.values.persistAsked = false;
		const { journal } = await open();
		await writeEntry(journal, 'one');
		await writeEntry(journal, 'two');
		expect(persist).toHaveBeenCalledTimes(1);
		expect(settings.values.persistAsked).toBe(true);
	});

	it('saves where the browser has no storage manager to ask', async () => {
		vi.stubGlobal('navigator', undefined);
		settings.values.persistAsked = false;
		const { journal } = await open();
		const id = await writeEntry(journal, 'Still kept');
		await vi.runAllTimersAsync();
		expect(journal.get(id)?.text).toBe('Still kept');
		expect(storageHealth.issue).toBeNull();
	});
});

describe('revisions', () => {
	it('keeps one revision per editing session, however many times it saves', async () => {
		const { journal, repo, writes } = await open();
		const editor = journal.edit(undefined);
		for (const text of ['One', 'One two', 'One two three']) {
			type(editor, text);
			await vi.advanceTimersByTimeAsync(500);
		}
		const id = defined(editor.entryId);
		expect(writes).toHaveLength(3);
		expect((await revisions(repo, id)).map((r) => r.text)).toEqual(['One two three']);
	});

	it('adds a revision on top of the current one for a new session on an entry', async () => {
		const { journal, repo } = await open();
		const id = await writeEntry(journal, 'First session');
		const [first] = await revisions(repo, id);

		const editor = journal.edit(id);
		expect(editor.draft.text).toBe('First session');
		type(editor, 'Second session');
		await editor.flush();
		type(editor, 'Second session, more');
		await editor.flush();

		const all = await revisions(repo, id);
		expect(all).toHaveLength(2);
		const second = defined(all.find((r) => r.id !== first?.id));
		expect(second).toMatchObject({ parent: first?.id, text: 'Second session, more' });
		expect(journal.get(id)).toMatchObject({ text: 'Second session, more', head: second.id });
	});

	it('names the head a session started from, even if another session saved meanwhile', async () => {
		const { journal, repo } = await open();
		const id = await writeEntry(journal, 'Original');
		const [original] = await revisions(repo, id);
		const here = journal.edit(id);
		const there = journal.edit(id);
		type(there, 'Edited over there');
		await there.flush();
		vi.advanceTimersByTime(1);
		type(here, 'Edited here');
		await here.flush();

		const all = await revisions(repo, id);
		expect(all).toHaveLength(3);
		expect(all.filter((r) => r.id !== original?.id).map((r) => r.parent)).toEqual([
			original?.id,
			original?.id
		]);
		// Both survive: the later one is shown, the other is kept as another version.
		const view = defined(journal.get(id));
		expect(view.text).toBe('Edited here');
		expect(view.otherVersions.map((r) => r.text)).toEqual(['Edited over there']);
	});
});

describe('when a write fails', () => {
	it('keeps the words, says so, and saves them on the next flush', async () => {
		const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
		const { journal, repo, failWith } = await open();
		const editor = journal.edit(undefined);
		failWith(new Error('disk on fire'));
		type(editor, 'Precious words');
		await vi.advanceTimersByTimeAsync(1000);

		expect(editor.saveStatus).toBe('failed');
		expect(editor.draft.text).toBe('Precious words');
		expect(storageHealth.issue).toBe('problem');
		expect(consoleError).toHaveBeenCalled();
		expect(await repo.count()).toBe(0);

		failWith(null);
		await editor.flush();
		expect(editor.saveStatus).toBe('saved');
		expect(journal.get(defined(editor.entryId))?.text).toBe('Precious words');
		expect(await repo.count()).toBe(1);
	});

	it('reports a full device as full, and retries into the same session', async () => {
		const { journal, repo, failWith } = await open();
		const editor = journal.edit(undefined);
		type(editor, 'Saved');
		await editor.flush();
		const id = defined(editor.entryId);

		failWith(quotaExceeded());
		type(editor, 'Saved, then more');
		await editor.flush();
		expect(editor.saveStatus).toBe('failed');
		expect(storageHealth.issue).toBe('full');
		expect(editor.draft.text).toBe('Saved, then more');
		expect((await revisions(repo, id)).map((r) => r.text)).toEqual(['Saved']);

		failWith(null);
		await editor.flush();
		expect(editor.saveStatus).toBe('saved');
		expect((await revisions(repo, id)).map((r) => r.text)).toEqual(['Saved, then more']);
	});
});

describe('two tabs on one device', () => {
	it('never writes over what the other tab saved', async () => {
		const repo = new MemoryJournalRepository();
		const tabA = new JournalState();
		await tabA.attach(repo, DEVICE);
		const id = await writeEntry(tabA, 'First words');

		const tabB = new JournalState();
		await tabB.attach(repo, DEVICE);

		const editorA = tabA.edit(id);
		type(editorA, 'Edited in tab A');
		await editorA.flush();

		// Tab B still holds the entry as it was when B opened, and edits that, a moment later.
		vi.advanceTimersByTime(5);
		const editorB = tabB.edit(id);
		type(editorB, 'Edited in tab B');
		await editorB.flush();

		const texts = (await revisions(repo, id)).map((r) => r.text).sort();
		expect(texts).toEqual(['Edited in tab A', 'Edited in tab B', 'First words']);
		const view = defined(tabB.get(id));
		expect(view.text).toBe('Edited in tab B');
		expect(view.otherVersions.map((r) => r.text)).toEqual(['Edited in tab A']);
	});
});

describe('after a failed save', () => {
	it('tries again by itself, backing off, and clears the notice once saved', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		const { journal, repo, failWith } = await open();
		const editor = journal.edit(undefined);
		failWith(quotaExceeded());
		type(editor, 'Written while the phone was full');
		await vi.advanceTimersByTimeAsync(1000);
		expect(editor.saveStatus).toBe('failed');
		expect(storageHealth.issue).toBe('full');

		// The save at 400 ms failed; the retry comes 3 s later (3.4 s) and fails too; the next
		// one waits twice as long (9.4 s).
		await vi.advanceTimersByTimeAsync(2400);
		expect(await repo.count()).toBe(0);
		failWith(null);
		await vi.advanceTimersByTimeAsync(5999);
		expect(await repo.count()).toBe(0);
		await vi.advanceTimersByTimeAsync(1);
		expect(await repo.count()).toBe(1);
		expect(editor.saveStatus).toBe('saved');
		expect(storageHealth.issue).toBeNull();
	});
});

describe('delete', () => {
	it('hides the entry at once and undo brings it back', async () => {
		const { journal, repo } = await open();
		const id = await writeEntry(journal, 'Regrets');
		await journal.delete(id);
		expect(journal.recentlyDeleted).toBe(id);
		expect(journal.views).toEqual([]);
		expect(journal.get(id)).toBeUndefined();

		await journal.undoDelete(id);
		expect(journal.recentlyDeleted).toBeNull();
		expect(journal.get(id)?.text).toBe('Regrets');
		expect(journal.views.map((view) => view.id)).toEqual([id]);
		await vi.advanceTimersByTimeAsync(UNDO_WINDOW_MS * 2);
		expect((await stored(repo, id)).deletedAt).toBeNull();
	});

	it('removes the record for real once the undo window has passed', async () => {
		const { journal, repo } = await open();
		const id = await writeEntry(journal, 'Gone soon');
		const kept = await writeEntry(journal, 'Staying');
		await journal.delete(id);
		await vi.advanceTimersByTimeAsync(UNDO_WINDOW_MS - 1);
		expect(await repo.get(id)).toBeDefined();
		await vi.advanceTimersByTimeAsync(1);
		expect(await repo.get(id)).toBeUndefined();
		expect(await repo.count()).toBe(1);
		expect(journal.recentlyDeleted).toBeNull();
		expect(journal.views.map((view) => view.id)).toEqual([kept]);
	});

	it('finishes at start a deletion left by a previous run', async () => {
		const { journal, repo } = await open([
			['a', makeEntry('a', { deletedAt: FIXTURE_NOW - 60_000 })],
			['b', makeEntry('b')]
		]);
		expect(await repo.get('a')).toBeUndefined();
		expect(journal.views.map((view) => view.id)).toEqual(['b']);
	});

	it('leaves the entry in place and says so when the deletion cannot be saved', async () => {
		const { journal, repo, failWith } = await open();
		const id = await writeEntry(journal, 'Stubborn');
		failWith(quotaExceeded());
		await journal.delete(id);
		expect(storageHealth.issue).toBe('full');
		expect(journal.recentlyDeleted).toBeNull();
		expect(journal.get(id)?.text).toBe('Stubborn');
		expect((await stored(repo, id)).deletedAt).toBeNull();
	});

	it('keeps undo on offer when restoring cannot be saved, until it can', async () => {
		const { journal, repo, failWith } = await open();
		const id = await writeEntry(journal, 'Second thoughts');
		await journal.delete(id);
		failWith(quotaExceeded());
		await journal.undoDelete(id);
		expect(storageHealth.issue).toBe('full');
		expect(journal.recentlyDeleted).toBe(id);
		expect(journal.get(id)).toBeUndefined();

		failWith(null);
		await journal.undoDelete(id);
		expect(journal.recentlyDeleted).toBeNull();
		expect(journal.get(id)?.text).toBe('Second thoughts');
		await vi.advanceTimersByTimeAsync(UNDO_WINDOW_MS * 2);
		expect(await repo.get(id)).toBeDefined();
	});
	it('still removes the record when the window closes after an undo that failed', async () => {
		const { journal, repo, failWith } = await open();
		const id = await writeEntry(journal, 'Let go');
		await journal.delete(id);
		await vi.advanceTimersByTimeAsync(5000);
		failWith(quotaExceeded());
		await journal.undoDelete(id);
		failWith(null);
		await vi.advanceTimersByTimeAsync(UNDO_WINDOW_MS - 5000);
		expect(await repo.get(id)).toBeUndefined();
		expect(journal.recentlyDeleted).toBeNull();
	});
});

describe('attach', () => {
	it('orders new edits after stored revisions from a clock that was ahead', async () => {
		// Two versions written apart, both stamped later than this device's clock now reads
		// (another device's fast clock, or this one's before it was set back).
		const ahead = (offset: number, node: string) =>
			formatHlc({ wall: FIXTURE_NOW + DAY + offset, counter: 0, node });
		const base = makeEntry('a');
		const root = defined(base.revisions['a-r1']);
		const entry: JournalEntry = {
			...base,
			revisions: {
				[root.id]: root,
				older: { ...root, id: 'older', parent: root.id, at: ahead(0, 'phone'), text: 'Older' },
				newer: { ...root, id: 'newer', parent: root.id, at: ahead(1, 'laptop'), text: 'Newer' }
			}
		};
		const { journal, repo } = await open([['a', entry]]);
		expect(journal.get('a')?.text).toBe('Newer');

		const editor = journal.edit('a');
		type(editor, 'Written just now');
		await editor.flush();
		const mine = defined((await revisions(repo, 'a')).find((r) => r.device === DEVICE));
		expect(compareHlc(mine.at, ahead(1, 'laptop'))).toBeGreaterThan(0);
		expect(journal.get('a')?.text).toBe('Written just now');

		const other = await writeEntry(journal, 'A new entry');
		const [fresh] = await revisions(repo, other);
		expect(compareHlc(defined(fresh).at, ahead(1, 'laptop'))).toBeGreaterThan(0);
	});

	it('counts unreadable records, keeps them, and loads the rest', async () => {
		const { journal, repo } = await open([
			['a', makeEntry('a')],
			['b', { nonsense: true }],
			['c', { ...makeEntry('c'), v: 99 }],
			['d', makeEntry('d')]
		]);
		expect(journal.status).toBe('ready');
		expect(journal.unreadable).toBe(2);
		expect(journal.views.map((view) => view.id).sort()).toEqual(['a', 'd']);
		expect(await repo.count()).toBe(4);
	});

	it('reports a journal that cannot be read at all', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		const repo = new MemoryJournalRepository();
		vi.spyOn(repo, 'loadAll').mockRejectedValue(new Error('no journal today'));
		const journal = new JournalState();
		await journal.attach(repo, DEVICE);
		expect(journal.status).toBe('failed');
		expect(storageHealth.issue).toBe('problem');
	});
});

describe('typing before the journal has opened', () => {
	it('keeps the words and saves them once the journal opens', async () => {
		const journal = new JournalState();
		const repo = new MemoryJournalRepository();
		const editor = journal.edit(undefined);
		type(editor, 'Written while the journal was still opening.');
		await vi.advanceTimersByTimeAsync(2000);
		expect(editor.entryId).toBeUndefined();
		expect(editor.saveStatus).toBe('saving');
		await journal.attach(repo, DEVICE);
		await editor.flush();
		const id = defined(editor.entryId);
		expect((await revisions(repo, id)).map((r) => r.text)).toEqual([
			'Written while the journal was still opening.'
		]);
		expect(editor.saveStatus).toBe('saved');
	});

	it('waits while the journal is locked, and saves after it is unlocked', async () => {
		const journal = new JournalState();
		journal.status = 'locked';
		const editor = journal.edit(undefined);
		type(editor, 'Typed before the unlock.');
		await vi.advanceTimersByTimeAsync(5000);
		expect(editor.entryId).toBeUndefined();
		const repo = new MemoryJournalRepository();
		await journal.attach(repo, DEVICE);
		await editor.flush();
		expect((await stored(repo, defined(editor.entryId))).id).toBe(editor.entryId);
	});

	it('says the words are not saved when the journal cannot be opened, and keeps them', async () => {
		const journal = new JournalState();
		const editor = journal.edit(undefined);
		type(editor, 'Still here.');
		journal.status = 'failed';
		await editor.flush();
		expect(editor.saveStatus).toBe('failed');
		expect(editor.draft.text).toBe('Still here.');
		expect(storageHealth.issue).toBe('problem');
	});

	it('saves an editor used again after a lock before the key is dropped at the next lock', async () => {
		const { journal, repo } = await open();
		const editor = journal.edit(undefined);
		type(editor, 'First words.');
		await editor.flush();
		await journal.detach();
		await journal.attach(repo, DEVICE);
		type(editor, 'First words, and more after the unlock.');
		await journal.detach();
		expect(editor.saveStatus).toBe('saved');
		const texts = (await revisions(repo, defined(editor.entryId))).map((r) => r.text);
		expect(texts).toContain('First words, and more after the unlock.');
	});
});

describe('opening a big journal: the newest entries first', () => {
	/** A repository whose full read waits for `finish`, after it has shown the newest. */
	class GatedRepository extends MemoryJournalRepository {
		#release: () => void = () => undefined;
		readonly #gate = new Promise<void>((resolve) => (this.#release = resolve));
		finish(): void {
			this.#release();
		}
		override async loadAll(options?: LoadOptions): Promise<LoadedJournal> {
			const loaded = await super.loadAll(options);
			await this.#gate;
			return loaded;
		}
	}

	const entries = Array.from({ length: NEWEST_FIRST + 10 }, (_, i) =>
		makeEntry(`e${String(i).padStart(2, '0')}`, { createdAt: FIXTURE_NOW - i * DAY })
	);
	const records = entries.map((entry): [string, unknown] => [entry.id, entry]);

	async function opening(repo: GatedRepository) {
		const journal = new JournalState();
		const attached = journal.attach(repo, DEVICE);
		await vi.advanceTimersByTimeAsync(0);
		return { journal, attached };
	}

	it('shows the newest page while the rest opens, then the whole journal', async () => {
		const repo = new GatedRepository({ records });
		const { journal, attached } = await opening(repo);
		expect(journal.status).toBe('loading');
		expect(journal.newest).toHaveLength(NEWEST_FIRST);
		expect(journal.newest[0]?.id).toBe('e00');
		expect(journal.views).toEqual([]);
		repo.finish();
		await attached;
		expect(journal.status).toBe('ready');
		expect(journal.newest).toEqual([]);
		expect(journal.views).toHaveLength(NEWEST_FIRST + 10);
	});

	it('keeps what is typed meanwhile and saves it once the whole journal is open', async () => {
		const repo = new GatedRepository({ records });
		const { journal, attached } = await opening(repo);
		const editor = journal.edit(undefined);
		type(editor, 'Written while older entries were still opening.');
		await vi.advanceTimersByTimeAsync(2000);
		expect(editor.entryId).toBeUndefined();
		repo.finish();
		await attached;
		await editor.flush();
		const id = defined(editor.entryId);
		expect(journal.views[0]?.id).toBe(id);
		expect(journal.views).toHaveLength(NEWEST_FIRST + 11);
		expect((await stored(repo, id)).revisions).toBeDefined();
	});

	it('publishes nothing once locked while opening', async () => {
		const repo = new GatedRepository({ records });
		const { journal, attached } = await opening(repo);
		await journal.detach();
		expect(journal.newest).toEqual([]);
		repo.finish();
		await attached;
		expect(journal.status).toBe('locked');
		expect(journal.views).toEqual([]);
		expect(journal.allEntries()).toEqual([]);
	});

	it('opens even when a finished deletion cannot be removed, and tries again next time', async () => {
		let full = true;
		const repo = new MemoryJournalRepository({
			records: [
				['gone', makeEntry('gone', { deletedAt: FIXTURE_NOW - 60_000 })],
				['kept', makeEntry('kept')]
			],
			beforeWrite() {
				if (full) throw quotaExceeded();
			}
		});
		const journal = new JournalState();
		await journal.attach(repo, DEVICE);
		expect(journal.status).toBe('ready');
		expect(storageHealth.issue).toBe('full');
		expect(journal.views.map((view) => view.id)).toEqual(['kept']);
		expect(await repo.count()).toBe(2);
		full = false;
		await journal.detach();
		await journal.attach(repo, DEVICE);
		expect(await repo.count()).toBe(1);
	});
});
