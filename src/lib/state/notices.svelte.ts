/**
 * What moderators told this person about their own posts: warnings, a post hidden, brought back
 * or removed, a pause on posting. Read from `GET /api/me/notices` when the app starts and whenever
 * a connection appears, kept on the device so they read offline, and counted for the badge in the
 * bottom bar until the person has seen them. From a notice they can ask for a second look.
 *
 * The server never says who acted; the pages word notices kindly, with the reason given.
 */
import { untrack } from 'svelte';
import type { Notice } from '../domain/moderation/moderation-records';
import type { ModerationCacheRepository } from '../storage/moderation-cache.repository';
import { ModerationClient, type ModerationFetch } from '../sync/moderation-client';
import { connectivity } from './connectivity.svelte';
import { authedCall, ModerationError, type ModerationSession } from './moderation-call';
import { noticeBadge } from './notice-badge.svelte';

export type { Notice };

/**
 * `fresh`: as the server said just now; `cached`: the copy on this device (the server could not
 * be asked); `none`: nothing to show yet and no way to ask (offline, or not set up).
 */
export type NoticesStatus = 'idle' | 'loading' | 'fresh' | 'cached' | 'none';

export interface NoticesDependencies {
	cache: ModerationCacheRepository;
	session: ModerationSession;
	/** The server's origin; this page's by default. */
	origin?: string;
	fetch?: ModerationFetch;
	now?: () => number;
	/** Fetch again whenever the connection comes back (the app's singleton; tests call refresh). */
	followConnectivity?: boolean;
}

export class NoticesState {
	status = $state<NoticesStatus>('idle');
	list = $state.raw<Notice[]>([]);
	/** When the list was fetched from the server; null when never. */
	fetchedAt = $state<number | null>(null);
	#seenAt = $state(0);
	#deps: NoticesDependencies | null = null;
	#client: ModerationClient | null = null;
	#refreshing: Promise<void> | null = null;

	/** Notices that arrived since the person last looked. */
	readonly unread: number = $derived(this.list.filter((notice) => notice.at > this.#seenAt).length);

	/** Whether `notice` arrived since the person last looked. */
	isNew(notice: Notice): boolean {
		return notice.at > this.#seenAt;
	}

	/** Called once at start: shows the copy on the device, then asks the server. */
	async attach(deps: NoticesDependencies): Promise<void> {
		this.#deps = deps;
		this.#client = new ModerationClient({
			origin: deps.origin ?? location.origin,
			...(deps.fetch ? { fetch: deps.fetch } : {})
		});
		// Someone not set up yet has no notices, and needs no key code loaded at start to know it.
		if (!deps.session.setupComplete) {
			this.status = 'none';
			if (deps.followConnectivity) this.#followConnection();
			return;
		}
		this.status = 'loading';
		await deps.session.loadKeys().catch(() => {});
		const cached = await deps.cache.loadNotices().catch(() => null);
		const userId = deps.session.userId;
		if (cached !== null && (userId === null || cached.userId === userId)) {
			this.list = cached.notices;
			this.fetchedAt = cached.fetchedAt;
			this.#seenAt = cached.seenAt;
			this.status = 'cached';
		}
		// Only now: a fetch that finished first would be overwritten by the older copy.
		if (deps.followConnectivity) this.#followConnection();
		if (deps.followConnectivity) this.#showOnBadge();
		await this.refresh();
	}

	/**
	 * Asks the server for the notices. Never throws: when it cannot ask (offline, not set up), the
	 * copy on the device stays, marked `cached` (or `none` when there is none).
	 */
	refresh(): Promise<void> {
		this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = null));
		return this.#refreshing;
	}

	/** Everything listed so far counts as seen: the badge clears. */
	async markSeen(): Promise<void> {
		const newest = Math.max(0, ...this.list.map((notice) => notice.at));
		if (newest <= this.#seenAt) return;
		this.#seenAt = newest;
		await this.#save();
	}

	/**
	 * Asks the moderators to look again at what a notice is about. Throws `ModerationError`
	 * (`offline`, `already-asked`, `nothing-to-review`, `not-found`, `signed-out`, `failed`); on
	 * `already-asked` the notice is marked as asked, as the server knows it.
	 */
	async askSecondLook(noticeId: string, note: string): Promise<void> {
		const deps = this.#require();
		const client = this.#client;
		if (client === null) throw new ModerationError('failed');
		const trimmed = note.trim();
		try {
			const { createdAt } = await authedCall(deps.session, client, (c, token) =>
				c.askSecondLook(token, noticeId, trimmed === '' ? null : trimmed)
			);
			this.#markAsked(noticeId, createdAt);
		} catch (e: unknown) {
			if (e instanceof ModerationError && e.code === 'already-asked') {
				// The true date comes with the next list; until then, today's is near enough.
				this.#markAsked(noticeId, this.#now());
				await this.#save();
			}
			throw e;
		}
		await this.#save();
	}

	/** Keeps the bottom bar's count (`notice-badge.svelte.ts`) equal to `unread`. */
	#showOnBadge(): void {
		$effect.root(() => {
			$effect(() => {
				noticeBadge.unread = this.unread;
			});
		});
	}

	async #refresh(): Promise<void> {
		const deps = this.#deps;
		const client = this.#client;
		if (deps === null || client === null) return;
		if (!deps.session.setupComplete) {
			this.status = this.fetchedAt === null ? 'none' : 'cached';
			return;
		}
		if (this.status === 'idle' || this.status === 'none') this.status = 'loading';
		try {
			// The copy on the device is kept per person, so their user id is needed.
			await deps.session.loadKeys();
			const list = await authedCall(deps.session, client, (c, token) => c.notices(token));
			this.list = list;
			this.fetchedAt = this.#now();
			this.status = 'fresh';
			await this.#save();
		} catch (e: unknown) {
			this.status = this.fetchedAt === null ? 'none' : 'cached';
			if (e instanceof ModerationError && !['offline', 'signed-out'].includes(e.code)) {
				console.warn('Notices could not be fetched', e.code);
			}
		}
	}

	#markAsked(noticeId: string, requestedAt: number): void {
		this.list = this.list.map((notice) =>
			notice.noticeId === noticeId && notice.secondLook === undefined
				? { ...notice, secondLook: { requestedAt } }
				: notice
		);
	}

	/** Keeps the copy on the device; a full device only loses the offline copy. */
	async #save(): Promise<void> {
		const deps = this.#deps;
		const userId = deps?.session.userId;
		if (!deps || !userId || this.fetchedAt === null) return;
		await deps.cache
			.saveNotices({
				userId,
				notices: this.list,
				fetchedAt: this.fetchedAt,
				seenAt: this.#seenAt
			})
			.catch(() => {});
	}

	#followConnection(): void {
		$effect.root(() => {
			$effect(() => {
				if (connectivity.status === 'online') untrack(() => void this.refresh());
			});
		});
	}

	#now(): number {
		return (this.#deps?.now ?? Date.now)();
	}

	#require(): NoticesDependencies {
		if (this.#deps === null) throw new ModerationError('signed-out');
		return this.#deps;
	}
}

export const notices = new NoticesState();
