import { describe, expect, it } from 'vitest';
import type { HeldRecord } from '../storage/community.repository';
import { draftViews } from './refused-drafts';

const THREAD = 'cccccccccccccccccccccccccq';
const REPLY = 'dddddddddddddddddddddddddq';
const ME = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const AT = '000001795000000-000000-test';

const held = (
	map: HeldRecord['map'],
	key: string,
	value: unknown,
	extra: Partial<HeldRecord> = {}
): HeldRecord => ({
	community: 'anxiety',
	docName: 'community:anxiety:2026-11',
	map,
	key,
	value,
	state: 'draft',
	reason: 'blocked',
	heldAt: 1,
	...extra
});

describe('draftViews', () => {
	it('shows each kept post with its words, kind, thread and reason', () => {
		const reply = {
			id: REPLY,
			thread: THREAD,
			author: ME,
			at: AT,
			body: 'Me too.',
			contentWarning: null,
			editedAt: null
		};
		const thread = {
			id: THREAD,
			author: ME,
			at: AT,
			title: 'Nights',
			body: 'Long ones.',
			contentWarning: null,
			tags: [],
			editedAt: null
		};
		expect(
			draftViews([
				held('replies', REPLY, reply),
				held('threads', THREAD, thread, { state: 'replaying', reason: 'client-id-taken' })
			])
		).toEqual([
			{
				map: 'replies',
				key: REPLY,
				kind: 'reply',
				title: null,
				body: 'Me too.',
				reaction: null,
				threadId: THREAD,
				reason: 'blocked',
				sending: false
			},
			{
				map: 'threads',
				key: THREAD,
				kind: 'thread',
				title: 'Nights',
				body: 'Long ones.',
				reaction: null,
				threadId: THREAD,
				// A rule with no words of its own reads as the general one.
				reason: 'refused',
				sending: true
			}
		]);
	});

	it('leaves out name entries and shows a damaged value as something to discard', () => {
		const views = draftViews([
			held('members', ME, { id: ME, author: ME, name: 'Quiet Fern', at: AT }),
			held('threads', THREAD, { id: THREAD, title: 42 }, { reason: 'muted' })
		]);
		expect(views).toMatchObject([{ kind: 'other', body: null, reason: 'muted' }]);
	});
});
