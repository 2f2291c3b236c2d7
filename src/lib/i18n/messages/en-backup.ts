/**
 * English messages for backups and readable copies (the "Your data" part of Settings). Loaded
 * with that section (`../backup-messages.ts`).
 *
 * Every refusal says that nothing on the phone was changed, because the person's first fear on
 * seeing an error during a restore is that their journal was harmed.
 */
import type { Message } from './message';

export const backupMessages = {
	'backup.title': 'Your data',
	'backup.intro':
		'Keep a copy of your journal somewhere safe, so a lost or broken phone doesn’t take your words with it.',
	'backup.loading': 'Getting your journal ready…',
	'backup.failed':
		'Hearth could not read your journal on this phone, so it can’t be backed up right now.',
	'backup.unlockFirst': 'Your journal is locked. Unlock it first to back it up or restore it.',
	'backup.unlockLink': 'Go to your journal',
	'backup.working': 'One moment…',

	'backup.make.title': 'Make an encrypted backup',
	'backup.make.intro':
		'The backup is a file that stays scrambled: only your passphrase or journal recovery code opens it. You can bring it back on this phone or a new one.',
	'backup.make.opensWithBoth': 'It opens with your passphrase, or with your journal recovery code.',
	'backup.make.opensWithLock': 'It opens with your passphrase.',
	'backup.make.opensWithCode': 'It opens with your journal recovery code.',
	'backup.make.pinWarning':
		'Your PIN does not open the backup: a file can be copied and a PIN guessed, so only your journal recovery code opens it.',
	'backup.make.button': 'Make a backup',
	'backup.make.done':
		'Your backup is saved as {name}. Keep it somewhere other than this phone, such as a memory card or a computer.',
	'backup.make.needCode':
		'Your backup will only open with a journal recovery code. You don’t have one yet, so Hearth will make one first. You will see it once: write it down and keep it somewhere safe, away from the phone.',
	'backup.make.needCodeButton': 'Make a recovery code and a backup',
	'backup.make.codeCaption':
		'Without this code nobody can open your backup, not even the Hearth team.',
	'backup.error.noWayIn':
		'Please make a journal recovery code first: your backup opens only with it.',
	'backup.error.notSealed':
		'Some of your entries are still being protected on this phone. Please close Hearth, open it again, and try once more.',
	'backup.error.makeFailed':
		'The backup could not be made. Nothing has been changed. Please try again.',

	'backup.restore.title': 'Restore from a backup',
	'backup.restore.intro':
		'Bring back the entries from a backup file. Entries already on this phone stay as they are.',
	'backup.restore.fileLabel': 'Backup file',
	'backup.restore.fileHint': 'The file Hearth saved, named like hearth-backup-2026-01-31.json.',
	'backup.restore.howLegend': 'How would you like to open it?',
	'backup.restore.withCode': 'With my journal recovery code',
	'backup.restore.withPassphrase': 'With my passphrase or PIN',
	'backup.restore.codeLabel': 'Journal recovery code',
	'backup.restore.codeHint':
		'Groups of 4 letters and numbers. Spaces, dashes and small letters are fine.',
	'backup.restore.passphraseLabel': 'Passphrase or PIN',
	'backup.restore.passphraseHint': 'The one your journal was locked with when the backup was made.',
	'backup.restore.submit': 'Restore',
	'backup.restore.chooseFile': 'Please choose the backup file first.',
	'backup.restore.emptyCode': 'Please type your journal recovery code.',
	'backup.restore.emptyPassphrase': 'Please type your passphrase or PIN.',
	'backup.restore.opening': 'Opening your backup… This can take a few seconds.',
	'backup.restore.added': {
		one: 'Your backup is back: {count} entry was added.',
		other: 'Your backup is back: {count} entries were added.'
	},
	'backup.restore.updated': {
		one: '{count} entry already here was brought up to date.',
		other: '{count} entries already here were brought up to date.'
	},
	'backup.restore.nothingNew': 'Everything in this backup was already on this phone.',
	'backup.restore.problems': {
		one: '{count} part of the backup could not be read and was left out.',
		other: '{count} parts of the backup could not be read and were left out.'
	},

	'backup.error.empty': 'This file is empty, so there is nothing in it to bring back.',
	'backup.error.foreign':
		'This isn’t a Hearth backup. Please choose the file Hearth saved when you made your backup.',
	'backup.error.readableCopy':
		'This is a readable copy, not a backup, so it can’t be brought back. Please choose the backup file Hearth saved.',
	'backup.error.truncated':
		'This backup is incomplete: it may have been cut short while it was saved or copied. If you have another copy, try that one.',
	'backup.error.newerVersion':
		'A newer version of Hearth made this backup. Please update Hearth (reload the app), then try again.',
	'backup.error.damaged':
		'This backup is damaged and can’t be read. If you have another copy, try that one.',
	'backup.error.tooLarge':
		'This file is far too large to be a Hearth backup. Please choose the backup file Hearth saved.',
	'backup.error.unreadableFile':
		'This phone could not read the file. Please try choosing it again.',
	'backup.error.wrongCode':
		'That code doesn’t open this backup. It needs the journal recovery code from when the backup was made (not your account recovery code).',
	'backup.error.wrongPassphrase':
		'That doesn’t open this backup. It needs the passphrase or PIN your journal had when the backup was made.',
	'backup.error.codeMistyped':
		'That code has a typing mistake somewhere. Please check each group against your copy.',
	'backup.error.locked': 'Your journal locked in the meantime. Please unlock it and try again.',
	'backup.error.storageFull':
		'This phone is out of space, so the entries could not be added. Free some space and try again.',
	'backup.error.unknown': 'Something went wrong.',
	'backup.error.nothingChanged': 'Nothing on this phone was changed.',

	'backup.readable.summary': 'A readable copy',
	'backup.readable.intro':
		'A copy you can open and read without Hearth: your journal as a text document, or everything as a data file. It can’t be brought back into Hearth; the backup is for that.',
	'backup.readable.warningTitle': 'Anyone can read it',
	'backup.readable.warning':
		'Anyone who has this file can read everything in it. Keep it somewhere only you can open.',
	'backup.readable.confirm': 'I understand that this copy is not protected',
	'backup.readable.markdown': 'Download my journal as text (Markdown)',
	'backup.readable.json': 'Download everything as data (JSON)',
	'backup.readable.jsonNote':
		'The data file has your journal and your settings. Your community posts are not in it.',
	'backup.readable.saved': 'Saved as {name}.',
	'backup.readable.failed':
		'The copy could not be made. Nothing has been changed. Please try again.',

	'backup.markdown.title': 'My journal',
	'backup.markdown.warning': 'Anyone who has this file can read everything in it.',
	'backup.markdown.empty': 'There are no entries yet.',
	'backup.markdown.mood': 'Mood',
	'backup.markdown.feelings': 'Feelings',
	'backup.markdown.prompt': 'Writing prompt',
	'backup.markdown.earlierVersion': 'Another version'
} satisfies Record<string, Message>;
