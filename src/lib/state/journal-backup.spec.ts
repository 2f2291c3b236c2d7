import { describe, expect, it, vi } from 'vitest';
import { BackupFileError, BackupRefusedError } from '../domain/backup/backup-file';
import type { MarkdownWords } from '../domain/backup/journal-markdown';
import { RecoveryCodeError } from '../domain/identity/recovery-code';
import { JournalCryptoError } from '../domain/journal-crypto/crypto-error';
import { MIN_ITERATIONS } from '../domain/journal-crypto/passphrase-kdf';
import type { SealedRecord } from '../domain/journal-crypto/record-envelope';
import { sealedJournalRecordCodec } from '../storage/journal-record.codec';
import { MemoryJournalRepository } from '../storage/memory-journal.repository';
import { MemoryJournalVaultRepository } from '../storage/memory-journal-vault.repository';
import { DEFAULT_SETTINGS, type Settings } from '../storage/settings';
import { StorageFullError } from '../storage/storage-errors';
import { FIXTURE_NOW } from '../storage/testing/journal-fixtures';
import {
	BackupTooLargeError,
	isStorageFull,
	MAX_BACKUP_BYTES,
	makeBackupFile,
	readBackupFile,
	readableJson,
	readableMarkdown,
	restoreBackupFile,
	type BackupDeps
} from './journal-backup';
import { JournalLock, JournalLockError } from './journal-lock.svelte';
import { JournalState, UNDO_WINDOW_MS } from './journal.svelte';

/** Settings in memory, set as the Settings page sets them. */
class TestSettings {
	values: Settings = { ...DEFAULT_SETTINGS };
	async set<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
		this.values[key] = value;
	}
}

interface Phone {
	deps: BackupDeps;
	lock: JournalLock;
	journal: JournalState;
	repo: MemoryJournalRepository;
	settings: TestSettings;
	/** From now on journal writes are refused as on a full phone. */
	fill(): void;
}

/** A phone as the app starts it: a vault, and the journal opened with its key. */
async function phone(device: string): Promise<Phone> {
	const lock = new JournalLock({ iterations: MIN_ITERATIONS, now: () => FIXTURE_NOW });
	const journal = new JournalState();
	const settings = new TestSettings();
	settings.values.deviceId = device;
	let full = false;
	let repo: MemoryJournalRepository | undefined;
	await lock.attach(new MemoryJournalVaultRepository(), {
		opened: async (vault) => {
			repo = new MemoryJournalRepository({
				codec: sealedJournalRecordCodec(vault, { readPlain: false }),
				beforeWrite() {
					if (full) throw new DOMException('full', 'QuotaExceededError');
				}
			});
			await journal.attach(repo, device);
			return true;
		},
		locking: () => journal.detach()
	});
	if (repo === undefined) throw new Error('the journal did not open');
	const deps: BackupDeps = { lock, journal, settings, now: () => FIXTURE_NOW };
	return { deps, lock, journal, repo, settings, fill: () => (full = true) };
}

async function write(journal: JournalState, text: string): Promise<string> {
	const editor = journal.edit(undefined);
	editor.draft.text = text;
	editor.changed();
	await editor.flush();
	if (editor.entryId === undefined) throw new Error('not saved');
	return editor.entryId;
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
	return promise.then(
		() => expect.fail('expected a refusal'),
		(e: unknown) => e
	);
}

const WORDS = ['The heron came back to the river', 'Called my sister, felt lighter'];

/** Phone A with two entries, a recovery code, and a backup made. */
async function backedUp() {
	const a = await phone('phone-a');
	for (const text of WORDS) await write(a.journal, text);
	a.settings.values.country = 'NZ';
	a.settings.values.showPrompts = false;
	const code = await a.lock.newRecoveryCode();
	const file = await makeBackupFile(a.deps);
	return { a, code, file };
}

describe('makeBackupFile', () => {
	it('refuses while nothing but this phone could open the file', async () => {
		const a = await phone('phone-a');
		await write(a.journal, WORDS[0] ?? '');
		const e = await refusal(makeBackupFile(a.deps));
		expect(e).toBeInstanceOf(BackupRefusedError);
		expect((e as BackupRefusedError).code).toBe('no-way-in');
	});

	it('names the file by date and keeps every word sealed', async () => {
		const { file } = await backedUp();
		expect(file.name).toMatch(/^hearth-backup-\d{4}-\d{2}-\d{2}\.json$/);
		expect(file.name).toContain('2024-07-0'); // FIXTURE_NOW is 3 July 2024, UTC
		for (const words of [...WORDS, 'heron', 'country', 'showPrompts', 'phone-a']) {
			expect(file.text).not.toContain(words);
		}
	});

	it('says the journal is locked rather than making a file', async () => {
		const a = await phone('phone-a');
		await a.lock.setLock('passphrase', 'kettle river seven blue');
		await a.lock.lock();
		expect(await refusal(makeBackupFile(a.deps))).toBeInstanceOf(JournalLockError);
	});
});

