/**
 * The storage layer's named errors. Each carries a stable `code` that the UI maps to words from
 * the message catalogue; `message` is for developers and logs, never shown to a person.
 */

import type { StoredRecordProblem } from './journal.repository';

/** The device refused to store more (IndexedDB quota exceeded). Nothing from the write was kept. */
export class StorageFullError extends Error {
	readonly code = 'storage-full';

	constructor(options?: ErrorOptions) {
		super('The device refused the write: storage quota exceeded', options);
		this.name = 'StorageFullError';
	}
}

export type StorageUnavailableReason =
	/** This browser exposes no IndexedDB at all (some private modes, old or locked-down browsers). */
	| 'no-indexeddb'
	/** IndexedDB exists but refused to open our database (private mode, policy, a damaged profile). */
	| 'open-refused';

/** Hearth cannot keep anything on this device; the UI should say so rather than pretend to save. */
export class StorageUnavailableError extends Error {
	readonly code = 'storage-unavailable';

	constructor(
		readonly reason: StorageUnavailableReason,
		detail: string,
		options?: ErrorOptions
	) {
		super(`Local storage is unavailable (${reason}): ${detail}`, options);
		this.name = 'StorageUnavailableError';
	}
}

/** A record exists under the id asked for, but cannot be read; it has been left as it was. */
export class UnreadableRecordError extends Error {
	readonly code = 'record-unreadable';

	constructor(readonly problem: StoredRecordProblem) {
		super(
			`Stored record ${JSON.stringify(problem.id)} is unreadable (${problem.reason}): ${problem.detail}`
		);
		this.name = 'UnreadableRecordError';
	}
}
