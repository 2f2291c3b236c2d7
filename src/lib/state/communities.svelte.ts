/**
 * The communities on this device: the catalogue on offer (cached, so browsing works offline),
 * the ones the person joined, the open rooms, and the activity list (replies and reactions to
 * their posts). The only door from community pages to community data.
 *
 * Joined communities stay open and syncing in the background once the app has started, so
 * replies to the person arrive (and show in `activity`) whichever page is open. A community
 * browsed without joining is opened by its page and closed again by `release`.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { CommunityInfo } from '../domain/community/community-info';
import { compareHlc, hlcWallTime } from '../domain/journal/hlc';
import type { CommunityRepository } from '../storage/community.repository';
import { isCommunityDoc } from '../storage/community.repository';
import type { DocumentRepository } from '../storage/document.repository';
import type { ThreadIndexRepository } from '../storage/thread-index.repository';
import {
	CommunityError,
	CommunityRoom,
	type CommunityIdentity,
	type CommunitySyncOptions
} from './community-room.svelte';
import type { ActivityItem, CatalogueStatus, JoinedCommunity } from './community-views';
import { browserEnvironment } from '../sync/sync-environment';
import { blockSender } from './block-sender';
import { blocks } from './blocks.svelte';
import { catalogueOf } from './catalogue';
import { syncStatus } from './sync-status.svelte';
import { unreadActivity } from './unread-activity.svelte';
import { whenIdle } from './when-idle';

export interface CommunitiesDependencies {
	communities: CommunityRepository;
	documents: DocumentRepository;
	threadIndex: ThreadIndexRepository;
	identity: CommunityIdentity;
	/** Null keeps everything on this device (no server to sync with). */
	sync: CommunitySyncOptions | null;
	/**
	 * Data saver: whether joined communities opened at start (not by a page) wait to sync until
	 * the person opens them or taps "Sync now". Read once, at start.
	 */
	holdBackground?: () => boolean;
	/**
	 * Resolves when joined communities may open in the background: after the first screen, so a
	 * big community's documents do not hold up the journal. `whenIdle` by default.
	 */
	afterFirstScreen?: () => Promise<void>;
	/** Forgets what moderation keeps of a community (its report queue) when the person leaves. */
	forgetModeration?: (communityId: string) => Promise<void>;
	now?: () => number;
}

interface JoinedEntry {
	info: CommunityInfo;
	joinedAt: number;
}

export class CommunitiesState {
	status = $state<'idle' | 'loading' | 'ready' | 'failed'>('idle');
	catalogue = $state.raw<CommunityInfo[]>([]);
	catalogueStatus = $state<CatalogueStatus>('loading');
	#joined = $state.raw<JoinedEntry[]>([]);
	#rooms = new SvelteMap<string, CommunityRoom>();
	#activitySeen = $state(0);
	#deps: CommunitiesDependencies | null = null;
	/** "Sync now", or data saver went out of force, before the joined rooms had opened. */
	#syncAsked = false;
	/** How many pages show each room now (`room` and `release`): data saver never holds those. */
	#views = new SvelteMap<string, number>();