describe('restoreBackupFile', () => {
	it('brings every entry and the preferences to a new phone with the recovery code', async () => {
		const { code, file } = await backedUp();
		const b = await phone('phone-b');
		const summary = await restoreBackupFile(file.text, { recoveryCode: code }, b.deps);
		expect(summary).toEqual({ added: 2, updated: 0, unchanged: 0, leftDeleted: 0, problems: 0 });
		expect(b.journal.views.map((view) => view.text).sort()).toEqual([...WORDS].sort());
		expect((await b.repo.loadAll()).entries).toHaveLength(2);
		expect(b.settings.values.country).toBe('NZ');
		expect(b.settings.values.showPrompts).toBe(false);
		expect(b.settings.values.deviceId).toBe('phone-b');
	});

	it('opens with the passphrase when the journal was locked', async () => {
		const a = await phone('phone-a');
		await write(a.journal, WORDS[0] ?? '');
		await a.lock.setLock('passphrase', 'kettle river seven blue');
		const file = await makeBackupFile(a.deps);
		const b = await phone('phone-b');
		await restoreBackupFile(file.text, { passphrase: 'kettle river seven blue' }, b.deps);
		expect(b.journal.views.map((view) => view.text)).toEqual([WORDS[0]]);
	});

	it('changes nothing the second time', async () => {
		const { code, file } = await backedUp();
		const b = await phone('phone-b');
		await restoreBackupFile(file.text, { recoveryCode: code }, b.deps);
		const again = await restoreBackupFile(file.text, { recoveryCode: code }, b.deps);
		expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
		expect(b.journal.views).toHaveLength(2);
	});

	it('keeps what the new phone already holds', async () => {
		const { code, file } = await backedUp();
		const b = await phone('phone-b');
		await write(b.journal, 'Written on the new phone');
		await restoreBackupFile(file.text, { recoveryCode: code }, b.deps);
		expect(b.journal.views.map((view) => view.text)).toContain('Written on the new phone');
		expect(b.journal.views).toHaveLength(3);
	});

	it('brings back an entry deleted here while it could still be undone, for good', async () => {
		const a = await phone('phone-a');
		const id = await write(a.journal, WORDS[0] ?? '');
		const code = await a.lock.newRecoveryCode();
		const file = await makeBackupFile(a.deps);
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		try {
			await a.journal.delete(id);
			expect(a.journal.views).toHaveLength(0);
			const summary = await restoreBackupFile(file.text, { recoveryCode: code }, a.deps);
			expect(summary).toMatchObject({ added: 0, updated: 1 });
			expect(a.journal.recentlyDeleted).toBeNull();
			await vi.advanceTimersByTimeAsync(UNDO_WINDOW_MS + 1000);
			expect(a.journal.views.map((view) => view.id)).toEqual([id]);
			expect((await a.repo.get(id))?.deletedAt).toBeNull();
		} finally {
			vi.useRealTimers();
		}
	});

	it('adds blocks from the backup and never removes one', async () => {
		const a = await phone('phone-a');
		const person = {
			communityId: 'c1',
			communityName: 'Anxiety',
			pseudonymId: 'p1',
			name: 'Someone',
			blockedAt: FIXTURE_NOW
		};
		a.settings.values.blocked = [person];
		const code = await a.lock.newRecoveryCode();
		const file = await makeBackupFile(a.deps);
		const b = await phone('phone-b');
		const mine = { ...person, communityId: 'c2', pseudonymId: 'p2' };
		b.settings.values.blocked = [mine];
		await restoreBackupFile(file.text, { recoveryCode: code }, b.deps);
		expect(b.settings.values.blocked).toEqual([mine, person]);
	});

	it.each([
		['cut short', (text: string) => text.slice(0, Math.floor(text.length / 2)), 'truncated'],
		['cut at its first bytes', (text: string) => text.slice(0, 8), 'truncated'],
		['a picture', () => '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR', 'foreign'],
		['another app’s JSON', () => '{"format":"notes","items":[]}', 'foreign'],
		['empty', () => '', 'empty']
	])('refuses a file %s and changes nothing', async (_, spoil, code) => {
		const { code: recoveryCode, file } = await backedUp();
		const b = await phone('phone-b');
		await write(b.journal, 'Already here');
		const rowsBefore = await b.repo.exportRows();
		const keysBefore = b.lock.vault.rawKeys.size;
		const e = await refusal(restoreBackupFile(spoil(file.text), { recoveryCode }, b.deps));
		expect(e).toBeInstanceOf(BackupFileError);
		expect((e as BackupFileError).code).toBe(code);
		expect(await b.repo.exportRows()).toEqual(rowsBefore);
		expect(b.lock.vault.rawKeys.size).toBe(keysBefore);
		expect(b.journal.views.map((view) => view.text)).toEqual(['Already here']);
	});

	it('says a wrong or mistyped code apart, and changes nothing', async () => {
		const { file } = await backedUp();
		const b = await phone('phone-b');
		const otherCode = await b.lock.newRecoveryCode();
		const wrong = await refusal(restoreBackupFile(file.text, { recoveryCode: otherCode }, b.deps));
		expect(wrong).toBeInstanceOf(JournalCryptoError);
		expect((wrong as JournalCryptoError).code).toBe('wrong-secret');
		const mistyped = await refusal(
			restoreBackupFile(file.text, { recoveryCode: 'AAAA-BBBB' }, b.deps)
		);
		expect(mistyped).toBeInstanceOf(RecoveryCodeError);
		expect(b.journal.views).toHaveLength(0);
	});

	it('imports the readable rows and counts a tampered one', async () => {
		const { code, file } = await backedUp();
		const lines = file.text.split('\n');
		// The first journal row: its ciphertext changed by one character.
		const row = JSON.parse(lines[1]?.replace(/,$/, '') ?? '') as { record: SealedRecord };
		const ct = row.record.ct;
		const spoiled = {
			...row,
			record: { ...row.record, ct: (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1) }
		};
		lines[1] = JSON.stringify(spoiled) + ',';
		const b = await phone('phone-b');
		const summary = await restoreBackupFile(lines.join('\n'), { recoveryCode: code }, b.deps);
		expect(summary).toMatchObject({ added: 1, problems: 1 });
		expect(b.journal.views).toHaveLength(1);
	});

	it('writes nothing when the phone is full', async () => {
		const { code, file } = await backedUp();
		const b = await phone('phone-b');
		b.fill();
		const e = await refusal(restoreBackupFile(file.text, { recoveryCode: code }, b.deps));
		expect(e).toBeInstanceOf(StorageFullError);
		expect(isStorageFull(e)).toBe(true);
		expect(await b.repo.count()).toBe(0);
		expect(b.journal.views).toHaveLength(0);
	});

	it('says the journal is locked before trying the code', async () => {
		const { code, file } = await backedUp();
		const b = await phone('phone-b');
		await b.lock.setLock('pin', '123456');
		await b.lock.lock();
		const e = await refusal(restoreBackupFile(file.text, { recoveryCode: code }, b.deps));
		expect(e).toBeInstanceOf(JournalLockError);
	});
});

