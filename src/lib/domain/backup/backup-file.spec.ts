import { beforeAll, describe, expect, it } from 'vitest';
import { RecoveryCodeError } from '../identity/recovery-code';
import { JournalCryptoError } from '../journal-crypto/crypto-error';
import { MIN_ITERATIONS, newKdfParams } from '../journal-crypto/passphrase-kdf';
import { sealRecord, type SealedRecord } from '../journal-crypto/record-envelope';
import {
	createVault,
	withNewRecoveryCode,
	withPassphrase,
	withRotatedKey,
	type OpenVault
} from '../journal-crypto/vault';
import type { JournalEntry } from '../journal/entry';
import { formatHlc } from '../journal/hlc';
import { createEntry } from '../journal/revisions';
import {
	BACKUP_FORMAT,
	BackupFileError,
	BackupRefusedError,
	buildBackup,
	EXTRA_ID,
	openBackup,
	parseBackup,
	serializeBackup,
	type BackupFile,
	type BackupFileProblem,
	type BackupRow
} from './backup-file';
import { journalToMarkdown } from './journal-markdown';
import { readableExport } from './readable-export';

const NOW = Date.UTC(2026, 10, 26, 16, 0);
const PASSPHRASE = 'correct horse';
const SECRET_WORDS = 'words only I know';

function entry(id: string, text: string, wall = NOW): JournalEntry {
	return createEntry({
		id,
		now: wall,
		at: formatHlc({ wall, counter: 0, node: 'devA' }),
		device: 'devA',
		draft: { text, mood: 4, tags: ['calm'], prompt: null }
	});
}

async function rowsFor(vault: OpenVault, entries: readonly JournalEntry[]): Promise<BackupRow[]> {
	return Promise.all(
		entries.map(async (e) => ({ id: e.id, record: await sealRecord(vault, e.id, e) }))
	);
}

/** Parses JSON, changes it, writes it back: a file as a careless tool or a person might. */
function edited(text: string, change: (file: Record<string, unknown>) => void): string {
	const file = JSON.parse(text) as Record<string, unknown>;
	change(file);
	return JSON.stringify(file);
}

function problemOf(text: string): BackupFileProblem | 'accepted' {
	try {
		parseBackup(text);
		return 'accepted';
	} catch (e: unknown) {
		if (e instanceof BackupFileError) return e.code;
		throw e;
	}
}

const entries = [
	entry('e1', `${SECRET_WORDS}, first`, NOW - 2 * 86_400_000),
	entry('e2', 'second', NOW - 86_400_000),
	entry('e3', 'third')
];
const settings = { theme: 'dark', reminders: false };

// Locked with a passphrase, and with a journal recovery code: the usual case for a backup.
let locked: OpenVault;
let code: string;
let file: BackupFile;
let text: string;

beforeAll(async () => {
	const vault = await withPassphrase(
		await createVault(),
		'passphrase',
		PASSPHRASE,
		newKdfParams(MIN_ITERATIONS)
	);
	({ vault: locked, code } = await withNewRecoveryCode(vault, NOW));
	file = await buildBackup({
		vault: locked,
		rows: await rowsFor(locked, entries),
		extra: settings,
		now: NOW
	});
	text = serializeBackup(file);
});

describe('a backup made, saved and opened again', () => {
	it('gives back every entry and the extra data with the passphrase', async () => {
		const opened = await openBackup(parseBackup(text), { passphrase: PASSPHRASE });
		expect(opened.entries).toEqual(entries);
		expect(opened.extra).toEqual(settings);
		expect(opened.problems).toEqual([]);
		expect(opened.vault.current).toBe(locked.current);
	});

	it('gives back the same with the journal recovery code', async () => {
		const opened = await openBackup(parseBackup(text), { recoveryCode: code });
		expect(opened.entries).toEqual(entries);
		expect(opened.extra).toEqual(settings);
		expect(opened.problems).toEqual([]);
	});

	it('opens with the recovery code when the journal had no lock', async () => {
		const { vault, code: unlockedCode } = await withNewRecoveryCode(await createVault(), NOW);
		const built = await buildBackup({
			vault,
			rows: await rowsFor(vault, entries),
			extra: null,
			now: NOW
		});
		const opened = await openBackup(parseBackup(serializeBackup(built)), {
			recoveryCode: unlockedCode
		});
		expect(opened.entries).toEqual(entries);
		expect(opened.extra).toBeNull();
	});

	it('reads rows sealed with an older key after the key was rotated', async () => {
		const older = await rowsFor(locked, entries.slice(0, 1));
		const rotated = await withRotatedKey(locked);
		const newer = await rowsFor(rotated, entries.slice(1));
		const built = await buildBackup({
			vault: rotated,
			rows: [...older, ...newer],
			extra: settings,
			now: NOW
		});
		const opened = await openBackup(parseBackup(serializeBackup(built)), { recoveryCode: code });
		expect(opened.entries).toEqual(entries);
		expect(opened.problems).toEqual([]);
	});

	it('keeps an empty journal', async () => {
		const built = await buildBackup({ vault: locked, rows: [], extra: undefined, now: NOW });
		const parsed = parseBackup(serializeBackup(built));
		expect(parsed.journal).toEqual([]);
		expect(parsed.extra).toBeNull();
		expect((await openBackup(parsed, { passphrase: PASSPHRASE })).entries).toEqual([]);
	});

	it('writes nothing readable, the format first, and one line per row', () => {
		expect(text).not.toContain(SECRET_WORDS);
		expect(text).not.toContain('dark');
		expect(text.startsWith(`{"format":"${BACKUP_FORMAT}","v":1,`)).toBe(true);
		expect(text.trimEnd().split('\n')).toHaveLength(entries.length + 2);
	});

	it('never writes this device’s own way in', async () => {
		const withDevice = await createVault();
		const record = { ...withDevice.record, ...file.vault };
		expect(record.device).not.toBeNull();
		expect(serializeBackup({ ...file, vault: record })).not.toContain('"device"');
	});

	it('survives a byte-order mark and line endings changed by an editor', async () => {
		const opened = await openBackup(parseBackup('\uFEFF' + text.replace(/\n/g, '\r\n')), {
			passphrase: PASSPHRASE
		});
		expect(opened.entries).toEqual(entries);
	});
});

