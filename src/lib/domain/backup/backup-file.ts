/**
 * The encrypted backup file: everything the person wrote, still sealed, plus the journal's keys
 * wrapped by the ways in that leave the device (the passphrase, the journal recovery code). It
 * opens on this device or a new one; nothing in it is readable without one of those secrets.
 *
 * The file is JSON, written so a cut-off copy is recognised from its first bytes and a copy cut
 * at a row boundary is still caught by its row count:
 *
 *   {"format":"hearth-backup","v":1,"createdAt":<ms>,"count":<rows>,"vault":{…},"extra":{…},"journal":[
 *   {"id":"<entry id>","record":{"v":1,"kid":"…","iv":"…","ct":"…"}},
 *   …
 *   ]}
 *
 * Rows are the stored records as they are: a backup never decrypts to re-encrypt, so making one
 * is quick and never holds plaintext. `extra` (settings and the like) is sealed with the same keys
 * under the id `@extra`, which no journal row may use, so one cannot be swapped for the other.
 *
 * Reading trusts nothing: `parseBackup` throws `BackupFileError` with a code the UI turns into
 * calm words, before anything is written, so a bad file never damages what is stored.
 */

import { JournalCryptoError } from '../journal-crypto/crypto-error';
import {
	isSealedRecord,
	looksSealed,
	openRecord,
	sealRecord,
	type SealedRecord
} from '../journal-crypto/record-envelope';
import {
	openPortable,
	parsePortableVault,
	portableVault,
	type OpenVault,
	type PortableVault
} from '../journal-crypto/vault';
import type { JournalEntry } from '../journal/entry';
import {
	InvalidEntryError,
	MAX_ENTRY_ID_LENGTH,
	migrateEntry,
	parseEntry
} from '../journal/parse-entry';
import { READABLE_COPY_FORMAT, READABLE_COPY_MARKER } from './readable-export';

export const BACKUP_FORMAT = 'hearth-backup';
export const BACKUP_VERSION = 1;
/** The id `extra` is sealed under; never a journal row's. */
export const EXTRA_ID = '@extra';

export interface BackupRow {
	id: string;
	record: SealedRecord;
}

export interface BackupFile {
	format: typeof BACKUP_FORMAT;
	v: typeof BACKUP_VERSION;
	/** Milliseconds. */
	createdAt: number;
	/** Opens with the passphrase (if the lock was on) or the journal recovery code. */
	vault: PortableVault;
	/** The stored rows as they are, still sealed. */
	journal: BackupRow[];
	/** Other things the person wrote (settings etc.), sealed under `EXTRA_ID`. */
	extra: SealedRecord | null;
}

export type BackupFileProblem =
	'empty' | 'foreign' | 'readable-copy' | 'truncated' | 'newer-version' | 'damaged';

const MESSAGES: Record<BackupFileProblem, string> = {
	empty: 'This file is empty, so there is nothing in it to bring back. Nothing has been changed.',
	foreign:
		'This isn’t a Hearth backup. Please choose the file Hearth saved when you made your backup. Nothing has been changed.',
	'readable-copy':
		'This is a readable copy, not a backup: it can’t be imported. Please choose the backup file Hearth saved. Nothing has been changed.',
	truncated:
		'This backup is incomplete: it may have been cut short while it was saved or copied. Nothing has been changed. If you have another copy, try that one.',
	'newer-version':
		'A newer version of Hearth made this backup. Update Hearth, then try again. Nothing has been changed.',
	damaged:
		'This backup is damaged and can’t be read. Nothing has been changed. If you have another copy, try that one.'
};

/** A backup file that cannot be read. The message never quotes the file. */
export class BackupFileError extends Error {
	override name = 'BackupFileError';

	constructor(
		readonly code: BackupFileProblem,
		/** For developers: which part was wrong, never its content. */
		readonly detail = ''
	) {
		super(MESSAGES[code]);
	}
}

export type BackupRefusal =
	/** The vault has neither a passphrase nor a recovery code: the file could never be opened. */
	| 'no-way-in'
	/** A row is not a sealed record (a journal must never leave the device readable), or rows
	 *  repeat an id or use the reserved one. */
	| 'bad-row';

/** `buildBackup` will not write a file that could not be opened, or that would be refused. */
export class BackupRefusedError extends Error {
	override name = 'BackupRefusedError';

	constructor(
		readonly code: BackupRefusal,
		message: string
	) {
		super(message);
	}
}