describe('readBackupFile', () => {
	it('refuses a file too large to be a backup before reading it', async () => {
		const huge = new Blob([new Uint8Array(MAX_BACKUP_BYTES + 1)]);
		expect(await refusal(readBackupFile(huge))).toBeInstanceOf(BackupTooLargeError);
	});

	it('reads a backup-sized file', async () => {
		expect(await readBackupFile(new Blob(['{"format"']))).toBe('{"format"');
	});
});

const MARKDOWN_WORDS: MarkdownWords = {
	title: 'My journal',
	warning: 'Anyone who has this file can read everything in it.',
	empty: 'No entries yet.',
	mood: 'Mood',
	moods: { 1: 'Very low', 2: 'Low', 3: 'Okay', 4: 'Good', 5: 'Very good' },
	tags: 'Feelings',
	prompt: 'Writing prompt',
	earlierVersion: 'Earlier version',
	promptText: () => undefined
};

describe('the readable copies', () => {
	it('hold the words, as Markdown', async () => {
		const { a } = await backedUp();
		const copy = readableMarkdown(MARKDOWN_WORDS, 'en', a.deps);
		expect(copy.name).toMatch(/^hearth-journal-\d{4}-\d{2}-\d{2}\.md$/);
		for (const words of WORDS) expect(copy.text).toContain(words);
		expect(copy.text).toContain('Anyone who has this file');
	});

	it('hold the words and preferences as JSON, without this phone’s id', async () => {
		const { a } = await backedUp();
		const copy = await readableJson('Anyone can read this.', a.deps);
		expect(copy.name).toMatch(/^hearth-readable-copy-\d{4}-\d{2}-\d{2}\.json$/);
		const parsed = JSON.parse(copy.text) as {
			warning: string;
			journal: { text: string }[];
			settings: Record<string, unknown>;
			posts: unknown[];
		};
		expect(parsed.warning).toBe('Anyone can read this.');
		expect(parsed.journal.map((entry) => entry.text).sort()).toEqual([...WORDS].sort());
		expect(parsed.settings).toMatchObject({ country: 'NZ', showPrompts: false });
		expect(parsed.settings).not.toHaveProperty('deviceId');
		expect(parsed.posts).toEqual([]);
	});

	it('leave out an entry deleted and waiting out its undo window', async () => {
		const a = await phone('phone-a');
		const id = await write(a.journal, 'Soon gone');
		await write(a.journal, 'Staying');
		await a.journal.delete(id);
		const copy = await readableJson('warning', a.deps);
		expect(copy.text).not.toContain('Soon gone');
		expect(copy.text).toContain('Staying');
		expect(readableMarkdown(MARKDOWN_WORDS, 'en', a.deps).text).not.toContain('Soon gone');
	});
});
