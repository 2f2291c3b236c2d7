// The errors a document store raises, named so the sync layer can tell a caller's mistake (a bad
// room name, a compaction that no longer fits the log) from the store being gone or broken.

/** The store was closed; the caller is shutting down or holds a stale reference. */
export class StoreClosedError extends Error {
	override name = 'StoreClosedError';
	constructor() {
		super('The document store is closed.');
	}
}

/**
 * A room name that is not well-formed Unicode (a lone surrogate). SQLite stores text as UTF-8,
 * which would turn every lone surrogate into U+FFFD and so merge distinct rooms into one; both
 * stores refuse such names so they behave alike.
 */
export class InvalidRoomNameError extends Error {
	override name = 'InvalidRoomNameError';
	constructor() {
		super('A room name must be well-formed Unicode text (it contains a lone surrogate).');
	}
}

/**
 * A compaction the store cannot apply without losing or misplacing content: no pieces given to
 * stand for a non-empty prefix, or more pieces than the prefix now holds (another compaction got
 * there first). Nothing was changed; the caller may load again and retry.
 */
export class CompactionRejectedError extends Error {
	override name = 'CompactionRejectedError';
}

/** The database was written by a newer Hearth whose schema this version does not know. */
export class SchemaTooNewError extends Error {
	override name = 'SchemaTooNewError';
	constructor(found: number, known: number) {
		super(
			`The database schema is version ${found}, but this server knows only up to ${known}. ` +
				'Run the newer Hearth server, or restore a backup made by this version.'
		);
	}
}

/**
 * A room was deleted, but the write-ahead log could not be emptied because another connection
 * was reading it, so deleted content may still sit in the WAL file. Deleting the room again
 * (it is idempotent) retries the checkpoint.
 */
export class WalCheckpointError extends Error {
	override name = 'WalCheckpointError';
	constructor() {
		super(
			'The room was deleted, but the database journal is busy and may still hold its content. ' +
				'Delete the room again once other readers have finished.'
		);
	}
}