export async function buildBackup({
	vault,
	rows,
	extra,
	now
}: {
	vault: OpenVault;
	rows: readonly BackupRow[];
	extra: unknown;
	now: number;
}): Promise<BackupFile> {
	// A PIN never travels in a file: anyone holding the file could try every PIN offline, so a
	// PIN-locked journal's backup opens with its recovery code alone.
	const passphrase = vault.record.passphrase?.kind === 'pin' ? null : vault.record.passphrase;
	if (passphrase === null && vault.record.recovery === null) {
		throw new BackupRefusedError(
			'no-way-in',
			'Make a journal recovery code first: without it, or a passphrase, a backup could never be opened again.'
		);
	}
	// Checked although typed: storage can still hold rows from before encryption at rest.
	const read = readRows(rows);
	if (!read.ok) throw new BackupRefusedError('bad-row', `A journal row ${read.detail}.`);
	return {
		format: BACKUP_FORMAT,
		v: BACKUP_VERSION,
		createdAt: now,
		vault: portableVault({ ...vault.record, passphrase }),
		journal: read.rows,
		// JSON has no `undefined`: sealing it would make a box that never parses back.
		extra: extra === undefined || extra === null ? null : await sealRecord(vault, EXTRA_ID, extra)
	};
}

/** JSON text with the format first and one line per journal row; ends with a newline. */
export function serializeBackup(file: BackupFile): string {
	const head = JSON.stringify({
		format: BACKUP_FORMAT,
		v: BACKUP_VERSION,
		createdAt: file.createdAt,
		count: file.journal.length,
		// Field by field: a whole VaultRecord is a PortableVault to the type checker, and this
		// device's own wrap has no place in a file.
		vault: portableVault({ ...file.vault, device: null, agreement: null }),
		extra: file.extra
	});
	const rows = file.journal.map(({ id, record }) =>
		JSON.stringify({ id, record: { v: record.v, kid: record.kid, iv: record.iv, ct: record.ct } })
	);
	const journal = rows.length === 0 ? '[]' : `[\n${rows.join(',\n')}\n]`;
	return `${head.slice(0, -1)},"journal":${journal}}\n`;
}

/** Throws `BackupFileError` for anything but a whole, well-formed backup this version can read. */
export function parseBackup(text: string): BackupFile {
	// trim() also drops a byte-order mark, which some editors add and JSON.parse refuses.
	const trimmed = text.trim();
	if (trimmed === '') throw new BackupFileError('empty');
	let value: unknown;
	try {
		value = JSON.parse(trimmed);
	} catch {
		throw new BackupFileError(recogniseUnparsable(trimmed), 'not JSON');
	}
	if (!isObject(value)) throw new BackupFileError('foreign', 'not an object');
	if (value.format === READABLE_COPY_FORMAT) throw new BackupFileError('readable-copy');
	if (value.format !== BACKUP_FORMAT) throw new BackupFileError('foreign', 'format');
	if (typeof value.v === 'number' && value.v > BACKUP_VERSION) {
		throw new BackupFileError('newer-version', 'file version');
	}
	if (value.v !== BACKUP_VERSION) throw damaged('version');
	const { createdAt, count, journal, extra } = value;
	if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) throw damaged('createdAt');
	if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
		throw damaged('count');
	}
	if (!Array.isArray(journal)) throw damaged('journal');
	// A copy cut after a whole row and closed again (by a tool "repairing" it) still parses:
	// the count it was written with tells.
	if (journal.length < count) throw new BackupFileError('truncated', 'fewer rows than count');
	if (journal.length > count) throw damaged('more rows than count');
	const read = readRows(journal);
	if (!read.ok) throw new BackupFileError(read.problem, `row ${read.detail}`);
	return {
		format: BACKUP_FORMAT,
		v: BACKUP_VERSION,
		createdAt,
		vault: parseVault(value.vault),
		journal: read.rows,
		extra: readExtra(extra)
	};
}

export type BackupRowProblemReason =
	/** The row does not open with the backup's keys: changed, or moved from elsewhere. */
	| 'tampered'
	/** The row was sealed with a key the backup does not carry. */
	| 'unknown-key'
	/** A newer version of Hearth wrote the record inside. */
	| 'newer-version'
	/** It opens, but what is inside is not a journal entry for this row. */
	| 'damaged';

export interface BackupRowProblem {
	/** The row's id, or `EXTRA_ID` for the extra data. */
	id: string;
	reason: BackupRowProblemReason;
}

export interface OpenedBackup {
	entries: JournalEntry[];
	/** Rows that could not be read; the others import without them. */
	problems: BackupRowProblem[];
	extra: unknown;
	/** Opened from the file: its keys can join this device's vault (`withKeys`). */
	vault: OpenVault;
}

/**
 * Opens the vault, then every row on its own: one damaged or tampered row becomes a problem and
 * the rest still import. Throws `JournalCryptoError('wrong-secret')` for a passphrase or code
 * that is not this backup's, and `RecoveryCodeError` for a mistyped code.
 */
