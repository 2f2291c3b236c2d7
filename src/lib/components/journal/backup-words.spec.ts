import { describe, expect, it, vi } from 'vitest';
import {
	BackupFileError,
	BackupRefusedError,
	type BackupFileProblem
} from '$lib/domain/backup/backup-file';
import { RecoveryCodeError } from '$lib/domain/identity/recovery-code';
import { JournalCryptoError } from '$lib/domain/journal-crypto/crypto-error';
import { BackupTooLargeError } from '$lib/state/journal-backup';
import { JournalLockError } from '$lib/state/journal-lock.svelte';
import { makeErrorWords, restoreErrorWords } from './backup-words';

const UNCHANGED = 'Nothing on this phone was changed.';

describe('restoreErrorWords', () => {
	it.each([
		['empty', 'This file is empty'],
		['foreign', 'This isn’t a Hearth backup'],
		['readable-copy', 'This is a readable copy, not a backup'],
		['truncated', 'This backup is incomplete'],
		['newer-version', 'A newer version of Hearth made this backup'],
		['damaged', 'This backup is damaged']
	] satisfies [BackupFileProblem, string][])(
		'says what is wrong with a file that is %s',
		(code, start) => {
			const words = restoreErrorWords(new BackupFileError(code), 'code');
			expect(words.startsWith(start)).toBe(true);
			expect(words.endsWith(UNCHANGED)).toBe(true);
		}
	);

	it.each([
		[new BackupTooLargeError(60_000_000), 'code', 'far too large'],
		[new RecoveryCodeError('recovery-code-checksum', 'x'), 'code', 'typing mistake'],
		[new JournalCryptoError('wrong-secret', 'x'), 'code', 'journal recovery code from when'],
		[
			new JournalCryptoError('wrong-secret', 'x'),
			'passphrase',
			'passphrase or PIN your journal had'
		],
		[new JournalCryptoError('unsupported-version', 'x'), 'code', 'A newer version'],
		[new JournalCryptoError('malformed', 'x'), 'code', 'damaged'],
		[new JournalLockError('locked', 'x'), 'code', 'Please unlock it'],
		[new DOMException('gone', 'NotReadableError'), 'code', 'could not read the file']
	] as const)('turns %o into calm words, saying nothing changed', (error, way, expected) => {
		const words = restoreErrorWords(error, way);
		expect(words).toContain(expected);
		expect(words.endsWith(UNCHANGED)).toBe(true);
	});

	it('still says nothing changed for a failure it does not know, and logs it', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		expect(restoreErrorWords(new Error('surprise'), 'code')).toBe(
			`Something went wrong. ${UNCHANGED}`
		);
		expect(log).toHaveBeenCalled();
		log.mockRestore();
	});
});

describe('makeErrorWords', () => {
	it('asks for a recovery code when nothing could open the backup', () => {
		expect(makeErrorWords(new BackupRefusedError('no-way-in', 'x'))).toContain(
			'make a journal recovery code first'
		);
	});

	it('says when rows are still being protected, or the journal locked', () => {
		expect(makeErrorWords(new BackupRefusedError('bad-row', 'x'))).toContain(
			'still being protected'
		);
		expect(makeErrorWords(new JournalLockError('locked', 'x'))).toContain('Please unlock it');
	});
});
