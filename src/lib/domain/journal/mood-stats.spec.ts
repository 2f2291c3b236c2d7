import { describe, expect, it } from 'vitest';
import type { JournalEntryView, MoodLevel } from './entry';
import { commonMoodTags, moodSeries, moodSummary, type MoodDay } from './mood-stats';

function view(
	createdAt: number,
	mood: MoodLevel | null,
	tags: string[] = [],
	deletedAt: number | null = null
): JournalEntryView {
	return {
		id: `e${createdAt}`,
		createdAt,
		updatedAt: createdAt,
		text: '',
		mood,
		tags,
		prompt: null,
		head: `e${createdAt}`,
		otherVersions: [],
		deletedAt
	};
}

/** Noon UTC on the given day of March 2024. */
const march = (day: number, hour = 12) => Date.UTC(2024, 2, day, hour);
const now = march(30, 20);

describe('moodSeries', () => {
	const views = [
		view(march(30, 9), 2),
		view(march(30, 10), 5),
		view(march(30, 11), null),
		view(march(28), 3, [], march(29)),
		view(march(1), 1),
		view(march(29, 23), 4)
	];

	it('gives every day of the window, oldest first, with gaps as null', () => {
		const series = moodSeries(views, { days: 30, now, timeZone: 'UTC' });
		expect(series).toHaveLength(30);
		expect(series[0]?.day).toBe('2024-03-01');
		expect(series.at(-1)).toEqual({
			day: '2024-03-30',
			average: 3.5,
			count: 2,
			lowest: 2,
			highest: 5
		});
		expect(series[0]).toEqual({ day: '2024-03-01', average: 1, count: 1, lowest: 1, highest: 1 });
		expect(series[27]).toMatchObject({ day: '2024-03-28', average: null, count: 0 });
	});

	it('counts a check-in on the local day it was begun', () => {
		// 20:00 UTC on the 30th is 05:00 on the 31st in Tokyo; 23:00 UTC on the 29th is the 30th.
		const series = moodSeries(views, { days: 30, now, timeZone: 'Asia/Tokyo' });
		expect(series.at(-1)).toMatchObject({ day: '2024-03-31', average: null, count: 0 });
		expect(series.at(-2)).toMatchObject({ day: '2024-03-30', average: 11 / 3, count: 3 });
		expect(series[0]).toMatchObject({ day: '2024-03-02', count: 0 });
	});

	it('covers 90 days across a month end', () => {
		const series = moodSeries([], { days: 90, now, timeZone: 'UTC' });
		expect(series.map((p) => p.day).slice(0, 2)).toEqual(['2024-01-01', '2024-01-02']);
		expect(new Set(series.map((p) => p.day)).size).toBe(90);
	});
});

/** A series whose day i has the given moods. */
function series(days: MoodLevel[][]): MoodDay[] {
	const entries = days.flatMap((moods, i) => moods.map((mood, k) => view(march(i + 1, k), mood)));
	return moodSeries(entries, { days: 30, now: march(days.length, 23), timeZone: 'UTC' }).slice(
		30 - days.length
	);
}

describe('moodSummary', () => {
	it('sums up check-ins over every check-in, not every day', () => {
		expect(moodSummary(series([[1, 1, 1], [], [5], []]))).toEqual({
			checkIns: 4,
			daysWithCheckIn: 2,
			average: 2,
			lowest: 1,
			highest: 5,
			trend: 'not-enough'
		});
	});

	it.each([
		['rising', [[2], [2], [3], [2]], 'rising'],
		['falling', [[4, 4], [], [3], [3]], 'falling'],
		['steady, under the threshold', [[3], [3], [3, 4], [3]], 'steady'],
		['rising exactly at the threshold', [[3], [3], [3, 4], []], 'rising'],
		['one check-in in a half', [[1], [], [5], [5]], 'not-enough'],
		['none at all', [[], [], [], []], 'not-enough']
	] as const)('trend: %s', (_case, days, expected) => {
		expect(moodSummary(series(days.map((moods) => [...moods]))).trend).toBe(expected);
	});

	it('reports no average, lowest or highest without check-ins', () => {
		expect(moodSummary(series([[], []]))).toMatchObject({
			checkIns: 0,
			average: null,
			lowest: null,
			highest: null
		});
	});
});

describe('commonMoodTags', () => {
	it('counts tags of live entries in the window, most used first', () => {
		const views = [
			view(march(30), 3, ['tired', 'calm']),
			view(march(29), null, ['calm']),
			view(march(28), 2, ['anxious', 'calm']),
			view(march(27), 2, ['anxious'], march(27, 13)),
			view(march(20), 2, ['tired']),
			view(Date.UTC(2024, 1, 1), 1, ['sad'])
		];
		expect(commonMoodTags(views, { days: 30, now, timeZone: 'UTC', limit: 3 })).toEqual([
			{ tag: 'calm', count: 3 },
			{ tag: 'tired', count: 2 },
			{ tag: 'anxious', count: 1 }
		]);
	});
});
