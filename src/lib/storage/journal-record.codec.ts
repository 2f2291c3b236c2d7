/**
 * The one seam between a `JournalEntry` and what a journal row stores as `record`.
 *
 * The app stores sealed records (`sealedJournalRecordCodec`): the entry as JSON, encrypted with
 * the journal key. The plain codec, the entry itself, is what versions before encryption at rest
 * wrote; it remains for tests of storage alone and for reading those rows once, to seal them.
 * The interface is asynchronous because WebCrypto is, and repositories therefore encode before
 * and decode after their IndexedDB transactions (a transaction commits as soon as it waits on
 * anything that is not IndexedDB).
 */

import type { JournalEntry } from '../domain/journal/entry';
import { migrateEntry, parseEntry } from '../domain/journal/parse-entry';
import {
	looksSealed,
	openRecord,
	sealRecord,
	type RecordKeys
} from '../domain/journal-crypto/record-envelope';
import { openBytes, sealBytes, isSealedBox } from '../domain/journal-crypto/aes-gcm';
import { JournalCryptoError } from '../domain/journal-crypto/crypto-error';

/** The order index's own purpose (associated data): it cannot be passed off as an entry's
 *  record, nor an entry's record as it, whatever ids entries have. */
const ORDER_PURPOSE = 'hearth/journal-order/v1';

export interface JournalRecordCodec {
	/** Throws `InvalidEntryError` for an entry that could not be read back: never store one. */
	encode(entry: JournalEntry): Promise<unknown>;
	/** Throws `InvalidEntryError` for a record that is damaged, foreign, or from a newer version;
	 *  `JournalCryptoError` for one that does not open. `id` is the row's key. */
	decode(record: unknown, id: string): Promise<JournalEntry>;
	/** Whether a readable record should be written again in this codec's form. */
	needsRewrite(record: unknown): boolean;
	/** How the order index (`journal-order.ts`) is sealed; absent for a codec that must keep
	 *  none (the plain codec: nothing about entries may sit outside their records in the clear). */
	readonly order?: OrderSeal;
}

export interface OrderSeal {
	seal(value: unknown): Promise<unknown>;
	/** Throws `JournalCryptoError` when the stored index does not open. */
	open(stored: unknown): Promise<unknown>;
}

export const plainJournalRecordCodec: JournalRecordCodec = {
	async encode(entry) {
		// Parsing checks the invariants and also copies, so a caller that keeps mutating its
		// entry cannot change what was stored.
		return parseEntry(entry);
	},
	async decode(record) {
		return parseEntry(migrateEntry(record));
	},
	needsRewrite: () => false
};

export interface SealedCodecOptions {
	/** Rows from before encryption at rest are read (to be sealed) only until they all are. */
	readPlain: boolean;
}

export function sealedJournalRecordCodec(
	keys: RecordKeys,
	{ readPlain }: SealedCodecOptions
): JournalRecordCodec {
	return {
		async encode(entry) {
			const checked = parseEntry(entry);
			return sealRecord(keys, checked.id, checked);
		},
		async decode(record, id) {
			// Once every row is sealed, a plain row can only be something written from outside:
			// it is reported as unreadable rather than trusted.
			if (readPlain && !looksSealed(record)) return parseEntry(migrateEntry(record));
			return parseEntry(migrateEntry(await openRecord(keys, id, record)));
		},
		needsRewrite: (record) => !looksSealed(record),
		order: {
			async seal(value) {
				const key = keys.keys.get(keys.current);
				if (key === undefined) {
					throw new JournalCryptoError('unknown-key', 'The current key is missing.');
				}
				const bytes = new TextEncoder().encode(JSON.stringify(value));
				return { kid: keys.current, ...(await sealBytes(key, bytes, ORDER_PURPOSE)) };
			},
			async open(stored) {
				if (!isSealedBox(stored) || !('kid' in stored) || typeof stored.kid !== 'string') {
					throw new JournalCryptoError('malformed', 'The order index is not sealed.');
				}
				const key = keys.keys.get(stored.kid);
				if (key === undefined) {
					throw new JournalCryptoError(
						'unknown-key',
						'The order index needs a key this device lacks.'
					);
				}
				const bytes = await openBytes(key, stored, ORDER_PURPOSE);
				try {
					return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
				} catch {
					throw new JournalCryptoError('malformed', 'The order index opened but is not JSON.');
				}
			}
		}
	};
}
