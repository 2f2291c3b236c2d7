/**
 * A community document's records as domain state, kept in step with the document cheaply.
 *
 * Reading a document is parsing every record (60,000 in a big community's month), so it is done
 * once, and only when something first asks for the state: a community syncing in the background
 * with no page showing it is never read. After that, each change reads again only the keys it
 * touched (Y.Map events name them), when the state is next asked for.
 *
 * Telling the page: a first sync sent in hundreds of pieces fires hundreds of updates; `onChange`
 * runs once per batch of them (see `schedule`), so the page re-renders a few times, not hundreds.
 * The state itself is never stale: asked for between batches, it reads the pending keys first.
 */
import type * as Y from 'yjs';
import {
	COMMUNITY_ROOT_TYPES,
	type CommunityRootType,
	type CommunityState
} from '../domain/community/community-document';
import { readCommunity, readCommunityEntries } from './community.codec';

/** Changes arriving within this many milliseconds reach the page as one. */
export const CHANGE_BATCH_MS = 50;

export interface CommunityReaderOptions {
	/**
	 * Called once per batch of changes, after the batch. `removal`: the batch took a thread
	 * away or changed a moderation mark (a hide), which copies of the list must follow at once.
	 */
	onChange: (change: { removal: boolean }) => void;
	/** Runs `run` once the batch is over; a timer by default. */
	schedule?: (run: () => void) => void;
	/** Told of every read: the whole document, or only the keys that changed (tests count them). */
	onRead?: (read: { kind: 'all' } | { kind: 'changed'; keys: number }) => void;
}

export class CommunityReader {
	#doc: Y.Doc;
	#options: CommunityReaderOptions;
	#schedule: (run: () => void) => void;
	#state: CommunityState | null = null;
	#pending = new Map<CommunityRootType, Set<string>>();
	#batched = false;
	#removal = false;
	#stops: (() => void)[] = [];

	constructor(doc: Y.Doc, options: CommunityReaderOptions) {
		this.#doc = doc;
		this.#options = options;
		this.#schedule = options.schedule ?? ((run) => void setTimeout(run, CHANGE_BATCH_MS));
		for (const name of COMMUNITY_ROOT_TYPES) {
			const map = doc.getMap<unknown>(name);
			const observer = (event: Y.YMapEvent<unknown>) =>
				this.#changed(name, event.keysChanged, isRemoval(name, event));
			map.observe(observer);
			this.#stops.push(() => map.unobserve(observer));
		}
	}

	/** The records as they are in the document now. */
	get state(): CommunityState {
		if (this.#state === null) {
			this.#pending.clear();
			this.#state = readCommunity(this.#doc).state;
			this.#options.onRead?.({ kind: 'all' });
		} else if (this.#pending.size > 0) {
			const changed = this.#pending;
			this.#pending = new Map();
			this.#state = readCommunityEntries(this.#doc, this.#state, changed);
			let keys = 0;
			for (const set of changed.values()) keys += set.size;
			this.#options.onRead?.({ kind: 'changed', keys });
		}
		return this.#state;
	}

	/** Stops following the document (before it is destroyed). */
	stop(): void {
		for (const stop of this.#stops) stop();
		this.#stops = [];
	}

	#changed(map: CommunityRootType, keys: ReadonlySet<string>, removal: boolean): void {
		this.#removal ||= removal;
		// Never read yet: the first read takes everything, so there are no keys to remember.
		if (this.#state !== null) {
			let pending = this.#pending.get(map);
			if (pending === undefined) {
				pending = new Set();
				this.#pending.set(map, pending);
			}
			for (const key of keys) pending.add(key);
		}
		if (this.#batched) return;
		this.#batched = true;
		this.#schedule(() => {
			this.#batched = false;
			const removal = this.#removal;
			this.#removal = false;
			this.#options.onChange({ removal });
		});
	}
}

function isRemoval(map: CommunityRootType, event: Y.YMapEvent<unknown>): boolean {
	if (map === 'marks') return true;
	if (map !== 'threads') return false;
	for (const change of event.changes.keys.values()) if (change.action === 'delete') return true;
	return false;
}
