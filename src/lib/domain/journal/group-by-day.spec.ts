import { describe, expect, it } from 'vitest';
import type { JournalEntryView } from './entry';
import { groupByDay } from './group-by-day';

function view(id: string, createdAt: number, deletedAt: number | null = null): JournalEntryView {
	return {
		id,
		createdAt,
		updatedAt: createdAt,
		text: id,
		mood: null,
		tags: [],
		prompt: null,
		head: id,
		otherVersions: [],
		deletedAt
	};
}

const utc = (day: number, hour: number) => Date.UTC(2024, 2, day, hour);
const shape = (groups: ReturnType<typeof groupByDay>) =>
	groups.map(({ day, entries }) => [day, entries.map((e) => e.id)]);

describe('groupByDay', () => {
	const views = [
		view('mar9-late', utc(9, 22)),
		view('mar10-morning', utc(10, 8)),
		view('mar10-night', utc(10, 23)),
		view('mar8', utc(8, 12)),
		view('deleted', utc(10, 12), utc(10, 13))
	];

	it.each([
		[
			'UTC',
			[
				['2024-03-10', ['mar10-night', 'mar10-morning']],
				['2024-03-09', ['mar9-late']],
				['2024-03-08', ['mar8']]
			]
		],
		[
			'Asia/Tokyo',
			[
				['2024-03-11', ['mar10-night']],
				['2024-03-10', ['mar10-morning', 'mar9-late']],
				['2024-03-08', ['mar8']]
			]
		]
	])('groups by the local day in %s, newest first, leaving out deleted entries', (zone, want) => {
		expect(shape(groupByDay(views, zone))).toEqual(want);
	});

	it('returns nothing for nothing', () => {
		expect(groupByDay([], 'UTC')).toEqual([]);
	});
});
