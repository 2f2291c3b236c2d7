/**
 * English messages for the storage part of Settings (what each community and the journal take,
 * tidying up, forgetting earlier months) and the leave dialog's warning about unsent writing.
 * Loaded with those screens (`../storage-messages.ts`).
 *
 * People here often run old phones with little room: the words say what each button does, that
 * nothing written is lost, and how to get back what is removed.
 */
import type { Message } from './message';

export const storageMessages = {
	'storage.intro': 'What Hearth keeps on this phone. The sizes are close, not exact.',
	'storage.measuring': 'Adding it up…',
	'storage.measureFailed':
		'Hearth could not add up what it keeps on this phone just now. Your things are still here.',
	'storage.listTitle': 'What takes room',
	'storage.journal': 'Your journal',
	'storage.journalDetail': {
		one: '{size} · {count} entry',
		other: '{size} · {count} entries'
	},
	'storage.communityDetail': {
		one: '{size} · {count} month kept',
		other: '{size} · {count} months kept'
	},
	'storage.notJoined': 'Looked at, not joined',
	'storage.other': 'Settings and other',
	'storage.browserCount':
		'The browser’s own count also includes the app itself and the database’s bookkeeping.',
	'storage.tidyHint':
		'Tidying packs the saved changes of a community together, so they take less room. Nothing you or others wrote is lost, and nothing waiting to be sent is dropped.',
	'storage.tidy': 'Tidy up',
	'storage.tidyLabel': 'Tidy up {name}',
	'storage.tidyAll': 'Tidy up everything',
	'storage.forget': 'Forget earlier months',
	'storage.forgetLabel': 'Forget earlier months of {name}',
	'storage.forgetHint': {
		one: 'Removes 1 earlier month from this phone. “Show earlier” fetches it again when you have a connection.',
		other:
			'Removes {count} earlier months from this phone. “Show earlier” fetches them again when you have a connection.'
	},
	'storage.working': 'Working on it…',
	'storage.tidied': 'Tidied up {name}: {before} before, {after} now.',
	'storage.tidiedAll': 'Tidied up everything: {before} before, {after} now.',
	'storage.forgot': {
		one: 'Removed 1 earlier month of {name}: {before} before, {after} now.',
		other: 'Removed {count} earlier months of {name}: {before} before, {after} now.'
	},
	'storage.forgotNone':
		'Nothing was removed from {name}: those months hold something of yours that is not sent yet.',
	'storage.failedFull': 'This phone is too full to tidy up just now. Nothing was changed.',
	'storage.failed': 'That did not work just now. Nothing was changed; please try again.',
	'storage.leaveUnsent': {
		one: 'You have 1 thing here that has not been sent yet. Leaving removes it from this phone, and no one will see it. You can stay until it is sent.',
		other:
			'You have {count} things here that have not been sent yet. Leaving removes them from this phone, and no one will see them. You can stay until they are sent.'
	}
} satisfies Record<string, Message>;
