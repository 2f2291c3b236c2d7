/**
 * English messages for the journal's sync to the person's own phones (Settings). Loaded with
 * that section (`../journal-sync-messages.ts`).
 */
import type { Message } from './message';

export const journalSyncMessages = {
	'journalSync.title': 'Your journal on your other phones',
	'journalSync.toggle': 'Keep my journal on my linked phones',
	'journalSync.hint':
		'Each entry is locked with your journal key before it leaves this phone. Hearth’s server keeps and passes on only locked copies, which it cannot read.',
	'journalSync.notSetUp':
		'Finish setting up Hearth on this phone first: your journal travels in a space only you can open.',
	'journalSync.locked': 'Your journal is locked. Unlock it to see your linked phones.',
	'journalSync.status.synced': 'Up to date.',
	'journalSync.status.waiting': 'Waiting to send what you wrote.',
	'journalSync.status.offline': 'Offline: what you write goes out when you’re connected again.',
	'journalSync.status.problem': 'Not syncing right now. Your entries are safe on this phone.',
	'journalSync.unreadable': {
		one: '{count} entry from another phone can’t be opened here yet.',
		other: '{count} entries from another phone can’t be opened here yet.'
	},
	'journalSync.devicesTitle': 'Linked phones',
	'journalSync.thisDevice': '{name} (this phone)',
	'journalSync.addedOn': '{name}, linked {date}',
	'journalSync.noOthers': 'No other phone yet. Linking one (above) keeps your journal there too.',
	'journalSync.unlinkLabel': 'Unlink {name}',
	'journalSync.unlinkQuestion':
		'Unlink {name}? Hearth makes a new journal key and gives it only to your other phones, so {name} can’t read anything you write from now on. What is already on it stays there: if it was lost or taken, also change your journal passphrase.',
	'journalSync.unlinkConfirm': 'Unlink it',
	'journalSync.keep': 'Keep it linked',
	'journalSync.unlinked': '{name} is unlinked. It can’t read what you write from now on.',
	'journalSync.unlinkFailed': 'That didn’t work. Nothing changed; try again in a moment.',
	'journalSync.thisUnlinked':
		'This phone was unlinked from your journal on another phone, so it no longer sends or receives entries. What is here stays here.'
} satisfies Record<string, Message>;
