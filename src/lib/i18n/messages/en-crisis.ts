/**
 * English messages for the crisis page: what to do in danger and the helplines by country.
 * Loaded with that page (`../crisis-messages.ts`, precached like every page, so it opens
 * offline), so the journal's pages do not carry them.
 */
import type { Message } from './message';

export const crisisMessages = {
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
		'The list of helplines could not be loaded. If you are in danger, call your local emergency number.'
} satisfies Record<string, Message>;