describe('opening with the wrong secret', () => {
	it('refuses a wrong passphrase as wrong-secret', async () => {
		const attempt = openBackup(parseBackup(text), { passphrase: 'correct horse!' });
		await expect(attempt).rejects.toBeInstanceOf(JournalCryptoError);
		await expect(attempt).rejects.toMatchObject({ code: 'wrong-secret' });
	});

	it('refuses another journal’s recovery code as wrong-secret', async () => {
		const { code: otherCode } = await withNewRecoveryCode(locked, NOW);
		await expect(openBackup(parseBackup(text), { recoveryCode: otherCode })).rejects.toMatchObject({
			code: 'wrong-secret'
		});
	});

	it('refuses a mistyped recovery code as such', async () => {
		const mistyped = (code[0] === 'A' ? 'B' : 'A') + code.slice(1);
		await expect(openBackup(parseBackup(text), { recoveryCode: mistyped })).rejects.toBeInstanceOf(
			RecoveryCodeError
		);
	});
});

describe('rows that do not open', () => {
	function withRows(change: (rows: BackupRow[]) => BackupRow[]): BackupFile {
		return { ...file, journal: change(file.journal.map((row) => ({ ...row }))) };
	}

	function flipped(record: SealedRecord): SealedRecord {
		const at = Math.floor(record.ct.length / 2);
		const char = record.ct[at] === 'A' ? 'B' : 'A';
		return { ...record, ct: record.ct.slice(0, at) + char + record.ct.slice(at + 1) };
	}

	it('reports a tampered row and imports the others', async () => {
		const tampered = withRows((rows) =>
			rows.map((row) => (row.id === 'e2' ? { ...row, record: flipped(row.record) } : row))
		);
		const opened = await openBackup(tampered, { passphrase: PASSPHRASE });
		expect(opened.problems).toEqual([{ id: 'e2', reason: 'tampered' }]);
		expect(opened.entries.map((e) => e.id)).toEqual(['e1', 'e3']);
	});

	it('reports rows whose records were swapped between ids', async () => {
		const swapped = withRows(([a, b, ...rest]) =>
			a && b ? [{ ...a, record: b.record }, { ...b, record: a.record }, ...rest] : []
		);
		const opened = await openBackup(swapped, { passphrase: PASSPHRASE });
		expect(opened.problems).toEqual([
			{ id: 'e1', reason: 'tampered' },
			{ id: 'e2', reason: 'tampered' }
		]);
		expect(opened.entries.map((e) => e.id)).toEqual(['e3']);
	});

	it('reports a row holding another entry, or no entry at all, as damaged', async () => {
		const other = await sealRecord(locked, 'x1', entry('not-x1', 'hello'));
		const notEntry = await sealRecord(locked, 'x2', { hello: 'there' });
		const odd = withRows((rows) => [
			...rows,
			{ id: 'x1', record: other },
			{ id: 'x2', record: notEntry }
		]);
		const opened = await openBackup(odd, { passphrase: PASSPHRASE });
		expect(opened.problems).toEqual([
			{ id: 'x1', reason: 'damaged' },
			{ id: 'x2', reason: 'damaged' }
		]);
		expect(opened.entries).toEqual(entries);
	});

	it('reports a row from a newer version of Hearth', async () => {
		const newer = await sealRecord(locked, 'x1', { ...entry('x1', 'later'), v: 2 });
		const opened = await openBackup(
			withRows((rows) => [...rows, { id: 'x1', record: newer }]),
			{ passphrase: PASSPHRASE }
		);
		expect(opened.problems).toEqual([{ id: 'x1', reason: 'newer-version' }]);
	});

	it('reports a row sealed with a key the backup does not carry', async () => {
		const stranger = await createVault();
		const foreignRow = await sealRecord(stranger, 'x1', entry('x1', 'not ours'));
		const opened = await openBackup(
			withRows((rows) => [...rows, { id: 'x1', record: foreignRow }]),
			{ passphrase: PASSPHRASE }
		);
		expect(opened.problems).toEqual([{ id: 'x1', reason: 'unknown-key' }]);
		expect(opened.entries).toEqual(entries);
	});

	it('reports tampered extra data and still imports the journal', async () => {
		if (file.extra === null) throw new Error('the fixture has extra data');
		const opened = await openBackup(
			{ ...file, extra: flipped(file.extra) },
			{ passphrase: PASSPHRASE }
		);
		expect(opened.problems).toEqual([{ id: EXTRA_ID, reason: 'tampered' }]);
		expect(opened.extra).toBeNull();
		expect(opened.entries).toEqual(entries);
	});

	it('does not open a journal row in place of the extra data', async () => {
		const [first] = file.journal;
		if (first === undefined) throw new Error('the fixture has rows');
		const opened = await openBackup({ ...file, extra: first.record }, { passphrase: PASSPHRASE });
		expect(opened.problems).toEqual([{ id: EXTRA_ID, reason: 'tampered' }]);
	});
});

