/**
 * English messages for identity: onboarding, the recovery code, display names, signing in,
 * linking a device. Loaded with the screens that show them (`../identity-messages.ts`); the home
 * page's set-up card keeps its words in `en.ts`.
 */
import type { Message } from './message';

export const identityMessages = {
	'identity.welcome.title': 'Welcome to Hearth',
	'identity.welcome.intro':
		'Hearth is a place to talk with people who understand. You never need an email address, a phone number or your real name here, and we will never ask for them.',
	'identity.welcome.pseudonyms':
		'In each community you appear under a separate name of your own. Other members cannot tell that the person in one community is the same person in another. Only the Hearth server knows, so that it can keep everyone safe.',
	'identity.welcome.device':
		'Your identity is kept on this phone. There is no password: instead, you get a recovery code.',
	'identity.welcome.begin': 'Choose my name',
	'identity.welcome.haveOne': 'I already use Hearth',
	'identity.welcome.stepOf': 'Step {step} of 3',
	'identity.welcome.loading': 'Getting things ready…',
	'identity.welcome.failed':
		'Hearth could not read your identity on this phone. Your journal still works. If you have your recovery code, you can restore it.',
	'identity.welcome.alreadyDone': 'You are all set up',
	'identity.welcome.alreadyDoneBody':
		'You are {name} on Hearth. You can change your name or see your recovery code in Settings.',
	'identity.welcome.toSettings': 'Go to Settings',

	'identity.name.title': 'What should people call you?',
	'identity.name.label': 'Display name',
	'identity.name.hint':
		'Any name you like, up to 32 characters. A nickname is perfect; it need not be your real name.',
	'identity.name.save': 'Continue',
	'identity.name.empty': 'Please type a name, with at least one letter or symbol people can see.',
	'identity.name.tooLong': 'That name is a little long: please keep it to 32 characters.',
	'identity.name.characters':
		'That name has a hidden or control character in it. Please type it again using ordinary letters, numbers or emoji.',

	'identity.code.title': 'Your recovery code',
	'identity.code.intro':
		'This code is the only way back into your Hearth identity on a new phone. Nobody can reset it for you, not even the Hearth team.',
	'identity.code.keep':
		'Write it down, or keep it somewhere private that only you can open. Anyone who has it can be you on Hearth.',
	'identity.code.label': 'Recovery code',
	'identity.code.copy': 'Copy',
	'identity.code.copied': 'Copied. Remember to paste it somewhere private.',
	'identity.code.copyFailed': 'Copying did not work here. Please write the code down instead.',
	'identity.code.next': 'I have saved it',

	'identity.confirm.title': 'Let’s check you have it',
	'identity.confirm.intro':
		'Look at where you saved your code and type group {group}. Groups are counted from the start.',
	'identity.confirm.label': 'Group {group}',
	'identity.confirm.hint': 'Four letters or numbers. Capitals do not matter.',
	'identity.confirm.check': 'Check',
	'identity.confirm.wrong':
		'That is not group {group}. Have another look at your saved code; you can also go back and see it again.',
	'identity.confirm.empty': 'Please type the four characters of group {group}.',
	'identity.confirm.back': 'Show my code again',

	'identity.done.title': 'You are all set, {name}',
	'identity.done.body':
		'Your identity is ready. When you are online, Hearth lets the server know your name; until then everything works on this phone.',
	'identity.done.home': 'Go to the home page',

	'identity.restore.title': 'I already use Hearth',
	'identity.restore.intro':
		'Type the recovery code you saved when you set up Hearth. Spaces, dashes and small letters are all fine.',
	'identity.restore.label': 'Recovery code',
	'identity.restore.hint': '56 letters and numbers, in 14 groups of 4.',
	'identity.restore.submit': 'Restore my identity',
	'identity.restore.working': 'Restoring…',
	'identity.restore.length':
		'A recovery code has 56 letters and numbers; this one has {count}. Please check for a missing or extra group.',
	'identity.restore.checksum':
		'This code does not add up: one character is probably mistyped. Please compare it with your saved copy, group by group.',
	'identity.restore.characters':
		'This code has a character recovery codes never use. They use only numbers and the letters A to Z, without U.',
	'identity.restore.failed':
		'Hearth could not save your identity on this phone. Please free up some space and try again.',
	'identity.restore.replaceTitle': 'Replace the identity on this phone?',
	'identity.restore.replaceBody':
		'This phone is already set up as {name}. Restoring makes it the identity from your code instead. The current one stays on the Hearth server and can only come back with its own recovery code, so make sure you have it saved if you still need it. Your journal on this phone is not affected.',
	'identity.restore.replaceUnnamed': 'someone without a name yet',
	'identity.restore.replaceConfirm': 'Yes, replace it',
	'identity.restore.cancel': 'Keep the current one',
	'identity.restore.doneTitle': 'Welcome back',
	'identity.restore.doneNamed': 'You are {name} again on this phone.',
	'identity.restore.doneOffline':
		'Your identity is back on this phone. Your name will appear next time you are online.',
	'identity.restore.newHere': 'New to Hearth? Set up instead',

	'identity.conflict.title': 'That name is taken',
	'identity.conflict.body':
		'Someone on Hearth already uses the name “{name}”. Names are unique so people can tell each other apart. Please choose another; how about “{suggestion}”?',
	'identity.conflict.renameBody':
		'Someone on Hearth already uses the name “{name}”, so your name stays as it was. You can try another; how about “{suggestion}”?',
	'identity.conflict.needsName':
		'Hearth needs a name to go with your identity on this server. Please choose one.',
	'identity.conflict.save': 'Use this name',
	'identity.conflict.later': 'Not now',
	'identity.conflict.refusedTitle': 'Hearth could not sign you in',
	'identity.conflict.signedOut':
		'The Hearth server did not accept this phone’s identity. Your journal still works. If this keeps happening, restore with your recovery code.',

	'identity.settings.title': 'You on Hearth',
	'identity.settings.notSetUp': 'You have not chosen a name yet.',
	'identity.settings.setUp': 'Set up now',
	'identity.settings.name': 'You are {name}.',
	'identity.settings.nameWaiting': 'Your name will appear next time you are online.',
	'identity.settings.pending': 'Saved on this phone; the server hears it next time you are online.',
	'identity.settings.change': 'Change name',
	'identity.settings.changeCancel': 'Cancel',
	'identity.settings.changed': 'Your name is now {name}.',
	'identity.settings.showCode': 'Show my recovery code',
	'identity.settings.showCodeWarning':
		'Make sure nobody can see your screen. Anyone with this code can be you on Hearth.',
	'identity.settings.hideCode': 'Hide my recovery code',
	'identity.settings.linkTitle': 'Link another device',
	'identity.settings.linkBody':
		'On the other phone or computer, open Hearth, choose “I already use Hearth”, and type your recovery code. Both devices will then be you.',
	'identity.settings.userId': 'Your identity number: {id}'
} satisfies Record<string, Message>;
