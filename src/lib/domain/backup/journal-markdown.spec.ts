import { describe, expect, it } from 'vitest';
import type { EntryDraft, JournalEntry, JournalEntryView } from '../journal/entry';
import { formatHlc } from '../journal/hlc';
import { createEntry, reviseEntry, viewEntry } from '../journal/revisions';
import { journalToMarkdown, type MarkdownWords } from './journal-markdown';
import { READABLE_COPY_MARKER } from './readable-export';

const words: MarkdownWords = {
	title: 'My journal',
	warning: 'Anyone who has this file can read everything in it.',
	empty: 'No entries yet.',
	mood: 'Mood',
	moods: { 1: 'Very low', 2: 'Low', 3: 'Okay', 4: 'Good', 5: 'Very good' },
	tags: 'Tags',
	prompt: 'Writing prompt',
	earlierVersion: 'Earlier version',
	promptText: (id) => (id === 'on-mind' ? 'What keeps coming back to your mind?' : undefined)
};

const time = (day: number, hour: number, minute = 0) => Date.UTC(2026, 10, day, hour, minute);

function written(id: string, when: number, extra: Partial<EntryDraft> = {}): JournalEntry {
	return createEntry({
		id,
		now: when,
		at: formatHlc({ wall: when, counter: 0, node: 'devA' }),
		device: 'devA',
		draft: { text: `${id} words`, mood: null, tags: [], prompt: null, ...extra }
	});
}

const view = (id: string, when: number, extra: Partial<EntryDraft> = {}): JournalEntryView =>
	viewEntry(written(id, when, extra));

const markdown = (views: readonly JournalEntryView[], locale = 'en-GB', zone = 'UTC') =>
	journalToMarkdown(views, words, locale, zone);

/** The entry's words as a Markdown viewer shows them: escapes and hard breaks undone. */
function shown(text: string): string {
	return text
		.split('\n')
		.map((line) => line.replace(/ {2}$/, '').replace(/\\([#>+*_=`~|[<.)-])/g, '$1'))
		.join('\n');
}

describe('journalToMarkdown', () => {
	it('starts with the readable-copy mark, the title and the warning', () => {
		const lines = markdown([]).split('\n');
		expect(lines.slice(0, 5)).toEqual([
			READABLE_COPY_MARKER,
			'',
			'# My journal',
			'',
			'> Anyone who has this file can read everything in it.'
		]);
		expect(markdown([])).toContain('\n\nNo entries yet.\n');
	});

	it('lists days newest first, each entry under its time, newest first', () => {
		const text = markdown([
			view('older', time(25, 9, 5)),
			view('morning', time(26, 8, 30)),
			view('evening', time(26, 21, 15))
		]);
		const headings = text.split('\n').filter((line) => line.startsWith('#'));
		// ICU versions differ on the comma after the weekday.
		expect(headings.map((line) => line.replace(',', ''))).toEqual([
			'# My journal',
			'## Thursday 26 November 2026',
			'### 21:15',
			'### 08:30',
			'## Wednesday 25 November 2026',
			'### 09:05'
		]);
		expect(text.indexOf('evening words')).toBeLessThan(text.indexOf('morning words'));
	});

	it('writes dates in the person’s language and time zone', () => {
		const late = view('late', time(26, 23, 30));
		expect(markdown([late], 'fr', 'UTC')).toContain('## jeudi 26 novembre 2026');
		expect(markdown([late], 'en-GB', 'Pacific/Auckland')).toMatch(
			/\n## Friday,? 27 November 2026\n/
		);
	});

	it('gives the mood in words, with tags and the prompt', () => {
		const text = markdown([
			view('a', time(26, 9), { mood: 2, tags: ['tired', 'hopeful'], prompt: 'on-mind' })
		]);
		expect(text).toContain('\n\nMood: Low · Tags: tired, hopeful\n\n');
		expect(text).toContain('\n\nWriting prompt: What keeps coming back to your mind?\n\n');
	});

	it('leaves out a prompt this version does not know, and empty parts', () => {
		const text = markdown([view('a', time(26, 9), { text: '', prompt: 'gone' })]);
		expect(text).not.toContain('Writing prompt');
		expect(text).not.toContain('Mood');
		expect(text.trimEnd().endsWith('### 09:00')).toBe(true);
	});

	it('leaves out entries waiting out their undo window', () => {
		const gone = { ...view('gone', time(26, 9)), deletedAt: time(26, 10) };
		expect(markdown([gone, view('kept', time(26, 8))])).not.toContain('gone words');
	});

	it('shows a concurrent version as an earlier version', () => {
		const base = written('a', time(26, 9));
		const fork = (revisionId: string, when: number, node: string, text: string) =>
			reviseEntry(base, {
				revisionId,
				at: formatHlc({ wall: when, counter: 0, node }),
				device: node,
				draft: { text, mood: 3, tags: [], prompt: null },
				baseHead: 'a'
			}).revisions[revisionId];
		const phone = fork('rPhone', time(26, 10), 'phone', 'from the phone');
		const tablet = fork('rTablet', time(26, 11), 'tablet', 'from the tablet');
		if (phone === undefined || tablet === undefined) throw new Error('forks were written');
		const both = viewEntry({
			...base,
			revisions: { ...base.revisions, rPhone: phone, rTablet: tablet }
		});
		const text = markdown([both]);
		expect(text).toContain(
			'#### Earlier version · 26 Nov 2026, 10:00\n\nMood: Okay\n\nfrom the phone'
		);
		expect(text.indexOf('from the tablet')).toBeLessThan(text.indexOf('from the phone'));
	});

	it('keeps the person’s lines and paragraphs', () => {
		const text = markdown([view('a', time(26, 9), { text: 'one\ntwo\r\n\r\nthree\n\n\n' })]);
		expect(text).toContain('\n\none  \ntwo\n\nthree\n');
	});

	it('keeps words that look like Markdown from changing the file’s structure', () => {
		const tricky = [
			'# not a heading',
			'   ## nor this',
			'> not a quote',
			'- not a list',
			'* nor this',
			'+ nor this',
			'1. not numbered',
			'2) nor this',
			'```',
			'~~~',
			'===',
			'---',
			'___',
			'| a | b |',
			'[hidden]: https://example.org',
			'<!-- everything after this would vanish',
			'<script>alert(1)</script> and a <b>tag</b> mid-line'
		].join('\n');
		const text = markdown([view('a', time(26, 9), { text: tricky }), view('b', time(26, 8))]);
		const body = text.slice(text.indexOf('### 09:00') + '### 09:00'.length).trim();
		const words = body.slice(0, body.indexOf('### 08:00')).trim();
		for (const line of words.split('\n')) {
			expect(line, 'no line of the words begins a block').not.toMatch(
				/^ {0,3}([#>+*_=`~|[<-]|\d+[.)])/
			);
			expect(line, 'no raw HTML').not.toMatch(/(^|[^\\])</);
		}
		expect(shown(words)).toBe(tricky);
		// The next entry still has its own heading and words.
		expect(text).toMatch(/\n### 08:00\n\nb words\n$/);
	});

	it('keeps tags from opening raw HTML', () => {
		const text = markdown([view('a', time(26, 9), { tags: ['<img src=x>'] })]);
		expect(text).toContain('Tags: \\<img src=x>');
	});
});
