/**
 * English messages for the journal lock: the unlock screen, the "locked" card on the home page,
 * and the lock's part of Settings. Loaded with those screens (`../journal-lock-messages.ts`).
 *
 * The lock's one hard truth (forget the passphrase and lose the recovery code, and nobody can open
 * the journal) is said plainly and before the person commits, never after.
 */
import type { Message } from './message';

export const journalLockMessages = {
	'journalLock.unlock.title': 'Your journal is locked',
	'journalLock.unlock.intro': 'Your entries are safe. Unlock to read and write.',
	'journalLock.unlock.labelPassphrase': 'Your passphrase',
	'journalLock.unlock.labelPin': 'Your PIN',
	'journalLock.unlock.submit': 'Unlock',
	'journalLock.unlock.opening': 'Opening your journal…',
	'journalLock.unlock.forgot': 'Forgot it?',
	'journalLock.unlock.backToPassphrase': 'Use my passphrase instead',
	'journalLock.unlock.backToPin': 'Use my PIN instead',
	'journalLock.unlock.emptyPassphrase': 'Please type your passphrase.',
	'journalLock.unlock.emptyPin': 'Please type your PIN.',
	'journalLock.unlock.emptyCode': 'Please type your journal recovery code.',
	'journalLock.unlock.codeTitle': 'Use your journal recovery code',
	'journalLock.unlock.codeIntro':
		'Type the journal recovery code you made when you set up the lock. Without your passphrase, your PIN or this code, nobody can open your journal, not even the Hearth team. That is what keeps it private.',
	'journalLock.unlock.codeLabel': 'Journal recovery code',
	'journalLock.unlock.codeHint':
		'Groups of 4 letters and numbers. Spaces, dashes and small letters are fine.',
	'journalLock.unlock.codeSubmit': 'Unlock with the code',

	'journalLock.error.wrongPassphrase':
		'That passphrase does not open this journal. Please try again.',
	'journalLock.error.wrongPin': 'That PIN does not open this journal. Please try again.',
	'journalLock.error.wrongCode':
		'That code does not open this journal. Your account recovery code is a different one: please check it is the journal recovery code.',
	'journalLock.error.codeMistyped':
		'That code has a typing mistake somewhere. Please check each group against your copy.',
	'journalLock.error.damaged':
		'Hearth could not read the journal’s keys on this phone. Nothing has been changed. Please try again later.',
	'journalLock.error.newerVersion':
		'A newer version of Hearth set up this lock. Please update Hearth (reload the app) and try again.',
	'journalLock.error.locked':
		'Your journal locked in the meantime. Please unlock it and try again.',
	'journalLock.error.unknown':
		'Something went wrong, and nothing has been changed. Please try again.',
	'journalLock.wait.seconds':
		'To keep your journal safe after several tries, please wait a moment: you can try again in less than a minute.',
	'journalLock.wait.minutes': {
		one: 'To keep your journal safe after several tries, please wait a little: you can try again in about {count} minute.',
		other:
			'To keep your journal safe after several tries, please wait a little: you can try again in about {count} minutes.'
	},

	'journalLock.invite.title': 'Your journal is open',
	'journalLock.invite.body':
		'You used your journal recovery code. If your passphrase or PIN is forgotten, now is a good time to choose a new one.',
	'journalLock.invite.link': 'Choose a new passphrase',
	'journalLock.invite.dismiss': 'Not now',

	'journalLock.settings.title': 'Journal lock',
	'journalLock.settings.loading': 'Checking the lock…',
	'journalLock.settings.failed':
		'Hearth could not read the journal’s keys on this phone, so the lock cannot be changed right now.',
	'journalLock.settings.unlockFirst': 'Your journal is locked. Unlock it first to change the lock.',
	'journalLock.settings.unlockLink': 'Go to your journal',
	'journalLock.settings.offIntro':
		'Your journal is already stored scrambled on this phone. A lock adds a passphrase or PIN that is needed to open it, so someone who picks up your phone cannot read it.',
	'journalLock.settings.offHow':
		'It locks by itself after a few quiet minutes and whenever you leave Hearth.',
	'journalLock.settings.start': 'Set up a lock',
	'journalLock.settings.cancel': 'Cancel',
	'journalLock.settings.onIntroPassphrase': 'Your journal is locked with a passphrase.',
	'journalLock.settings.onIntroPin': 'Your journal is locked with a PIN.',
	'journalLock.settings.lockNow': 'Lock now',
	'journalLock.settings.idleLabel': 'Lock after',
	'journalLock.settings.idleOption': {
		one: '{count} minute without a touch',
		other: '{count} minutes without a touch'
	},
	'journalLock.settings.idleHint': 'It also locks whenever you leave Hearth.',
	'journalLock.settings.idleSaved': 'Saved.',
	'journalLock.settings.change': 'Change passphrase or PIN',
	'journalLock.settings.changeSubmit': 'Save the new one',
	'journalLock.settings.changedPassphrase': 'Your new passphrase is set.',
	'journalLock.settings.changedPin': 'Your new PIN is set.',
	'journalLock.settings.codeTitle': 'Journal recovery code',
	'journalLock.settings.codeMade': 'You made a journal recovery code on {date}.',
	'journalLock.settings.codeNone': 'You have no journal recovery code yet.',
	'journalLock.settings.newCode': 'Make a new recovery code',
	'journalLock.settings.newCodeHint': 'You will see the new code once. The old code stops working.',
	'journalLock.settings.newCodeDone': 'Your new journal recovery code is ready to use.',
	'journalLock.settings.turnOff': 'Turn off the lock',
	'journalLock.settings.turnOffQuestion':
		'Turn off the lock? Your journal will open by itself on this phone, without a passphrase or PIN, for anyone who has the phone. Your entries stay stored scrambled.',
	'journalLock.settings.turnOffConfirm': 'Yes, turn it off',
	'journalLock.settings.turnOffKeep': 'Keep the lock',
	'journalLock.settings.turnedOff': 'The lock is off. Your journal opens by itself on this phone.',
	'journalLock.settings.working': 'One moment…',

	'journalLock.setup.kindLegend': 'How would you like to lock it?',
	'journalLock.setup.passphrase': 'A passphrase (recommended)',
	'journalLock.setup.passphraseHint':
		'A few ordinary words you will remember, in an order only you would choose. Much harder to guess than a PIN.',
	'journalLock.setup.pin': 'A PIN',
	'journalLock.setup.pinHint':
		'6 to 12 numbers. A PIN keeps out a quick look at your phone, but not someone who copies the phone’s storage. A passphrase of a few words is much stronger.',
	'journalLock.setup.newPassphrase': 'Passphrase',
	'journalLock.setup.newPin': 'PIN',
	'journalLock.setup.repeatPassphrase': 'Type the passphrase again',
	'journalLock.setup.repeatPin': 'Type the PIN again',
	'journalLock.setup.show': 'Show what I type',
	'journalLock.setup.truth':
		'If you forget it and don’t have your journal recovery code, no one can open your journal — not even us.',
	'journalLock.setup.submit': 'Turn on the lock',
	'journalLock.setup.problem.pin-digits': 'A PIN is numbers only.',
	'journalLock.setup.problem.pin-length': 'Please use 6 to 12 numbers.',
	'journalLock.setup.problem.passphrase-length':
		'Please use at least 8 characters. A few words together work well.',
	'journalLock.setup.problem.too-long':
		'That is a little long: please keep it under 256 characters.',
	'journalLock.setup.problem.mismatch': 'The two do not match. Please type it again.',

	'journalLock.code.title': 'Your journal recovery code',
	'journalLock.code.intro':
		'If you ever forget your passphrase or PIN, this code opens your journal. Please write it down and keep it somewhere safe, away from the phone. You will only see it now.',
	'journalLock.code.notAccount':
		'This is not your account recovery code. That one brings back your Hearth identity; this one only opens your journal.',
	'journalLock.code.label': 'Journal recovery code, in groups',
	'journalLock.code.copy': 'Copy',
	'journalLock.code.copied': 'Copied. Paste it somewhere safe, then clear your clipboard.',
	'journalLock.code.copyFailed': 'It could not be copied. Please write it down by hand.',
	'journalLock.code.written': 'I’ve written it down somewhere safe',
	'journalLock.code.writtenNeeded': 'Please tick the box once the code is written down.',
	'journalLock.code.done': 'Done',
	'journalLock.code.failed':
		'The recovery code could not be made just now. Your lock is on; please try again with the button below.',
	'journalLock.code.retry': 'Make the recovery code',
	'journalLock.setup.donePassphrase':
		'The lock is on. Your journal now opens with your passphrase.',
	'journalLock.setup.donePin': 'The lock is on. Your journal now opens with your PIN.'
} satisfies Record<string, Message>;
