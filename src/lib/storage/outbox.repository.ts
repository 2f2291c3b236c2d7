/**
 * Where this device keeps requests waiting for a connection: reports a person made offline, and
 * a moderator's audit entries for changes made offline. Stored as one list, read whole and written
 * whole (it is a handful of small items), opaque here: `state/report-outbox.ts` checks each item on
 * the way out, because disk may hand back anything.
 *
 * Implementations: `DexieOutboxRepository` (a row of the `meta` table) and
 * `MemoryOutboxRepository` (tests); both pass `outbox-repository.contract.ts`.
 */

export interface OutboxRepository {
	/** The stored items, oldest first; an empty list when there are none or the row is unreadable. */
	load(): Promise<unknown[]>;
	/** Replaces the list. Throws `StorageFullError` when the device refuses. */
	save(items: readonly unknown[]): Promise<void>;
}

/** The `meta` key the outbox lives under. */
export const OUTBOX_KEY = 'moderation-outbox';

export function readOutbox(value: unknown): unknown[] {
	if (!Array.isArray(value)) return [];
	const items: readonly unknown[] = value;
	return [...items];
}
