/**
 * English messages for the settings page: storage, the journal, crisis help, what you see and
 * privacy. Loaded with that page (`../settings-messages.ts`), so the journal's pages do not
 * carry them.
 */
import type { Message } from './message';

export const settingsMessages = {
	'settings.title': 'Settings',
	'settings.storageTitle': 'Storage on this device',
	'settings.persisted': 'This browser has agreed to keep Hearth’s data even when space runs low.',
	'settings.notPersisted':
		'This browser has not promised to keep Hearth’s data. If the device runs very low on space, the browser could clear it. Installing Hearth to your home screen and using it often usually helps.',
	'settings.persistUnsupported':
		'This browser does not say whether it will keep Hearth’s data when space runs low.',
	'settings.persistAsk': 'Ask the browser to keep my data',
	'settings.persistDenied':
		'The browser said no for now. It may say yes after Hearth is installed or used more.',
	'settings.usage': 'Hearth uses about {used} on this device.',
	'settings.usageOf': 'Hearth uses about {used} of the {quota} this browser allows.',
	'settings.usageUnknown': 'This browser does not say how much space Hearth uses.',
	'settings.journalTitle': 'Journal',
	'settings.showPrompts': 'Offer gentle writing prompts',
	'settings.crisisTitle': 'Crisis help',
	'settings.country': 'Country for helplines: {country}',
	'settings.countryNone': 'No country chosen yet.',
	'settings.countryChange': 'Change country',
	'settings.aboutTitle': 'About Hearth',
	'settings.version': 'Version {version}',
	'settings.privacy':
		'Hearth makes no requests to any other website: no ads, no analytics, no fonts from elsewhere. The only time it leaves this site is when you choose “Leave quickly”.',
	'settings.protectionsTitle': 'What you see',
	'settings.foldSensitive': 'Fold posts about sensitive topics',
	'settings.foldSensitiveHint':
		'Posts that mention self-harm, suicide, eating, substances or abuse stay folded until you tap them, so you can choose when to read them. Posts with a content note from their author are always folded.',
	'settings.blockedTitle': 'People you blocked',
	'settings.blockedIntro':
		'Their posts and replies are hidden from you in that community. They are not told. Unblocking shows everything again.',
	'settings.blockedNone': 'You have not blocked anyone.',
	'settings.blockedIn': '{name}, in {community}',
	'settings.unblock': 'Unblock',
	'settings.unblockLabel': 'Unblock {name} in {community}',
	'settings.unblocked': '{name} is unblocked. Their posts show again.',
	'settings.privacyTitle': 'Privacy',
	'settings.hideWhenAway': 'Hide Hearth’s screen when I switch apps',
	'settings.hideWhenAwayHint':
		'When you switch to another app or look at your open apps, Hearth shows only its name instead of your journal or posts. Anyone glancing at the phone sees nothing personal. Coming back shows everything again at once.'
} satisfies Record<string, Message>;
