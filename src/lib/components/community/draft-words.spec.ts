import { describe, expect, it } from 'vitest';
import type { DraftView } from '$lib/state/refused-drafts';
import { draftHeading, draftReasonWords, draftText } from './draft-words';

const draft = (extra: Partial<DraftView>): DraftView => ({
	map: 'replies',
	key: 'k',
	kind: 'reply',
	title: null,
	body: 'Me too.',
	reaction: null,
	threadId: 't',
	reason: 'blocked',
	sending: false,
	...extra
});

describe('draft words', () => {
	it('says kindly why a draft is kept', () => {
		expect(draftReasonWords('blocked')).toBe(
			'This person isn’t taking replies from you, so it wasn’t posted. Your words are kept here.'
		);
		expect(draftReasonWords('refused')).toBe(
			'The server didn’t accept this, so it is kept here as a draft.'
		);
		expect(draftReasonWords('muted')).toContain('Waiting until you can post again');
	});

	it('names what it was, and copies the words with the title first', () => {
		const thread = draft({ kind: 'thread', title: 'Nights', body: 'Long ones.' });
		expect(draftHeading(thread)).toBe('Your thread “Nights”');
		expect(draftText(thread)).toBe('Nights\n\nLong ones.');
		expect(draftHeading(draft({}))).toBe('Your reply');
		expect(draftText(draft({}))).toBe('Me too.');
		expect(draftHeading(draft({ kind: 'reaction', body: null, reaction: 'hear-you' }))).toBe(
			'Your response “I hear you”'
		);
	});
});
