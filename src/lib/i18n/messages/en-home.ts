/**
 * English messages for the home page: its greeting, the journal's "locked" card and the set-up
 * card (which Settings and the welcome page show again), and two lines the mood and settings
 * pages borrow. Loaded with those screens (`../home-messages.ts`), so the journal's pages do not
 * carry them.
 */
import type { Message } from './message';

export const homeMessages = {
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
	'home.noEntries': 'Nothing here yet. Your journal is private and stays on this device.',
	'home.seeAll': 'See all entries',
	'home.peerSupportTitle': 'About Hearth',
	'home.peerSupport':
		'Hearth is peer support: people sharing what helped them. It is not a replacement for a doctor, therapist or emergency service. If you might be in danger, call your local emergency number.',
	'home.privacy': 'Your journal never leaves this device. Hearth has no ads and no tracking.',
	'identity.card.title': 'Set up your Hearth name',
	'identity.card.body':
		'Choose the name others will see and save your recovery code. It takes two minutes, and your journal works either way.',
	'identity.card.start': 'Set up now',
	'identity.card.restore': 'I already use Hearth'
} satisfies Record<string, Message>;
