/**
 * Backups and readable copies of what the person wrote, as files to save. The encrypted backup
 * (`domain/backup/backup-file.ts`) carries the journal's rows still sealed, the keys wrapped by
 * the passphrase and the journal recovery code, and the person's settings sealed alongside; it
 * opens again here or on a new phone. The readable copies (Markdown, JSON) are made only when
 * asked, for the person to keep or print, and can never be imported.
 *
 * Restoring trusts nothing in the file and writes nothing until the whole file has been read and
 * opened; the entries then go in with one all-or-nothing write, joined with what is here.
 */

import {
	BackupRefusedError,
	buildBackup,
	openBackup,
	parseBackup,
	serializeBackup,
	type BackupRow
} from '../domain/backup/backup-file';
import { journalToMarkdown, type MarkdownWords } from '../domain/backup/journal-markdown';
import { readableExport } from '../domain/backup/readable-export';
import { isSealedRecord } from '../domain/journal-crypto/record-envelope';
import type { JournalEntry } from '../domain/journal/entry';
import { addBlock, isBlocked, type BlockedPerson } from '../domain/safety/block-list';
import { sealedJournalRecordCodec } from '../storage/journal-record.codec';
import { InvalidSettingError, parseSetting, type Settings } from '../storage/settings';
import { StorageFullError } from '../storage/storage-errors';
import { blockSender } from './block-sender';
import { journalLock, type JournalLock } from './journal-lock.svelte';
import { journal, type ImportCounts, type JournalState } from './journal.svelte';
import { settings } from './settings.svelte';

/** Bigger than years of daily writing; a file this size is almost surely not a backup. */
export const MAX_BACKUP_BYTES = 50 * 1024 * 1024;

/** The chosen file is over `MAX_BACKUP_BYTES`: refused before any of it is read. */
export class BackupTooLargeError extends Error {
	override name = 'BackupTooLargeError';
	readonly code = 'too-large';

	constructor(readonly bytes: number) {
		super(`The file is ${bytes} bytes; a backup is at most ${MAX_BACKUP_BYTES}.`);
	}
}

/** Settings that travel in a backup and come back from one. `deviceId` orders this device's
 *  revisions and `persistAsked` is about this browser: neither belongs to another device. */
const PREFERENCES = ['country', 'locale', 'showPrompts', 'foldSensitive', 'hideWhenAway'] as const;

type Preferences = Pick<Settings, (typeof PREFERENCES)[number] | 'blocked'>;

export interface SavedFile {
	name: string;
	text: string;
}

export interface RestoreSummary extends ImportCounts {
	/** Rows or settings in the file that could not be read, and were left out. */
	problems: number;
}

export type BackupSecret = { passphrase: string } | { recoveryCode: string };

/** What this module needs; the app's own state unless a test passes its own. */
export interface BackupDeps {
	lock: Pick<JournalLock, 'vault' | 'addKeys'>;
	journal: Pick<JournalState, 'exportRows' | 'importEntries' | 'views'>;
	settings: { values: Settings; set: typeof settings.set };
	now: () => number;
}

const appDeps: BackupDeps = { lock: journalLock, journal, settings, now: Date.now };

/**
 * The encrypted backup. Throws `BackupRefusedError` ('no-way-in') when the journal has neither
 * a passphrase nor a recovery code, so the file could never be opened: make a code first.
 */
export async function makeBackupFile(deps: BackupDeps = appDeps): Promise<SavedFile> {
	const vault = deps.lock.vault;
	if (vault.record.passphrase === null && vault.record.recovery === null) {
		// Checked before reading anything, so the person hears about the code straight away.
		throw new BackupRefusedError('no-way-in', 'Make a journal recovery code first.');
	}
	const rows = (await deps.journal.exportRows()).map(({ id, record }): BackupRow => {
		// A row from before encryption at rest is sealed at the next open; until then it would
		// leave the device readable, so the backup waits for it.
		if (!isSealedRecord(record)) {
			throw new BackupRefusedError('bad-row', 'A journal row is not sealed yet.');
		}
		return { id, record };
	});
	const now = deps.now();
	const file = await buildBackup({
		vault,
		rows,
		extra: { settings: preferences(deps.settings.values) },
		now
	});
	return { name: fileName('hearth-backup', now, 'json'), text: serializeBackup(file) };
}

/** The file's text, refusing one too large to be a backup before reading any of it. */
export async function readBackupFile(file: Blob): Promise<string> {
	if (file.size > MAX_BACKUP_BYTES) throw new BackupTooLargeError(file.size);
	return file.text();
}

/**
 * Brings a backup back. Throws before writing anything: `BackupFileError` for a file that is
 * not a whole backup, `JournalCryptoError` ('wrong-secret') or `RecoveryCodeError` for a secret
 * that does not open it, `JournalLockError` when the journal is locked.
 */
