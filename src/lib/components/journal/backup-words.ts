/**
 * Backup problems in calm words. Making and restoring a backup raise named errors where they
 * are understood (the file, the secret, the lock, the phone's storage); this is the one place
 * that turns each into a sentence. Every restore problem ends by saying nothing was changed,
 * which is true: nothing is written until the whole file has been read and opened.
 */
import { BackupFileError, BackupRefusedError } from '$lib/domain/backup/backup-file';
import type { BackupFileProblem } from '$lib/domain/backup/backup-file';
import { RecoveryCodeError } from '$lib/domain/identity/recovery-code';
import { JournalCryptoError } from '$lib/domain/journal-crypto/crypto-error';
import { BackupTooLargeError, isStorageFull } from '$lib/state/journal-backup';
import { JournalLockError } from '$lib/state/journal-lock.svelte';
import { t, type MessageKey } from '$lib/i18n/translate';
import '$lib/i18n/backup-messages';

const FILE_PROBLEMS: Record<BackupFileProblem, MessageKey> = {
	empty: 'backup.error.empty',
	foreign: 'backup.error.foreign',
	'readable-copy': 'backup.error.readableCopy',
	truncated: 'backup.error.truncated',
	'newer-version': 'backup.error.newerVersion',
	damaged: 'backup.error.damaged'
};

/** How the person tried to open the backup. */
export type RestoreWay = 'code' | 'passphrase';

/** What went wrong making a backup; nothing is changed by a failed one. */
export function makeErrorWords(e: unknown): string {
	if (e instanceof BackupRefusedError) {
		return t(e.code === 'no-way-in' ? 'backup.error.noWayIn' : 'backup.error.notSealed');
	}
	if (e instanceof JournalLockError) return t('backup.error.locked');
	console.error('Making a backup failed', e);
	return t('backup.error.makeFailed');
}

/** What went wrong restoring, and that nothing on the phone was changed. */
export function restoreErrorWords(e: unknown, way: RestoreWay): string {
	return `${restoreProblem(e, way)} ${t('backup.error.nothingChanged')}`;
}

function restoreProblem(e: unknown, way: RestoreWay): string {
	if (e instanceof BackupFileError) return t(FILE_PROBLEMS[e.code]);
	if (e instanceof BackupTooLargeError) return t('backup.error.tooLarge');
	if (e instanceof RecoveryCodeError) return t('backup.error.codeMistyped');
	if (e instanceof JournalCryptoError) {
		if (e.code === 'wrong-secret') {
			return t(way === 'code' ? 'backup.error.wrongCode' : 'backup.error.wrongPassphrase');
		}
		// The file's keys are in a shape this version does not read.
		return t(
			e.code === 'unsupported-version' ? 'backup.error.newerVersion' : 'backup.error.damaged'
		);
	}
	if (e instanceof JournalLockError) return t('backup.error.locked');
	if (isStorageFull(e)) return t('backup.error.storageFull');
	// The browser could not read the chosen file (moved, or on a card that was removed).
	if (e instanceof DOMException && e.name === 'NotReadableError') {
		return t('backup.error.unreadableFile');
	}
	console.error('Restoring a backup failed', e);
	return t('backup.error.unknown');
}
