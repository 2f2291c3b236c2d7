/**
 * English, the source catalogue. Keys are grouped by screen; the identity and community screens
 * keep theirs in their own files, loaded with those screens (`../identity-messages.ts`,
 * `../community-messages.ts`), so other pages do not carry their words. Tone: warm, plain,
 * non-clinical; never medical advice. Placeholders are `{name}`; plural messages give Intl
 * plural forms.
 */
import type { backupMessages } from './en-backup';
import type { dataMessages } from './en-data';
import type { storageMessages } from './en-storage';
import type { communityMessages } from './en-community';
import type { deleteMessages } from './en-delete';
import type { identityMessages } from './en-identity';
import type { journalLockMessages } from './en-journal-lock';
import type { journalSyncMessages } from './en-journal-sync';
import type { linkMessages } from './en-link';
import type { moderationMessages } from './en-moderation';
import type { Message } from './message';

export type { Message };

export const en = {
	'app.name': 'Hearth',
	'app.skipToContent': 'Skip to main content',
	'app.loading': 'Opening…',

	'nav.label': 'Main',
	'nav.home': 'Home',
	'nav.journal': 'Journal',
	'nav.mood': 'Mood',
	'nav.settings': 'Settings',

	'help.link': 'Get help now',
	'help.linkShort': 'Help',

	'exit.button': 'Leave quickly',
	'exit.buttonShort': 'Exit',
	'exit.hint': 'Leaves Hearth at once for a neutral page. You can also press Escape twice.',

	'net.offline': 'Offline',
	'net.offlineDetail': 'Everything you write is saved on this device.',
	'net.online': 'Online',
	'net.limited': 'Connection is patchy',
	'net.limitedDetail':
		'Hearth could not reach its server just now. Your writing is saved on this device.',

	'update.ready': 'A new version of Hearth is ready.',
	'update.reload': 'Reload now',
	'update.later': 'Later',
	'update.available':
		'A new version of Hearth is ready. Data saver is on, so it downloads only when you tap.',
	'update.download': 'Download and update',
	'update.downloading': 'Downloading the new version…',
	'update.otherTab':
		'Hearth was updated in another tab. This page keeps working; reload when it suits you.',

	'storage.unavailable':
		'This browser is not letting Hearth save anything on this device (this can happen in private browsing). You can read, but what you write cannot be kept.',
	'storage.full':
		'This device is out of space, so your latest changes could not be saved. Everything saved before is safe. Free some space, then try again.',
	'storage.problem':
		'Something went wrong while saving. Everything saved before is safe. Please try again.',
	'storage.unreadable': {
		one: '{count} journal entry could not be read. It has been kept as it is, not deleted.',
		other:
			'{count} journal entries could not be read. They have been kept as they are, not deleted.'
	},
	'storage.dismiss': 'Dismiss',

	'home.greetingMorning': 'Good morning',
	'home.greetingAfternoon': 'Good afternoon',
	'home.greetingEvening': 'Good evening',
	'home.intro':
		'Hearth is a quiet place to write things down, notice how you feel, and find help. It works with no connection.',
	'home.write': 'Write in your journal',
	'home.checkIn': 'Your mood over time',
	'home.recent': 'Recently',
	'journalLock.home.title': 'Your journal is locked',
	'journalLock.home.body': 'Your entries are safe while it is locked.',
	'journalLock.home.open': 'Unlock your journal',
	'journalLock.lockButton': 'Lock',
	'journalLock.lockButtonLabel': 'Lock your journal now',
	'home.noEntries': 'Nothing here yet. Your journal is private and stays on this device.',
	'home.seeAll': 'See all entries',
	'home.peerSupportTitle': 'About Hearth',
	'home.peerSupport':
		'Hearth is peer support: people sharing what helped them. It is not a replacement for a doctor, therapist or emergency service. If you might be in danger, call your local emergency number.',
	'home.privacy': 'Your journal never leaves this device. Hearth has no ads and no tracking.',

	'journal.title': 'Journal',
	'journal.new': 'New entry',
	'journal.searchLabel': 'Search your journal',
	'journal.searchHint': 'Words or #tags. Search works offline.',
	'journal.empty':
		'Your journal is empty. When you are ready, write a few words — they stay on this device.',
	'journal.noResults': 'Nothing matches “{query}”.',
	'journal.results': { one: '{count} entry found', other: '{count} entries found' },
	'journal.total': { one: '{count} entry', other: '{count} entries' },
	'journal.showMore': 'Show older entries',
	'journal.today': 'Today',
	'journal.yesterday': 'Yesterday',
	'journal.untitled': 'No words yet',
	'journal.moodLabel': 'Mood: {mood}',
	'journal.tagsLabel': 'Feelings: {tags}',
	'journal.versions': { one: 'Has another version', other: 'Has {count} other versions' },
	'journal.loadError':
		'Your journal could not be opened. Nothing has been lost. Try reloading the page.',

	'entry.titleNew': 'New entry',
	'entry.titleEdit': 'Journal entry',
	'entry.back': 'Back to journal',
	'entry.textLabel': 'What is on your mind?',
	'entry.saving': 'Saving…',
	'entry.saved': 'Saved on this device',
	'entry.notSaved': 'Not saved yet',
	'entry.saveFailed': 'Could not save yet. Your words are still here, and Hearth keeps trying.',
	'entry.moodLegend': 'How are you feeling? (optional)',
	'entry.moodClear': 'No mood',
	'entry.tagsLegend': 'Feelings (optional)',
	'entry.tagAddLabel': 'Add your own feeling',
	'entry.tagAdd': 'Add',
	'entry.tagRemove': 'Remove {tag}',
	'entry.promptShow': 'Need a prompt?',
	'entry.promptAnother': 'Another prompt',
	'entry.promptUse': 'Use this prompt',
	'entry.promptHide': 'Hide prompt',
	'entry.promptLabel': 'Writing prompt',
	'entry.delete': 'Delete entry',
	'entry.deleted': 'Entry deleted.',
	'entry.undo': 'Undo',
	'entry.done': 'Done',
	'entry.notFound': 'This entry is not on this device. It may have been deleted.',
	'entry.createdAt': 'Started {date}',
	'entry.otherVersionsTitle': 'Another version of this entry',
	'entry.otherVersionsIntro':
		'This entry was changed in two places at once. Nothing was thrown away: here is the other version.',
	'entry.otherVersionFrom': 'Written {date}',

	'mood.1': 'Very low',
	'mood.2': 'Low',
	'mood.3': 'Okay',
	'mood.4': 'Good',
	'mood.5': 'Very good',

	'feeling.calm': 'calm',
	'feeling.hopeful': 'hopeful',
	'feeling.grateful': 'grateful',
	'feeling.tired': 'tired',
	'feeling.anxious': 'anxious',
	'feeling.lonely': 'lonely',
	'feeling.sad': 'sad',
	'feeling.angry': 'angry',
	'feeling.overwhelmed': 'overwhelmed',
	'feeling.content': 'content',
	'feeling.proud': 'proud',
	'feeling.numb': 'numb',

	'prompt.small-good': 'What is one small thing that went all right today?',
	'prompt.on-mind': 'What keeps coming back to your mind?',
	'prompt.body': 'How does your body feel right now?',
	'prompt.kind-words': 'What would you say to a friend who felt the way you do?',
	'prompt.helped': 'What helped, even a little, this week?',
	'prompt.looking-forward': 'Is there something, however small, you are looking forward to?',
	'prompt.let-go': 'What would you like to put down for now?',
	'prompt.people': 'Who or what made you feel less alone lately?',
	'prompt.energy': 'What gave you energy today, and what took it away?',
	'prompt.tomorrow': 'What is one gentle thing you could do for yourself tomorrow?',

	'moodView.title': 'Your mood',
	'moodView.intro': 'Check-ins from your journal entries. Only you can see this.',
	'moodView.range': 'Time span',
	'moodView.days': { one: 'Last {count} day', other: 'Last {count} days' },
	'moodView.noData':
		'No check-ins in this time yet. Add a mood to a journal entry and it will show here.',
	'moodView.summaryTitle': 'In words',
	'moodView.checkInCount': { one: '{count} check-in', other: '{count} check-ins' },
	'moodView.dayCount': { one: '{count} day', other: '{count} different days' },
	'moodView.summaryCheckIns': '{checkIns} on {days}.',
	'moodView.summaryAverage': 'On average you felt “{mood}” ({value} out of 5).',
	'moodView.summaryRange': 'Lowest: “{low}”. Highest: “{high}”.',
	'moodView.trend.rising': 'Lately your check-ins have been a little higher than before.',
	'moodView.trend.falling':
		'Lately your check-ins have been a little lower than before. Be gentle with yourself; help is one tap away if you need it.',
	'moodView.trend.steady': 'Your check-ins have been fairly steady.',
	'moodView.trend.not-enough': 'A few more check-ins are needed to see a trend.',
	'moodView.commonFeelings': 'Feelings you named most: {tags}.',
	'moodView.axisLow': 'Very low',
	'moodView.axisHigh': 'Very good',

	'crisis.title': 'Help right now',
	'crisis.danger':
		'If you or someone else is in immediate danger, call your local emergency number now.',
	'crisis.callEmergency': 'Call {number}',
	'crisis.countryLabel': 'Your country',
	'crisis.countryPick': 'Choose your country',
	'crisis.countryHint': 'Remembered on this device only.',
	'crisis.linesTitle': 'Free, confidential support in {country}',
	'crisis.call': 'Call {number}',
	'crisis.text': 'Text {number}',
	'crisis.textBody': 'Send “{body}” to {number}',
	'crisis.hours': 'Hours: {hours}',
	'crisis.checked': 'Last confirmed {date}',
	'crisis.hoursUnknown': 'Hours: see the source',
	'crisis.free': 'Free to call',
	'crisis.source': 'Source',
	'crisis.sourceOffline': '(opens a website; needs a connection)',
	'crisis.noCountry':
		'Choose your country to see numbers you can call or text. If your country is not listed, call your local emergency number.',
	'crisis.notListed': 'My country is not listed',
	'crisis.notListedText':
		'We only list numbers we could check against the service’s own published information. If you are in danger, call your local emergency number. Many countries list local helplines on their health ministry’s website.',
	'crisis.worksOffline': 'This page works without a connection.',
	'crisis.peerNote':
		'Hearth is peer support, not a crisis service. The people on these lines are trained to listen and help.',
	'crisis.dataError':
		'The list of helplines could not be loaded. If you are in danger, call your local emergency number.',

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
		'When you switch to another app or look at your open apps, Hearth shows only its name instead of your journal or posts. Anyone glancing at the phone sees nothing personal. Coming back shows everything again at once.',

	'safety.crisisCard':
		'It sounds like things are really hard right now. You do not have to go through this alone.',
	'safety.crisisCardLink': 'Find someone to talk to now',
	'safety.crisisCardPrivate': 'Only this device noticed these words. Nothing was sent anywhere.',
	'safety.crisisCardDismiss': 'Not now',
	'safety.crisisQuiet':
		'If this post brings up something hard for you, or you are worried about them:',
	'safety.crisisQuietLink': 'help is here',

	'units.bytes': { one: '{count} byte', other: '{count} bytes' },
	'units.kb': '{value} KB',
	'units.mb': '{value} MB',
	'units.gb': '{value} GB',

	'error.title': 'Something went wrong',
	'error.notFound': 'This page does not exist.',
	'error.body': 'Nothing you saved has been lost.',
	'error.home': 'Go to the home page',

	// Shown on every page: the set-up card, the community item of the bottom bar, and the sync
	// indicator. The rest of the identity and community words load with their screens.
	'identity.card.title': 'Set up your Hearth name',
	'identity.card.body':
		'Choose the name others will see and save your recovery code. It takes two minutes, and your journal works either way.',
	'identity.card.start': 'Set up now',
	'identity.card.restore': 'I already use Hearth',

	'community.nav': 'Communities',
	'community.navNew': {
		one: '({count} new reply or response)',
		other: '({count} new replies or responses)'
	},
	'moderation.navNotices': {
		one: '({count} new notice from moderators)',
		other: '({count} new notices from moderators)'
	},

	'community.sync.offlineWaiting': {
		one: '{count} change will be sent when you are back online.',
		other: '{count} changes will be sent when you are back online.'
	},
	'community.sync.syncing': 'Sending and receiving…',
	'community.sync.upToDate': 'Up to date',
	'community.sync.waiting': {
		one: '{count} change waiting',
		other: '{count} changes waiting'
	},
	'community.sync.waitingDetail': 'They are saved here and will be sent soon.',
	'community.sync.slowed': 'Sending a little at a time',
	'community.sync.slowedDetail':
		'You wrote a lot at once, so the server takes it in turns. The rest goes out on its own in a while; nothing is lost.',
	'community.sync.slowedWaiting': {
		one: '{count} change is still to go.',
		other: '{count} changes are still to go.'
	},
	'community.sync.syncNow': 'Send now',
	'community.sync.stopped': 'Sending has paused',
	'community.sync.stopped.signed-out':
		'Hearth needs to sign you in again. Your writing is safe on this device.',
	'community.sync.stopped.refused':
		'The server did not accept a change. It is kept on this phone for you to look at.',
	'community.sync.stopped.server-error':
		'The server is having trouble. Hearth will try again; nothing is lost.',
	'community.sync.stopped.storage-full':
		'This phone is out of space. Free some space, and Hearth will carry on.',
	'community.sync.retry': 'Try again'
} satisfies Record<string, Message>;

/** Every key, loaded at start (`en`) or with the screens that use it. */
export type MessageKey =
	| keyof typeof en
	| keyof typeof identityMessages
	| keyof typeof communityMessages
	| keyof typeof moderationMessages
	| keyof typeof deleteMessages
	| keyof typeof journalLockMessages
	| keyof typeof backupMessages
	| keyof typeof dataMessages
	| keyof typeof storageMessages
	| keyof typeof linkMessages
	| keyof typeof journalSyncMessages;
export type Catalogue = { readonly [K in MessageKey]: Message };
