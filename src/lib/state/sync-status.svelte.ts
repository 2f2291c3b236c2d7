/**
 * The one sync indicator, over every open community document: offline, syncing, up to date,
 * N changes waiting, slowed down by the server's write limit, or stopped (and why). `waiting` counts changes written on this device that
 * the server is not yet known to hold.
 */
import type { SyncProblem } from '../sync/sync-problem';
import type { DocumentSync } from './community-room.svelte';
import type { SyncStopReason, SyncSummary } from './community-views';

/** What the summary is computed from: each open document, and whether storage refused a write. */
export interface SyncSources {
	documents: readonly DocumentSync[];
	storageFull: boolean;
}

export function summarizeSync({ documents, storageFull }: SyncSources): SyncSummary {
	const waiting = documents.reduce((total, d) => total + d.waiting, 0);
	if (storageFull) return { kind: 'stopped', waiting, problem: 'storage-full' };
	// A session the server refuses stops every document alike, even while they keep retrying.
	const stopped = documents.find(
		(d) => d.state?.status === 'stopped' || d.state?.problem?.kind === 'signed-out'
	);
	if (stopped?.state) {
		return { kind: 'stopped', waiting, problem: stopReason(stopped.state.problem) };
	}
	const connected = documents.filter((d) => d.state !== null);
	const slowed = connected.some(
		(d) => d.state?.problem?.kind === 'slow-down' && d.state.status !== 'synced'
	);
	if (slowed) return { kind: 'slowed', waiting };
	if (connected.length > 0 && connected.every((d) => d.state?.status === 'offline')) {
		return { kind: 'offline', waiting };
	}
	const busy = connected.some(
		(d) => d.state?.status === 'connecting' || d.state?.status === 'syncing'
	);
	if (busy) return { kind: 'syncing', waiting };
	if (connected.length === 0 && documents.length > 0) return { kind: 'offline', waiting };
	return waiting > 0 ? { kind: 'waiting', waiting } : { kind: 'up-to-date' };
}

function stopReason(problem: SyncProblem | null): SyncStopReason {
	if (problem === null) return 'server-error';
	if (problem.kind === 'signed-out') return 'signed-out';
	if (problem.kind === 'too-many') return 'server-error';
	return 'refused';
}

/**
 * Where the documents come from: the communities state plugs itself in when it starts, so this
 * small module (shown on every page) does not pull the community code into pages without it.
 */
export interface SyncSourceProvider {
	sources(): SyncSources;
	syncNow(): void;
}

const NOTHING_OPEN: SyncSources = { documents: [], storageFull: false };

class SyncStatusState {
	#provider = $state.raw<SyncSourceProvider | null>(null);

	readonly summary: SyncSummary = $derived(
		summarizeSync(this.#provider?.sources() ?? NOTHING_OPEN)
	);

	/** Called once by the communities state. */
	provide(provider: SyncSourceProvider): void {
		this.#provider = provider;
	}

	/** Tries every connection again now, after a stop or instead of waiting out a backoff. */
	syncNow(): void {
		this.#provider?.syncNow();
	}
}

export const syncStatus = new SyncStatusState();
