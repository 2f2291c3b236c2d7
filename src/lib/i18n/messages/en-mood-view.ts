/**
 * English messages for the mood page: the chart, its summary in words and the trend. Loaded with
 * that page (`../mood-view-messages.ts`), so the journal's pages do not carry them. A falling
 * trend is said gently, with help one tap away, never as a diagnosis.
 */
import type { Message } from './message';

export const moodViewMessages = {
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
	'moodView.axisHigh': 'Very good'
} satisfies Record<string, Message>;
