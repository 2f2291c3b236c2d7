/**
 * English messages for deleting everything (the last part of Settings). Loaded with that section
 * (`../delete-messages.ts`).
 *
 * Each confirmation says exactly what goes and what stays, in plain words, because these are the
 * two actions in Hearth that cannot be undone.
 */
import type { Message } from './message';

export const deleteMessages = {
	'delete.title': 'Delete everything',
	'delete.intro':
		'You can take everything of yours off this phone, or off this phone and Hearth’s server too.',

	'delete.device.button': 'Delete everything on this phone',
	'delete.device.title': 'Delete everything on this phone?',
	'delete.device.lead': 'This removes from this phone:',
	'delete.device.journal': 'your journal and mood check-ins',
	'delete.device.settings': 'your settings and drafts',
	'delete.device.copies': 'the copies of communities kept here',
	'delete.device.identity': 'who you are on this phone',
	'delete.device.stays':
		'Your posts and replies stay in the communities. Without your recovery code, you can’t come back as yourself, not on this phone and not on another.',
	'delete.device.offline': 'This works without a connection.',
	'delete.device.confirm': 'Delete from this phone',

	'delete.account.button': 'Delete my account',
	'delete.account.title': 'Delete your account?',
	'delete.account.lead': 'This removes everything on this phone, and on Hearth’s server:',
	'delete.account.posts': 'your posts and replies, in every community',
	'delete.account.journal': 'the copy of your journal, if it was synced',
	'delete.account.name': 'your name, and everything the server knows about you',
	'delete.account.others':
		'Other members’ phones remove your posts the next time they connect. This can’t be undone.',
	'delete.account.typeLabel': 'To confirm, type the word {word}',
	'delete.account.word': 'delete',
	'delete.account.typeMismatch': 'Type {word} to confirm.',
	'delete.account.confirm': 'Delete my account',
	'delete.account.needsConnection':
		'Deleting your account needs a connection. You can still delete everything on this phone now.',

	'delete.cancel': 'Keep everything',
	'delete.working': 'Deleting…',
	'delete.failed.offline':
		'Hearth couldn’t reach the server, so nothing was deleted. Try again when you’re connected.',
	'delete.failed.server':
		'The server couldn’t delete your account just now, so nothing was deleted. Please try again in a little while.',
	'delete.failed.device':
		'This phone wouldn’t let Hearth delete everything. Closing Hearth in other tabs and trying again usually helps.',
	'delete.failed.notReady': 'Hearth is still getting ready on this phone. Try again in a moment.'
} as const satisfies Record<string, Message>;
