/**
 * English messages for linking a second phone: the "Your devices" part of Settings on the phone
 * already set up, and /welcome/link on the new one. Loaded with them (`../link-messages.ts`).
 *
 * The code carries the person's whole identity and journal keys, so the words say plainly to
 * type it only into their own phone. Refusals on the new phone say whether anything changed.
 */
import type { Message } from './message';

export const linkMessages = {
	'link.title': 'Your devices',
	'link.intro':
		'Use Hearth on another phone of yours as the same person, with the same name and the keys to your journal.',
	'link.offer': 'Link another phone',
	'link.working': 'One moment…',
	'link.notSetUp': 'Finish setting up Hearth on this phone first; then you can link another.',
	'link.locked': 'Your journal is locked. Unlock it first to link another phone.',
	'link.unlockLink': 'Go to your journal',

	'link.code.title': 'Your link code',
	'link.code.label': 'Link code, in groups of 4',
	'link.code.warning':
		'This code carries the keys to your journal and your identity. Type it only into your own phone. Never read it out or send it to anyone, even someone who says they are from Hearth.',
	'link.code.how':
		'On your other phone, open Hearth, choose “I have a link code from my other phone”, and type this code. Your journal then stays the same on both phones (you can turn that off below).',
	'link.code.expiresIn': 'It works once, for the next {time}.',
	'link.code.cancel': 'Cancel',
	'link.code.cancelled': 'The code is cancelled and no longer works.',
	'link.code.expired':
		'That code has run out and no longer works. You can make a new one whenever you are ready.',

	'link.error.offline':
		'Hearth can’t reach its server right now. Linking needs a connection on both phones; please try again when you are online.',
	'link.error.signedOut':
		'This phone isn’t signed in to Hearth’s server yet. Please check your name above, then try again.',
	'link.error.failed': 'Something went wrong. Nothing has been changed. Please try again.',
	'link.error.cancelFailed':
		'The code couldn’t be cancelled right now. It stops working by itself within 10 minutes.',

	'link.welcome.haveCode': 'I have a link code from my other phone',

	'link.accept.title': 'Link this phone',
	'link.accept.intro':
		'On the phone where you already use Hearth, open Settings, find “Your devices” and choose “Link another phone”. Then type the code it shows here.',
	'link.accept.label': 'Link code',
	'link.accept.hint':
		'9 groups of 4 letters and numbers. Spaces, dashes and small letters are fine.',
	'link.accept.submit': 'Link this phone',
	'link.accept.working': 'Linking… This takes a few seconds.',
	'link.accept.empty': 'Please type the link code from your other phone.',
	'link.accept.length':
		'A link code has 36 letters and numbers; this one has {count}. Please check for a missing or extra group.',
	'link.accept.characters':
		'This code has a character link codes never use. They use only numbers and the letters A to Z, without U.',
	'link.accept.checksum':
		'This code does not add up: one character is probably mistyped. Please compare it with your other phone, group by group.',
	'link.accept.recoveryCode':
		'That looks like a recovery code, not a link code. A recovery code brings your identity back on its own.',
	'link.accept.restoreInstead': 'Use my recovery code instead',
	'link.accept.unknown':
		'This code doesn’t work any more: it was used already, cancelled, or its 10 minutes ran out. Nothing on this phone has changed. Please make a new code on your other phone.',
	'link.accept.tooMany':
		'Too many codes were tried from this network just now. Please wait a minute, then try again.',
	'link.accept.alreadySetUp':
		'This phone already has a Hearth identity in use. Linking would replace it, so it is only offered on a phone that isn’t set up yet. Nothing has been changed.',
	'link.accept.toSettings': 'Go to Settings',
	'link.accept.locked':
		'Your journal on this phone is locked. Please unlock it first, then try again. Nothing has been changed.',
	'link.accept.damaged':
		'The link could not be opened. Nothing on this phone has been changed. Please make a new code on your other phone.',
	'link.accept.newer':
		'Your other phone has a newer version of Hearth. Please update Hearth on this phone, then make a new code.',
	'link.accept.failed':
		'Something went wrong while saving the link on this phone. Please free up some space, make a new code on your other phone and try again.',
	'link.accept.doneTitle': 'This phone is linked',
	'link.accept.doneNamed':
		'Welcome back, {name}. Your identity and the keys to your journal are on this phone now too.',
	'link.accept.doneUnnamed':
		'Your identity and the keys to your journal are on this phone now too.',
	'link.accept.home': 'Go to Hearth',
	'link.accept.back': 'Back to the welcome page'
} satisfies Record<string, Message>;
