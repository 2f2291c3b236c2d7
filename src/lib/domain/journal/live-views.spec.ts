import { describe, expect, it } from 'vitest';
import type { JournalEntryView } from './entry';
import { liveViews } from './live-views';

const view = (id: string, deletedAt: number | null): JournalEntryView => ({
	id,
	createdAt: 1,
	updatedAt: 1,
	text: '',
	mood: null,
	tags: [],
	prompt: null,
	head: id,
	otherVersions: [],
	deletedAt
});

describe('liveViews', () => {
	it('leaves out entries waiting out their undo window, keeping order', () => {
		const views = [view('a', null), view('b', 5), view('c', null), view('d', 0)];
		expect(liveViews(views).map((v) => v.id)).toEqual(['a', 'c']);
	});
});
