/**
 * English messages for data saver and the data meter (the "Data" part of Settings, and the
 * "Sync now" note on the communities list). Loaded with them (`../data-messages.ts`).
 */
import type { Message } from './message';

export const dataMessages = {
	'data.title': 'Data',
	'data.intro':
		'Hearth is light on data. Here you can make it lighter still, and see roughly what it used this month.',
	'data.saverLegend': 'Data saver',
	'data.choice.auto': 'Automatic',
	'data.choice.on': 'On',
	'data.choice.off': 'Off',
	'data.auto.save-data': 'Your browser asks sites to save data, so data saver is on.',
	'data.auto.slow-link': 'Your browser reports a slow connection, so data saver is on.',
	'data.auto.link-fine': 'Your browser reports a good connection, so data saver is off.',
	'data.auto.no-report':
		'This browser doesn’t say how good your connection is, so data saver is off.',
	'data.inForce': 'Data saver is on.',
	'data.notInForce': 'Data saver is off.',
	'data.what':
		'With data saver on, only the community you open syncs. Your other communities wait until you open them or tap “Sync now”, and new versions of Hearth download only when you tap. Your journal still syncs between your own phones: it is small.',
	'data.meterTitle': 'This month',
	'data.meter': 'This month (an estimate): about {sent} sent, {received} received.',
	'data.meterServer': 'Syncing counted by the server, the rest by this phone.',
	'data.meterPage':
		'Counted by this phone. The server’s count, closer to what your phone company sees, isn’t available right now.',
	'data.meterAsking': 'Asking the server for its count…',
	'data.meterNote': 'Only this phone is counted. Installing or updating Hearth isn’t included.',
	'data.held': {
		one: 'To save data, {count} community waits to sync until you open it.',
		other: 'To save data, {count} communities wait to sync until you open them.'
	},
	'data.syncNow': 'Sync now'
} satisfies Record<string, Message>;
