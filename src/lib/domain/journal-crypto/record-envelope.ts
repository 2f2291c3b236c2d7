/**
 * A journal record as stored and synced: the entry as JSON, sealed with one of the journal keys.
 * The record's id is in the associated data, so a sealed record copied under another id does not
 * open; the key id is outside, so a device knows which key to try.
 *
 *   { "v": 1, "kid": "<key id>", "iv": "<12 bytes>", "ct": "<ciphertext and tag>" }
 *
 * Nothing else is in the clear: mood, tags, dates, prompt and words are all inside `ct`.
 */

import { isSealedBox, openBytes, sealBytes } from './aes-gcm';
import { JournalCryptoError } from './crypto-error';

export const SEALED_RECORD_VERSION = 1;
const RECORD_PURPOSE = 'hearth/journal-record/v1/';

export interface SealedRecord {
	v: typeof SEALED_RECORD_VERSION;
	kid: string;
	iv: string;
	ct: string;
}

export interface RecordKeys {
	readonly current: string;
	readonly keys: ReadonlyMap<string, CryptoKey>;
}

export function isSealedRecord(value: unknown): value is SealedRecord {
	return (
		isSealedBox(value) &&
		'v' in value &&
		'kid' in value &&
		value.v === SEALED_RECORD_VERSION &&
		typeof value.kid === 'string'
	);
}

/** Looks like a sealed record of some version, so a newer one is not mistaken for plain data. */
export function looksSealed(value: unknown): boolean {
	return isSealedBox(value) && 'kid' in value;
}

/** Sealed by a later version: only then may the person be told an update will read it. */
function isNewerRecord(value: unknown): boolean {
	return (
		isSealedBox(value) &&
		'kid' in value &&
		'v' in value &&
		typeof value.v === 'number' &&
		value.v > SEALED_RECORD_VERSION
	);
}

export async function sealRecord(
	keys: RecordKeys,
	id: string,
	value: unknown
): Promise<SealedRecord> {
	const key = keys.keys.get(keys.current);
	if (key === undefined) throw new JournalCryptoError('unknown-key', 'The current key is missing.');
	// JSON.stringify gives undefined (typed as string) for undefined, functions and symbols; sealing
	// that would write a record that can never be opened again.
	const json: string | undefined = JSON.stringify(value);
	if (json === undefined) {
		throw new JournalCryptoError('malformed', 'Only JSON values can be sealed into a record.');
	}
	const bytes = new TextEncoder().encode(json);
	const box = await sealBytes(key, bytes, RECORD_PURPOSE + id);
	return { v: SEALED_RECORD_VERSION, kid: keys.current, ...box };
}

/** The JSON value inside; throws `JournalCryptoError` when it cannot be read. */
export async function openRecord(keys: RecordKeys, id: string, record: unknown): Promise<unknown> {
	if (isNewerRecord(record)) {
		throw new JournalCryptoError(
			'unsupported-version',
			'A newer version of Hearth sealed this record; an update will read it.'
		);
	}
	if (!isSealedRecord(record)) {
		throw new JournalCryptoError('malformed', 'The record is not a sealed journal record.');
	}
	const key = keys.keys.get(record.kid);
	if (key === undefined) {
		throw new JournalCryptoError(
			'unknown-key',
			'The record was sealed with a key this device lacks.'
		);
	}
	const bytes = await openBytes(key, record, RECORD_PURPOSE + id);
	try {
		return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
	} catch {
		throw new JournalCryptoError('malformed', 'The record opened but is not JSON.');
	}
}