describe('making a backup', () => {
	it('refuses a vault with neither passphrase nor recovery code', async () => {
		const vault = await createVault();
		const attempt = buildBackup({ vault, rows: [], extra: null, now: NOW });
		await expect(attempt).rejects.toBeInstanceOf(BackupRefusedError);
		await expect(attempt).rejects.toMatchObject({ code: 'no-way-in' });
	});

	it('never carries a PIN: the file opens with the recovery code alone', async () => {
		const pinOnly = await withPassphrase(
			await createVault(),
			'pin',
			'482913',
			newKdfParams(MIN_ITERATIONS)
		);
		await expect(
			buildBackup({ vault: pinOnly, rows: [], extra: null, now: NOW })
		).rejects.toMatchObject({ code: 'no-way-in' });
		const { vault, code } = await withNewRecoveryCode(pinOnly, NOW);
		const text = serializeBackup(await buildBackup({ vault, rows: [], extra: null, now: NOW }));
		const file = parseBackup(text);
		expect(file.vault.passphrase).toBeNull();
		await expect(openBackup(file, { passphrase: '482913' })).rejects.toMatchObject({
			code: 'wrong-secret'
		});
		expect((await openBackup(file, { recoveryCode: code })).entries).toEqual([]);
	});

	it('refuses rows it would refuse to read back', async () => {
		const [one] = await rowsFor(locked, entries.slice(0, 1));
		if (one === undefined) throw new Error('a row was sealed');
		// A row stored before encryption at rest: it must never leave the device as it is.
		const plain = { id: 'p1', record: entry('p1', SECRET_WORDS) } as unknown as BackupRow;
		for (const rows of [[plain], [one, one], [{ ...one, id: EXTRA_ID }]]) {
			await expect(
				buildBackup({ vault: locked, rows, extra: null, now: NOW })
			).rejects.toMatchObject({ code: 'bad-row' });
		}
	});
});