export async function openBackup(
	file: BackupFile,
	how: { passphrase: string } | { recoveryCode: string }
): Promise<OpenedBackup> {
	const vault = await openPortable(file.vault, how);
	const entries: JournalEntry[] = [];
	const problems: BackupRowProblem[] = [];
	for (const { id, record } of file.journal) {
		try {
			const entry = parseEntry(migrateEntry(await openRecord(vault, id, record)));
			if (entry.id !== id) problems.push({ id, reason: 'damaged' });
			else entries.push(entry);
		} catch (e: unknown) {
			problems.push({ id, reason: rowProblemReason(e) });
		}
	}
	let extra: unknown = null;
	if (file.extra !== null) {
		try {
			extra = await openRecord(vault, EXTRA_ID, file.extra);
		} catch (e: unknown) {
			problems.push({ id: EXTRA_ID, reason: rowProblemReason(e) });
		}
	}
	return { entries, problems, extra, vault };
}

/** Anything else is a bug, not a bad row, and is not swallowed. */
function rowProblemReason(e: unknown): BackupRowProblemReason {
	if (e instanceof JournalCryptoError) {
		if (e.code === 'tampered') return 'tampered';
		if (e.code === 'unknown-key') return 'unknown-key';
		if (e.code === 'unsupported-version') return 'newer-version';
		return 'damaged';
	}
	if (e instanceof InvalidEntryError) {
		return e.code === 'entry-version-unsupported' ? 'newer-version' : 'damaged';
	}
	throw e;
}

// How far into a file that does not parse to look for our format name. A backup and a readable
// copy both put it in the first few bytes; a foreign JSON file might mention it further down.
const HEAD_LENGTH = 200;
const BACKUP_HEAD = `{"format":"${BACKUP_FORMAT}"`;
const BACKUP_FORMAT_FIELD = new RegExp(`"format"\\s*:\\s*"${BACKUP_FORMAT}"`);
const READABLE_FORMAT_FIELD = new RegExp(`"format"\\s*:\\s*"${READABLE_COPY_FORMAT}"`);

function recogniseUnparsable(text: string): BackupFileProblem {
	const head = text.slice(0, HEAD_LENGTH);
	if (head.startsWith(READABLE_COPY_MARKER) || READABLE_FORMAT_FIELD.test(head)) {
		return 'readable-copy';
	}
	// Cut so early that not even the format name survived, but what is there is how ours begin.
	if (BACKUP_FORMAT_FIELD.test(head) || BACKUP_HEAD.startsWith(text)) return 'truncated';
	return 'foreign';
}

function parseVault(value: unknown): PortableVault {
	try {
		return parsePortableVault(value);
	} catch (e: unknown) {
		if (e instanceof JournalCryptoError) {
			if (e.code === 'unsupported-version') {
				throw new BackupFileError('newer-version', 'vault version');
			}
			throw damaged('vault');
		}
		throw e;
	}
}

type ReadRows =
	| { ok: true; rows: BackupRow[] }
	| { ok: false; problem: 'damaged' | 'newer-version'; detail: string };

/** The rows, copied field by field, or why they would not make a readable backup. The detail
 *  never names an id: ids are the person's entries, and it may reach a log. */
function readRows(rows: readonly unknown[]): ReadRows {
	const seen = new Set<string>();
	const read: BackupRow[] = [];
	const refuse = (
		index: number,
		why: string,
		problem: 'damaged' | 'newer-version' = 'damaged'
	): ReadRows => ({ ok: false, problem, detail: `${index} ${why}` });
	for (const [index, row] of rows.entries()) {
		if (!isObject(row)) return refuse(index, 'is not an object');
		const { id, record } = row;
		if (typeof id !== 'string' || id === '' || id.length > MAX_ENTRY_ID_LENGTH) {
			return refuse(index, 'has no usable id');
		}
		if (id === EXTRA_ID) return refuse(index, 'uses the reserved id');
		if (seen.has(id)) return refuse(index, 'repeats an id');
		seen.add(id);
		if (!isSealedRecord(record)) {
			return looksSealed(record)
				? refuse(index, 'is sealed in a newer way', 'newer-version')
				: refuse(index, 'is not a sealed record');
		}
		read.push({ id, record: { v: record.v, kid: record.kid, iv: record.iv, ct: record.ct } });
	}
	return { ok: true, rows: read };
}

function readExtra(value: unknown): SealedRecord | null {
	if (value === null) return null;
	if (isSealedRecord(value)) return value;
	throw looksSealed(value)
		? new BackupFileError('newer-version', 'extra sealed in a newer way')
		: damaged('extra');
}

function damaged(detail: string): BackupFileError {
	return new BackupFileError('damaged', detail);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
