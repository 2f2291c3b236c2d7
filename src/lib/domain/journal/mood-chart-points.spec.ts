import { describe, expect, it } from 'vitest';
import { moodChartPoints } from './mood-chart-points';
import type { MoodDay } from './mood-stats';

const day = (n: number, average: number | null): MoodDay => ({
	day: `2024-03-0${n}`,
	average,
	count: average === null ? 0 : 1,
	lowest: null,
	highest: null
});

const box = { width: 120, height: 100, padding: 10 };

describe('moodChartPoints', () => {
	it('places 5 at the top and 1 at the bottom, days left to right', () => {
		const chart = moodChartPoints([day(1, 5), day(2, 3), day(3, 1)], box);
		expect(chart.segments).toEqual([
			{
				points: [
					{ x: 10, y: 10, day: '2024-03-01', average: 5 },
					{ x: 60, y: 50, day: '2024-03-02', average: 3 },
					{ x: 110, y: 90, day: '2024-03-03', average: 1 }
				],
				polyline: '10,10 60,50 110,90'
			}
		]);
		expect(chart.levels.map((l) => [l.mood, l.y])).toEqual([
			[1, 90],
			[2, 70],
			[3, 50],
			[4, 30],
			[5, 10]
		]);
	});

	it.each([
		[
			'a gap splits the line',
			[day(1, 2), day(2, 3), day(3, null), day(4, 4)],
			['10,70 43.33,50', '110,30']
		],
		['leading and trailing gaps', [day(1, null), day(2, 1.5), day(3, null)], ['60,80']],
		['no check-ins draws nothing', [day(1, null), day(2, null)], []],
		['one day sits in the middle', [day(1, 4)], ['60,30']],
		['an empty series draws nothing', [], []]
	])('%s', (_case, series, polylines) => {
		expect(moodChartPoints(series, box).segments.map((s) => s.polyline)).toEqual(polylines);
	});

	it('refuses a box with no room inside the padding', () => {
		expect(() => moodChartPoints([], { width: 20, height: 100, padding: 10 })).toThrow(RangeError);
	});
});
