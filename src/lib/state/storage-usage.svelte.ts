/**
 * The storage part of Settings: how much each community and the journal take on this device,
 * the rest, and the browser's own figure; "Tidy up" (merging each document's update log into one
 * update) and "Forget earlier months". Measured when the person opens that part of Settings,
 * never at start: measuring reads every row it counts.
 *
 * Figures come from the repositories (`storedBytes` for document logs, `storedSize` for rows,
 * each with a per-row overhead), so they add up on one scale; the browser's estimate is shown
 * beside them, as it also counts the app's own files and the database's bookkeeping.
 */
import { readStorageStatus, type StorageStatus } from '../storage/storage-status';
import { StorageFullError } from '../storage/storage-errors';
import { openedStorage, startCommunities } from './app.svelte';
import {
	COMMUNITY_PREFIX,
	measureUsage,
	sizeOf,
	type StorageUsage,
	type StorageUsageSources
} from './storage-usage-measure';

export type { CommunityUsage, StorageUsage, StorageUsageSources } from './storage-usage-measure';

/** What the last action did, for the polite announcement. */
export type StorageOutcome =
	| { kind: 'tidied'; communityId: string | null; before: number; after: number }
	| { kind: 'forgot'; communityId: string; months: number; before: number; after: number }
	| { kind: 'failed'; reason: 'storage-full' | 'unknown' };

/** What an action did, before its sizes are known. */
type Done =
	| { kind: 'tidied'; communityId: string | null }
	| { kind: 'forgot'; communityId: string; months: number };

export class StorageUsageState {
	status = $state<'idle' | 'measuring' | 'ready' | 'failed'>('idle');
	usage = $state.raw<StorageUsage | null>(null);
	estimate = $state.raw<StorageStatus | null>(null);
	/** The community being worked on (`'all'` for every document), or null. */
	working = $state<string | null>(null);
	outcome = $state.raw<StorageOutcome | null>(null);
	#loadSources: () => Promise<StorageUsageSources | null>;
	#sources: Promise<StorageUsageSources | null> | null = null;

	constructor(loadSources: () => Promise<StorageUsageSources | null> = browserSources) {
		this.#loadSources = loadSources;
	}

	/** Measures everything again; called when the storage part of Settings opens. */
	async measure(): Promise<void> {
		if (this.usage === null) this.status = 'measuring';
		try {
			const sources = await this.#require();
			const [usage, estimate] = await Promise.all([measureUsage(sources), sources.estimate()]);
			this.usage = usage;
			this.estimate = estimate;
			this.status = 'ready';
		} catch (e: unknown) {
			console.error('Storage could not be measured', e);
			this.status = 'failed';
		}
	}

	/** Merges each document's log of one community (or of every document) into one update. */
	async tidy(communityId: string | null): Promise<void> {
		await this.#act(communityId, async (sources) => {
			const prefix = communityId === null ? '' : `${COMMUNITY_PREFIX}${communityId}:`;
			// Yjs comes with it: loaded when the person taps, not with the Settings page.
			const { compactDocument } = await import('../storage/persist-doc');
			for (const { docName } of await sources.documents.list(prefix)) {
				await compactDocument(sources.documents, docName);
			}
			return { kind: 'tidied', communityId };
		});
	}

	/** Removes a joined community's earlier months from this device; they can be fetched again. */
	async forgetEarlier(communityId: string): Promise<void> {
		await this.#act(communityId, async (sources) => {
			const forgotten = await sources.forgetEarlier(communityId);
			return { kind: 'forgot', communityId, months: forgotten.length };
		});
	}

	/**
	 * Runs one action at a time, measuring before and after so the announcement gives the same
	 * figures as the list: the community's size, or everything's for `null`.
	 */
	async #act(
		communityId: string | null,
		action: (sources: StorageUsageSources) => Promise<Done>
	): Promise<void> {
		if (this.working !== null) return;
		this.working = communityId ?? 'all';
		this.outcome = null;
		let done: Done | null = null;
		let before = 0;
		try {
			const sources = await this.#require();
			before = sizeOf(await measureUsage(sources), communityId);
			done = await action(sources);
		} catch (e: unknown) {
			if (!(e instanceof StorageFullError)) console.error('A storage action failed', e);
			this.outcome = {
				kind: 'failed',
				reason: e instanceof StorageFullError ? 'storage-full' : 'unknown'
			};
		} finally {
			this.working = null;
		}
		await this.measure();
		if (done !== null && this.usage !== null) {
			this.outcome = { ...done, before, after: sizeOf(this.usage, communityId) };
		}
	}

	async #require(): Promise<StorageUsageSources> {
		this.#sources ??= this.#loadSources().catch((e: unknown) => {
			this.#sources = null;
			throw e;
		});
		const sources = await this.#sources;
		if (sources === null) throw new Error('Storage is not available on this device');
		return sources;
	}
}

async function browserSources(): Promise<StorageUsageSources | null> {
	const storage = await openedStorage();
	if (storage === null) return null;
	const [{ communities, documents }, measure] = await Promise.all([
		storage.communityStorage(),
		storage.storageMeasure()
	]);
	return {
		documents,
		communities,
		measure,
		estimate: () => readStorageStatus(),
		async forgetEarlier(communityId) {
			await startCommunities();
			const state = (await import('./communities.svelte')).communities;
			return (await state.backgroundRoom(communityId)?.forgetEarlier()) ?? [];
		}
	};
}

export const storageUsage = new StorageUsageState();