describe('reading a file that is not a whole backup', () => {
	const cases: [string, () => string, BackupFileProblem][] = [
		['an empty file', () => '', 'empty'],
		['only whitespace', () => ' \n\t\r\n', 'empty'],
		['a photo', () => '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0', 'foreign'],
		['a spreadsheet', () => 'date,mood\n2026-11-26,4\n', 'foreign'],
		['another app’s JSON', () => '{"version":1,"notes":[{"text":"hi"}]}', 'foreign'],
		['a JSON list', () => '[1,2,3]', 'foreign'],
		['a JSON string', () => '"hearth-backup"', 'foreign'],
		[
			'broken JSON naming our format far from its start',
			() => `{"notes":"${'x'.repeat(300)}","format":"hearth-backup"`,
			'foreign'
		],
		[
			'a readable copy',
			() => readableExport({ exportedAt: NOW, journal: entries, settings, posts: [] }),
			'readable-copy'
		],
		[
			'a readable copy cut short',
			() =>
				readableExport({ exportedAt: NOW, journal: entries, settings, posts: [] }).slice(0, 120),
			'readable-copy'
		],
		['a readable Markdown copy', () => markdownCopy(), 'readable-copy'],
		['a newer backup', () => edited(text, (f) => (f.v = 2)), 'newer-version'],
		[
			'a backup whose keys a newer version wrote',
			() => edited(text, (f) => (f.vault = { ...(f.vault as object), v: 2 })),
			'newer-version'
		],
		[
			'a row a newer version sealed',
			() => edited(text, (f) => ((rowAt(f, 0).record as Record<string, unknown>).v = 2)),
			'newer-version'
		],
		['a version that is not a number', () => edited(text, (f) => (f.v = '1')), 'damaged'],
		['no creation time', () => edited(text, (f) => delete f.createdAt), 'damaged'],
		['no row count', () => edited(text, (f) => delete f.count), 'damaged'],
		['a fractional row count', () => edited(text, (f) => (f.count = 1.5)), 'damaged'],
		['more rows than counted', () => edited(text, (f) => (f.count = 2)), 'damaged'],
		['fewer rows than counted', () => edited(text, (f) => (f.count = 4)), 'truncated'],
		['no journal', () => edited(text, (f) => delete f.journal), 'damaged'],
		[
			'a row that is a string',
			() => edited(text, (f) => ((f.journal as unknown[])[0] = 'e1')),
			'damaged'
		],
		['a row without an id', () => edited(text, (f) => delete rowAt(f, 0).id), 'damaged'],
		['a row with a number id', () => edited(text, (f) => (rowAt(f, 0).id = 7)), 'damaged'],
		['a row with an empty id', () => edited(text, (f) => (rowAt(f, 0).id = '')), 'damaged'],
		['a row in the clear', () => edited(text, (f) => (rowAt(f, 0).record = entries[0])), 'damaged'],
		['two rows with one id', () => edited(text, (f) => (rowAt(f, 1).id = 'e1')), 'damaged'],
		[
			'a row under the extra data’s id',
			() => edited(text, (f) => (rowAt(f, 1).id = EXTRA_ID)),
			'damaged'
		],
		['extra data in the clear', () => edited(text, (f) => (f.extra = settings)), 'damaged'],
		['no extra data field', () => edited(text, (f) => delete f.extra), 'damaged'],
		['no vault', () => edited(text, (f) => delete f.vault), 'damaged'],
		[
			'a vault without its keys',
			() => edited(text, (f) => delete (f.vault as Record<string, unknown>).keys),
			'damaged'
		],
		[
			'a vault with no way in',
			() =>
				edited(
					text,
					(f) => (f.vault = { ...(f.vault as object), passphrase: null, recovery: null })
				),
			'damaged'
		]
	];

	it.each(cases)('calls %s by its name', (_, make, problem) => {
		expect(problemOf(make())).toBe(problem);
	});

	it('tells each problem in words that quote nothing from the file', () => {
		const quoted = `{"format":"hearth-backup","v":1,"note":"${SECRET_WORDS}"`;
		for (const attempt of [quoted, `${SECRET_WORDS}`, `{"format":"${SECRET_WORDS}"}`]) {
			try {
				parseBackup(attempt);
				expect.unreachable('the file was accepted');
			} catch (e: unknown) {
				if (!(e instanceof BackupFileError)) throw e;
				expect(e.message).not.toContain(SECRET_WORDS);
				expect(e.detail).not.toContain(SECRET_WORDS);
				expect(e.message).toMatch(/Nothing has been changed/);
			}
		}
	});

	it('never accepts a backup cut short, wherever it was cut', () => {
		const whole = text.trimEnd();
		for (let length = 0; length < whole.length; length++) {
			const problem = problemOf(whole.slice(0, length));
			expect(problem, `cut after ${length} characters`).toBe(length === 0 ? 'empty' : 'truncated');
		}
	});

	it('catches a backup cut after a whole row and closed again', () => {
		const lines = text.trimEnd().split('\n');
		// The head, every row but the last (the new last one without its comma), and the close.
		const closedEarly = [...lines.slice(0, -3), lines.at(-3)?.replace(/,$/, ''), ']}'].join('\n');
		expect(problemOf(closedEarly)).toBe('truncated');
	});
});

function rowAt(file: Record<string, unknown>, index: number): Record<string, unknown> {
	const rows = file.journal as Record<string, unknown>[];
	const row = rows[index];
	if (row === undefined) throw new Error(`no row ${index}`);
	return row;
}

function markdownCopy(): string {
	return journalToMarkdown(
		[],
		{
			title: 'My journal',
			warning: 'Anyone who has this file can read everything in it.',
			empty: 'No entries yet.',
			mood: 'Mood',
			moods: { 1: 'Very low', 2: 'Low', 3: 'Okay', 4: 'Good', 5: 'Very good' },
			tags: 'Tags',
			prompt: 'Writing prompt',
			earlierVersion: 'Earlier version',
			promptText: () => undefined
		},
		'en-GB',
		'UTC'
	);
}