export async function restoreBackupFile(
	text: string,
	how: BackupSecret,
	deps: BackupDeps = appDeps
): Promise<RestoreSummary> {
	const file = parseBackup(text);
	// Asked before the slow key derivation, so a locked journal is said at once.
	void deps.lock.vault;
	const opened = await openBackup(file, how);
	// The backup's keys join this journal's, so records sealed with them (synced from the phone
	// that made it) open here too. Adding keys never removes one.
	await deps.lock.addKeys(opened.vault.rawKeys);
	const counts = await deps.journal.importEntries(opened.entries);
	const settingProblems = await restorePreferences(opened.extra, deps.settings);
	return { ...counts, problems: opened.problems.length + settingProblems };
}

/** The journal as Markdown, readable by anyone who has the file. */
export function readableMarkdown(
	words: MarkdownWords,
	locale: string,
	deps: BackupDeps = appDeps
): SavedFile {
	const now = deps.now();
	return {
		name: fileName('hearth-journal', now, 'md'),
		text: journalToMarkdown(deps.journal.views, words, locale)
	};
}

/**
 * The journal (every version of every live entry) and settings as JSON, readable by anyone who
 * has the file. Community posts are not in it: they live in each community's own document, not
 * in state this could read without loading every community.
 */
export async function readableJson(
	warning: string,
	deps: BackupDeps = appDeps
): Promise<SavedFile> {
	const now = deps.now();
	return {
		name: fileName('hearth-readable-copy', now, 'json'),
		text: readableExport({
			exportedAt: now,
			journal: await readEntries(deps),
			settings: { ...preferences(deps.settings.values) },
			posts: [],
			warning
		})
	};
}

/** Every readable stored entry, every revision included (the views keep only what is shown).
 *  Rows that do not open are already counted on the journal page as unreadable. */
async function readEntries(deps: BackupDeps): Promise<JournalEntry[]> {
	const codec = sealedJournalRecordCodec(deps.lock.vault, { readPlain: true });
	const entries: JournalEntry[] = [];
	for (const { id, record } of await deps.journal.exportRows()) {
		try {
			entries.push(await codec.decode(record, id));
		} catch {
			// Left out of the copy, and left untouched where it is stored.
		}
	}
	return entries;
}

function preferences(values: Settings): Preferences {
	return {
		country: values.country,
		locale: values.locale,
		showPrompts: values.showPrompts,
		foldSensitive: values.foldSensitive,
		hideWhenAway: values.hideWhenAway,
		blocked: values.blocked
	};
}

/**
 * Puts back the preferences the backup carries, each checked as if typed in Settings. Blocks
 * only ever join the list here: a restore never unblocks anyone. Returns how many were refused.
 */
async function restorePreferences(extra: unknown, target: BackupDeps['settings']): Promise<number> {
	if (!isRecord(extra) || !isRecord(extra.settings)) return 0;
	const saved = extra.settings;
	let refused = 0;
	const read = <K extends keyof Settings>(key: K): Settings[K] | undefined => {
		if (!Object.hasOwn(saved, key)) return undefined;
		try {
			return parseSetting(key, saved[key]);
		} catch (e: unknown) {
			if (!(e instanceof InvalidSettingError)) throw e;
			refused++;
			return undefined;
		}
	};
	for (const key of PREFERENCES) await restoreOne(key, read(key), target);
	const blocked = read('blocked');
	if (blocked !== undefined) await restoreBlocks(blocked, target);
	return refused;
}

async function restoreOne<K extends keyof Settings>(
	key: K,
	value: Settings[K] | undefined,
	target: BackupDeps['settings']
): Promise<void> {
	if (value !== undefined && value !== target.values[key]) await target.set(key, value);
}

async function restoreBlocks(
	incoming: readonly BlockedPerson[],
	target: BackupDeps['settings']
): Promise<void> {
	let list = target.values.blocked;
	const changed = new Set<string>();
	for (const person of incoming) {
		if (isBlocked(list, person.communityId, person.pseudonymId)) continue;
		list = addBlock(list, person);
		changed.add(person.communityId);
	}
	if (changed.size === 0) return;
	await target.set('blocked', list);
	// The server refuses a blocked person's replies only once it has the list.
	for (const communityId of changed) void blockSender.changed(communityId);
}

/** e.g. `hearth-backup-2026-11-26.json`, by the device's own calendar. */
function fileName(prefix: string, now: number, extension: string): string {
	const date = new Date(now);
	const day = [
		String(date.getFullYear()).padStart(4, '0'),
		String(date.getMonth() + 1).padStart(2, '0'),
		String(date.getDate()).padStart(2, '0')
	].join('-');
	return `${prefix}-${day}.${extension}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the phone refused the write for want of space (said in words by the UI). */
export function isStorageFull(e: unknown): boolean {
	return e instanceof StorageFullError;
}
