/**
 * English, the source catalogue: the words every page's frame shows (header, bottom bar, notices)
 * and the journal's, which load with the app. Every other screen keeps its words in its own part
 * (`en-*.ts`), loaded with that screen through `../<part>-messages.ts`, so a page carries only
 * the words it can show. Tone: warm, plain, non-clinical; never medical advice. Placeholders are
 * `{name}`; plural messages give Intl plural forms.
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
import type { homeMessages } from './en-home';
import type { moodViewMessages } from './en-mood-view';
import type { crisisMessages } from './en-crisis';
import type { settingsMessages } from './en-settings';
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

	'journalLock.lockButton': 'Lock',
	'journalLock.lockButtonLabel': 'Lock your journal now',

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
	'journal.opening': {
		one: 'Newest entry shown. Opening the rest…',
		other: 'Newest {count} shown. Opening the rest…'
	},
	'journal.showing': 'Showing the newest {shown} of {count} entries',
	'journal.searchWaits': 'Your older entries are still opening. Results will show in a moment.',
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

	// Shown on every page: the community item of the bottom bar and the sync indicator. The rest
	// of the community words load with their screens.

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
	| keyof typeof journalSyncMessages
	| keyof typeof homeMessages
	| keyof typeof moodViewMessages
	| keyof typeof crisisMessages
	| keyof typeof settingsMessages;
export type Catalogue = { readonly [K in MessageKey]: Message };
