/**
 * Whether a room's sync token lets this device write, and if not, why (see `sync-grant.ts`).
 * Apart from the grant's fetcher, so the pages that show a room's access do not load it.
 */
export type ReadOnlyReason = 'no-pseudonym' | 'guidelines' | 'muted';

export type SyncAccess =
	{ write: true } | { write: false; reason: ReadOnlyReason; until: number | null };

export const WRITABLE: SyncAccess = Object.freeze({ write: true });
