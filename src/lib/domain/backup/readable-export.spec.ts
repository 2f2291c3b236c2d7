import { describe, expect, it } from 'vitest';
import type { EntryDraft, JournalEntry } from '../journal/entry';
import { formatHlc } from '../journal/hlc';
import { createEntry, reviseEntry } from '../journal/revisions';
import { BackupFileError, parseBackup } from './backup-file';
import { READABLE_COPY_FORMAT, READABLE_COPY_WARNING, readableExport } from './readable-export';

const NOW = Date.UTC(2026, 10, 26, 16, 0);
const at = (wall: number, node = 'devA') => formatHlc({ wall, counter: 0, node });

function written(id: string, when: number, extra: Partial<EntryDraft> = {}): JournalEntry {
	return createEntry({
		id,
		now: when,
		at: at(when),
		device: 'devA',
		draft: { text: `${id} words`, mood: null, tags: [], prompt: null, ...extra }
	});
}

/** The entry `a`, edited apart on two devices: the tablet's later edit shows, the phone's is kept. */
function forked(): JournalEntry {
	const base = written('a', NOW - 3_600_000, { mood: 2 });
	const draft = (text: string): EntryDraft => ({ text, mood: 4, tags: ['calm'], prompt: null });
	const phone = reviseEntry(base, {
		revisionId: 'rPhone',
		at: at(NOW - 1_800_000, 'phone'),
		device: 'phone',
		draft: draft('from the phone'),
		baseHead: 'a'
	});
	return reviseEntry(phone, {
		revisionId: 'rTablet',
		at: at(NOW - 600_000, 'tablet'),
		device: 'tablet',
		draft: draft('from the tablet'),
		baseHead: 'a'
	});
}

const copy = (journal: readonly JournalEntry[], extra: { warning?: string } = {}) =>
	readableExport({
		exportedAt: NOW,
		journal,
		settings: { theme: 'dark' },
		posts: [{ community: 'c1', text: 'hello all' }],
		...extra
	});

describe('readableExport', () => {
	it('names its format first and warns in plain words', () => {
		const text = copy([]);
		expect(text.startsWith(`{\n  "format": "${READABLE_COPY_FORMAT}",`)).toBe(true);
		expect(JSON.parse(text)).toMatchObject({
			format: READABLE_COPY_FORMAT,
			v: 1,
			warning: 'Anyone who has this file can read everything in it.',
			exportedAt: '2026-11-26T16:00:00.000Z',
			journal: [],
			settings: { theme: 'dark' },
			posts: [{ community: 'c1', text: 'hello all' }]
		});
		expect(READABLE_COPY_WARNING).toBe('Anyone who has this file can read everything in it.');
	});

	it('takes the warning in the person’s language', () => {
		const warning = 'Quiconque a ce fichier peut tout y lire.';
		expect(JSON.parse(copy([], { warning }))).toMatchObject({ warning });
	});

	it('writes each live entry’s words, newest first, with concurrent versions', () => {
		const older = written('old', NOW - 86_400_000, { tags: ['tired'], prompt: 'on-mind' });
		const gone = { ...written('gone', NOW), deletedAt: NOW };
		const { journal } = JSON.parse(copy([older, gone, forked()])) as { journal: unknown[] };
		expect(journal).toEqual([
			{
				id: 'a',
				createdAt: '2026-11-26T15:00:00.000Z',
				writtenAt: '2026-11-26T15:50:00.000Z',
				mood: 4,
				tags: ['calm'],
				prompt: null,
				text: 'from the tablet',
				otherVersions: [
					{
						writtenAt: '2026-11-26T15:30:00.000Z',
						mood: 4,
						tags: ['calm'],
						prompt: null,
						text: 'from the phone'
					}
				]
			},
			{
				id: 'old',
				createdAt: '2026-11-25T16:00:00.000Z',
				writtenAt: '2026-11-25T16:00:00.000Z',
				mood: null,
				tags: ['tired'],
				prompt: 'on-mind',
				text: 'old words',
				otherVersions: []
			}
		]);
	});

	it('is refused as a backup, with a message of its own', () => {
		expect(() => parseBackup(copy([forked()]))).toThrow(BackupFileError);
		expect(() => parseBackup(copy([forked()]))).toThrow(/readable copy, not a backup/);
	});
});
