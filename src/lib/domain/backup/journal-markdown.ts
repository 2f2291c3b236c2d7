/**
 * The journal as a readable Markdown file, made only when the person asks for it:
 *
 *   <!-- hearth-readable-copy -->
 *   # My journal
 *   > Anyone who has this file can read everything in it.
 *   ## Thursday 26 November 2026          one heading per day, newest day first
 *   ### 16:21                             one per entry, newest first
 *   Mood: Good · Tags: calm, tired        mood always in words
 *   Writing prompt: …
 *   <the entry's words>
 *   #### Earlier version · 26 Nov 2026, 15:02
 *   …
 *
 * (blank lines between blocks left out above). The first line, an HTML comment no viewer
 * shows, lets Hearth say "this is a readable copy" if someone tries to import it.
 *
 * The person's words are written as they typed them, so the file reads naturally in any text
 * editor, with the least escaping that stops them changing the file's structure in a Markdown
 * viewer (see `escapeText`). Inline marks such as *stars* stay as typed and may show as
 * emphasis: they only ever affect the words they surround.
 */

import type { JournalEntryView, MoodLevel, Revision } from '../journal/entry';
import { groupByDay } from '../journal/group-by-day';
import { hlcWallTime } from '../journal/hlc';
import { READABLE_COPY_MARKER } from './readable-export';

export interface MarkdownWords {
	/** The file's heading, e.g. "My journal". */
	title: string;
	/** e.g. "Anyone who has this file can read everything in it." */
	warning: string;
	/** Shown when there are no entries. */
	empty: string;
	/** The label before the mood, e.g. "Mood". */
	mood: string;
	/** Each mood level in words, e.g. 4 → "Good". */
	moods: Readonly<Record<MoodLevel, string>>;
	/** The label before the tags, e.g. "Tags". */
	tags: string;
	/** The label before a writing prompt, e.g. "Writing prompt". */
	prompt: string;
	/** The heading over a concurrent version, e.g. "Earlier version". */
	earlierVersion: string;
	/** A writing prompt's words by id; undefined leaves out one this version does not know. */
	promptText: (id: string) => string | undefined;
}

/**
 * Live entries only: those waiting out their undo window after a deletion are left out.
 * `timeZone` (an IANA name) defaults to the device's, as the journal pages use.
 */
export function journalToMarkdown(
	entries: readonly JournalEntryView[],
	words: MarkdownWords,
	locale: string,
	timeZone?: string
): string {
	const dates = {
		day: new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone }),
		time: new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }),
		moment: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone })
	};
	const blocks = [
		READABLE_COPY_MARKER,
		`# ${escapeInline(words.title)}`,
		`> ${escapeInline(words.warning)}`
	];
	const days = groupByDay(entries, timeZone);
	if (days.length === 0) blocks.push(escapeInline(words.empty));
	for (const { entries: dayEntries } of days) {
		const [first] = dayEntries;
		if (first === undefined) continue;
		blocks.push(`## ${dates.day.format(first.createdAt)}`);
		for (const view of dayEntries) {
			blocks.push(`### ${dates.time.format(view.createdAt)}`, ...versionBlocks(view, words));
			for (const other of view.otherVersions) {
				const when = dates.moment.format(hlcWallTime(other.at));
				blocks.push(
					`#### ${escapeInline(words.earlierVersion)} · ${when}`,
					...versionBlocks(other, words)
				);
			}
		}
	}
	return blocks.join('\n\n') + '\n';
}

function versionBlocks(
	version: Pick<Revision, 'mood' | 'tags' | 'prompt' | 'text'>,
	words: MarkdownWords
): string[] {
	const blocks: string[] = [];
	const about: string[] = [];
	if (version.mood !== null) about.push(`${words.mood}: ${words.moods[version.mood]}`);
	if (version.tags.length > 0) about.push(`${words.tags}: ${version.tags.join(', ')}`);
	if (about.length > 0) blocks.push(escapeInline(about.join(' · ')));
	const prompt = version.prompt === null ? undefined : words.promptText(version.prompt);
	if (prompt !== undefined) blocks.push(escapeInline(`${words.prompt}: ${prompt}`));
	const text = escapeText(version.text);
	if (text !== '') blocks.push(text);
	return blocks;
}

/*
 * What could break the structure, and what is done about it:
 * - a line beginning with a block marker (`#` heading, `>` quote, `-` `+` `*` list or rule,
 *   `=` or `-` turning the line above into a heading, ``` or ~~~ opening a code block that
 *   would swallow every later entry, `|` a table, `[` a hidden link definition, `1.` a numbered
 *   list) gets a backslash before the marker. Markdown shows `\#` as `#`, so a viewer shows the
 *   line as typed, and a text editor shows one extra character.
 * - `<` anywhere gets a backslash: raw HTML (`<!--` most of all) could hide words from a viewer.
 * - line breaks inside a paragraph end with two spaces, Markdown's hard break, so lines stay
 *   lines; blank lines stay paragraph breaks; empty lines at the start and end are dropped.
 * A line indented four spaces or more after a blank line shows as a code block: that keeps to
 * those lines, though there the added backslashes show too.
 */
const BLOCK_MARKER = /^( {0,3})([#>+*_=`~|[-]|\d{1,9}(?=[.)]))/;

function escapeText(text: string): string {
	const lines = text
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((line) => (line.trim() === '' ? '' : escapeLine(line.trimEnd())));
	while (lines[0] === '') lines.shift();
	while (lines.at(-1) === '') lines.pop();
	return lines
		.map((line, index) => (line !== '' && (lines[index + 1] ?? '') !== '' ? `${line}  ` : line))
		.join('\n');
}

function escapeLine(line: string): string {
	return escapeInline(line).replace(BLOCK_MARKER, (_, indent: string, marker: string) =>
		/^\d/.test(marker) ? `${indent}${marker}\\` : `${indent}\\${marker}`
	);
}

function escapeInline(text: string): string {
	return text.replace(/</g, '\\<').replace(/[\r\n]+/g, ' ');
}