	readonly joined: JoinedCommunity[] = $derived(
		this.#joined.map(({ info, joinedAt }) => {
			const room = this.#rooms.get(info.id);
			return {
				info,
				joinedAt,
				myName: room?.me.name ?? '',
				unreadThreads: room?.threads.filter((thread) => thread.unread).length ?? 0
			};
		})
	);

	/** Every open room, for the sync indicator. */
	readonly rooms: CommunityRoom[] = $derived([...this.#rooms.values()]);

	/** Joined communities data saver holds back from syncing until opened or "Sync now". */
	readonly held: number = $derived(this.rooms.filter((room) => room.held).length);

	readonly activity: ActivityItem[] = $derived(
		[...this.#rooms.values()]
			.filter((room) => room.joined)
			.flatMap((room) => room.activity.map((record) => ({ room, record })))
			// By the clock's own order: two records written in one millisecond keep theirs.
			.sort(
				(a, b) =>
					compareHlc(b.record.at, a.record.at) ||
					(a.room.info.id < b.room.info.id ? -1 : a.room.info.id > b.room.info.id ? 1 : 0)
			)
			.map(({ room, record }) => {
				const at = hlcWallTime(record.at);
				return {
					id: `${room.info.id}:${record.id}`,
					communityId: room.info.id,
					communityName: room.info.name,
					threadId: record.threadId,
					threadTitle: record.threadTitle,
					kind: record.kind,
					reaction: record.reaction,
					by: room.authorName(record.by),
					at,
					unread: at > this.#activitySeen
				};
			})
	);

	readonly unreadActivity: number = $derived(this.activity.filter((item) => item.unread).length);

	/** Called once from startApp: loads what is on the device, then refreshes the catalogue. */
	async attach(deps: CommunitiesDependencies): Promise<void> {
		this.#deps = deps;
		this.status = 'loading';
		syncStatus.provide({
			sources: () => ({
				// A held room is not offline, only waiting: the communities list says so.
				documents: this.rooms.filter((room) => !room.held).flatMap((room) => room.documents),
				storageFull: this.rooms.some((room) => room.storageFull)
			}),
			syncNow: () => this.syncNow()
		});
		unreadActivity.provide(() => this.unreadActivity);
		try {
			const [joined, cached, seen] = await Promise.all([
				deps.communities.listJoined(),
				deps.communities.loadCatalogue(),
				deps.communities.loadActivitySeen()
			]);
			this.#joined = joined.map(({ info, joinedAt }) => ({ info, joinedAt }));
			this.#activitySeen = seen;
			if (cached !== null) {
				this.catalogue = cached.communities;
				this.catalogueStatus = 'cached';
			}
			this.status = 'ready';
			void this.#openJoinedLater(deps);
			this.#sendBlocks(deps);
		} catch {
			this.status = 'failed';
			return;
		}
		await this.refreshCatalogue();
	}

	isJoined(id: string): boolean {
		return this.#joined.some((entry) => entry.info.id === id);
	}

	/** GET /api/communities; when it fails the cached list stays, marked 'cached'. */
	async refreshCatalogue(): Promise<void> {
		const deps = this.#deps;
		if (deps === null) return;
		if (this.catalogue.length === 0) this.catalogueStatus = 'loading';
		const fresh = deps.sync === null ? null : await fetchCatalogue(deps.sync);
		if (fresh === null) {
			this.catalogueStatus = this.catalogue.length > 0 ? 'cached' : 'unavailable';
			return;
		}
		this.catalogue = fresh;
		this.catalogueStatus = 'fresh';
		const now = (deps.now ?? Date.now)();
		// The list on screen is right either way; a device too full to cache it only loses that.
		await deps.communities.saveCatalogue({ communities: fresh, fetchedAt: now }).catch(() => {});
	}

	/** Joins after the person accepted the guidelines; works offline with a cached catalogue. */
	async join(id: string): Promise<void> {
		const deps = this.#require();
		if (this.isJoined(id)) return;
		const info = this.catalogue.find((community) => community.id === id);
		if (info === undefined) throw new CommunityError('missing');
		const now = (deps.now ?? Date.now)();
		try {
			await deps.communities.saveJoined({
				id,
				info,
				joinedAt: now,
				guidelinesAcceptedAt: now,
				// Sent to the server before the first write token (community-room.svelte.ts).
				guidelinesVersion: info.guidelinesVersion ?? null,
				guidelinesSent: null,
				chosenName: null,
				authoredMonths: [],
				openedMonths: []
			});
		} catch (e: unknown) {
			throw new CommunityError('storage-full', null, { cause: e });
		}
		this.#joined = [...this.#joined, { info, joinedAt: now }];
		const open = this.#rooms.get(id);
		if (open === undefined) this.#openRoom(info, true);
		else await open.becomeJoined();
	}

	/**
	 * What the person wrote in a community that has not reached the server: changes waiting and
	 * drafts kept. Leaving removes them with the rest, so the leave dialog says so first.
	 */
	unsentIn(id: string): number {
		const room = this.#rooms.get(id);
		if (room === undefined) return 0;
		return room.documents.reduce((n, d) => n + d.waiting, 0) + room.drafts.length;
	}

	/**
	 * Stops syncing and frees the community's space: every month's document, its thread index,
	 * read marks, held records and drafts, each document's confirmed state vector, and a
	 * moderator's copy of its report queue.
	 */
	async leave(id: string): Promise<void> {
		const deps = this.#require();
		const room = this.#rooms.get(id);
		this.#rooms.delete(id);
		await room?.close();
		const stored = await deps.documents.names(`community:${id}:`);
		for (const docName of stored) {
			if (isCommunityDoc(id, docName)) await deps.documents.remove(docName);
		}
		await deps.threadIndex.removeCommunity(id);
		await deps.forgetModeration?.(id);
		await deps.communities.removeJoined(id);
		this.#joined = this.#joined.filter((entry) => entry.info.id !== id);
	}

	/**
	 * The open room for a community (opened now if it is not); the same object while open. A page
	 * showing it: a room data saver held back starts syncing, and keeps on once the page closes.
	 */
	room(id: string): CommunityRoom {
		this.#views.set(id, (this.#views.get(id) ?? 0) + 1);
		const open = this.#rooms.get(id);
		if (open !== undefined) {
			open.startSync();
			return open;
		}
		const info = this.#joined.find((entry) => entry.info.id === id)?.info ??
			this.catalogue.find((community) => community.id === id) ?? {
				id,
				name: id,
				description: '',
				guidelines: []
			};
		return this.#openRoom(info, this.isJoined(id));
	}

	/**
	 * A joined community's room for work that shows nothing (the storage controls' tidy-up):
	 * opened if it is not, and then held like any room in the background. Null if not joined.
	 */
	backgroundRoom(id: string): CommunityRoom | null {
		const entry = this.#joined.find((joined) => joined.info.id === id);
		if (entry === undefined) return null;
		return this.#rooms.get(id) ?? this.#openRoom(entry.info, true, this.#holdsBackground());
	}

	/** A page is done with a room: a joined one keeps syncing, any other one closes. */
	release(id: string): void {
		const views = (this.#views.get(id) ?? 0) - 1;
		if (views > 0) this.#views.set(id, views);
		else this.#views.delete(id);
		const room = this.#rooms.get(id);
		if (room === undefined || room.joined) return;
		this.#rooms.delete(id);
		void room.close();
	}

	/** Everything in the activity list so far counts as seen. */
	async markActivitySeen(): Promise<void> {
		const latest = this.activity[0]?.at ?? 0;
		if (latest <= this.#activitySeen) return;
		this.#activitySeen = latest;
		await this.#deps?.communities.saveActivitySeen(latest).catch(() => {});
	}

	/** Sync every open community again now, those data saver held back included. */
	syncNow(): void {
		this.#syncAsked = true;
		for (const room of this.#rooms.values()) room.syncNow();
	}

	/** Data saver went out of force: every held room starts syncing. */
	startHeld(): void {
		this.#syncAsked = true;
		for (const room of this.#rooms.values()) room.startSync();
	}

	/**
	 * Data saver came into force: joined rooms no page shows stop syncing until opened or "Sync
	 * now" (a room with something still to send finishes first; see `CommunityRoom.holdSync`).
	 */
	holdBackground(): void {
		this.#syncAsked = false;
		for (const [id, room] of this.#rooms) {
			if (room.joined && !this.#views.has(id)) room.holdSync();
		}
	}

	/**
	 * Opens the joined communities to sync in the background, once the first screen is drawn; a
	 * page that asks for one sooner opens it itself (`room`).
	 */
	async #openJoinedLater(deps: CommunitiesDependencies): Promise<void> {
		await (deps.afterFirstScreen ?? whenIdle)();
		const held = this.#holdsBackground();
		for (const { info } of this.#joined) {
			if (!this.#rooms.has(info.id)) this.#openRoom(info, true, held);
		}
	}

	/** Whether a joined room opened now, with no page showing it, waits to sync (data saver). */
	#holdsBackground(): boolean {
		return !this.#syncAsked && (this.#deps?.holdBackground?.() ?? false);
	}

	/** Block lists changed offline go out now and whenever a connection appears. */
	#sendBlocks(deps: CommunitiesDependencies): void {
		const sync = deps.sync;
		if (sync === null) return;
		const environment = sync.environment ?? browserEnvironment();
		void blockSender.attach({
			store: deps.communities,
			blockedIn: (id) => blocks.idsIn(id),
			origin: sync.origin,
			sessionToken: () => deps.identity.sessionToken(),
			online: () => environment.online(),
			...(sync.fetch ? { fetch: sync.fetch } : {})
		});
		environment.onOnline(() => void blockSender.flush());
	}

	#openRoom(info: CommunityInfo, joined: boolean, held = false): CommunityRoom {
		const deps = this.#require();
		const make = () =>
			new CommunityRoom({
				info,
				joined,
				held,
				identity: deps.identity,
				communities: deps.communities,
				documents: deps.documents,
				threadIndex: deps.threadIndex,
				sync: deps.sync,
				...(deps.now ? { now: deps.now } : {})
			});
		// A room outlives the page that may open it (a joined one keeps syncing): made in a root of
		// its own, its derived values belong to no page, so they stay live after that page closes.
		// (Outside a browser, where no effect runs, the root's callback does not run either.)
		let room: CommunityRoom | undefined;
		$effect.root(() => {
			room = make();
		});
		room ??= make();
		this.#rooms.set(info.id, room);
		return room;
	}

	#require(): CommunitiesDependencies {
		if (this.#deps === null) throw new CommunityError('not-ready');
		return this.#deps;
	}
}

async function fetchCatalogue(sync: CommunitySyncOptions): Promise<CommunityInfo[] | null> {
	const doFetch = sync.fetch ?? globalThis.fetch;
	try {
		const response = await doFetch(`${sync.origin}/api/communities`);
		if (!response.ok) return null;
		const body: unknown = await response.json();
		return catalogueOf(body);
	} catch {
		// Offline or the server is away: the cached catalogue (if any) is what we have.
		return null;
	}
}

export const communities = new CommunitiesState();
