/**
 * What a community room lets the person do, from its documents' connections: the first one that
 * is read-only says why (they share one token policy, so they agree once each has asked).
 */
import type { SyncState } from '../sync/sync-connection';
import type { Settled } from './room-recovery';
import { WRITABLE, type SyncAccess } from '../sync/sync-access';

/** What pages see of it: write, or read only with a reason (and, for a pause, until when). */
export type RoomAccess = SyncAccess;

export function roomAccess(states: readonly (SyncState | null)[]): RoomAccess {
	for (const state of states) if (state !== null && !state.access.write) return state.access;
	return WRITABLE;
}

/**
 * Where a document's connection stands for a recovery (room-recovery.ts); null while it is on its
 * way (connecting, syncing, offline, or being reopened). `exists`: whether the document is open.
 */
export function settledOf(state: SyncState | null | undefined, exists: boolean): Settled | null {
	// Not open: being reopened, so wait. Open without a connection: there is no server.
	if (state === undefined || state === null) return exists ? { kind: 'away' } : null;
	if (state.problem?.kind === 'refused-change')
		return { kind: 'refused', rule: state.problem.rule };
	if (!state.access.write) return { kind: 'read-only', reason: state.access.reason };
	if (state.status === 'stopped') return { kind: 'away' };
	return state.status === 'synced' ? { kind: 'synced' } : null;
}
