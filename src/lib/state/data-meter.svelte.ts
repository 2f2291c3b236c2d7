/**
 * The "this month" data meter: about how many bytes Hearth sent and received on this phone.
 *
 * The page counts what it can see: HTTP responses from this origin through Resource Timing
 * (`transferSize`: on the wire, headers and compression included; 0 when a cache answered, which
 * costs nothing), and each sync message's payload through the metered WebSocket class the sync
 * connections are built with. The server counts the same sync connections on the wire, compressed
 * frames and all, under this install's meter id; its count replaces the page's when it answers.
 * Neither sees the service worker's own downloads (installing or updating the app).
 *
 * Totals are kept in `meta`, written at most every `saveEveryMs` while bytes flow and at once when
 * the page is hidden (it may never come back). A new month starts at zero; damaged stored totals
 * read as zero.
 */
import {
	REQUEST_BYTES_ESTIMATE,
	addBytes,
	emptyMonth,
	estimateMonth,
	monthOf,
	readMonthTotals,
	type ByteCount,
	type DataEstimate,
	type MonthTotals,
	type ServerUsage
} from '../domain/data/data-month';
import type { DataMeterRepository } from '../storage/data-meter.repository';
import { meteredWebSocket } from '../sync/metered-websocket';

export const SAVE_EVERY_MS = 10_000;

export interface DataMeterOptions {
	now?: () => number;
	saveEveryMs?: number;
	/** This page's origin: only its requests count (default: `location.origin`). */
	origin?: string;
	/** Resource Timing; left out where the browser has none (and in tests that feed entries). */
	observe?: boolean;
}

/** The part of a PerformanceResourceTiming entry the meter reads. */
export interface TimingEntry {
	name: string;
	transferSize: number;
}

export type ServerCountStatus = 'idle' | 'asking' | 'answered' | 'unavailable';

export class DataMeterState {
	totals = $state.raw<MonthTotals>(emptyMonth(monthOf(Date.now())));
	server = $state.raw<ServerUsage | null>(null);
	serverStatus = $state<ServerCountStatus>('idle');

	readonly estimate: DataEstimate = $derived(estimateMonth(this.totals, this.server));

	#repo: DataMeterRepository | null = null;
	/** Reactive: Settings asks the server for its count once the id is known. */
	#meterId = $state<string | null>(null);
	#now: () => number = Date.now;
	#saveEveryMs = SAVE_EVERY_MS;
	#origin = '';
	#saveTimer: ReturnType<typeof setTimeout> | null = null;
	#dirty = false;
	#saving: Promise<void> = Promise.resolve();
	#stopWatching: (() => void)[] = [];

	/** The meter id the sync URLs carry; null until attached. */
	get meterId(): string | null {
		return this.#meterId;
	}

	async attach(repo: DataMeterRepository, options: DataMeterOptions = {}): Promise<void> {
		this.detach();
		this.#repo = repo;
		this.#now = options.now ?? Date.now;
		this.#saveEveryMs = options.saveEveryMs ?? SAVE_EVERY_MS;
		this.#origin = options.origin ?? (typeof location === 'undefined' ? '' : location.origin);
		const month = monthOf(this.#now());
		// Counted before loading finished: added to what was stored, not lost.
		const early = this.totals.month === month ? this.totals : emptyMonth(month);
		try {
			const [id, stored] = await Promise.all([repo.meterId(), repo.loadTotals()]);
			this.#meterId = id;
			const loaded = readMonthTotals(stored, month);
			this.totals = addBytes(
				addBytes(loaded, month, 'http', early.http),
				month,
				'sync',
				early.sync
			);
		} catch (e: unknown) {
			// The meter is a nicety: without storage it counts this visit only.
			console.warn('The data meter could not read its totals', e);
		}
		if (options.observe ?? true) this.#observe();
		this.#watchVisibility();
	}

	detach(): void {
		for (const stop of this.#stopWatching.splice(0)) stop();
		if (this.#saveTimer !== null) clearTimeout(this.#saveTimer);
		this.#saveTimer = null;
	}

	/** Adds bytes the page saw; saved soon, in one write with whatever else arrives meanwhile. */
	count(kind: 'http' | 'sync', bytes: Partial<ByteCount>): void {
		const month = monthOf(this.#now());
		const firstSync =
			kind === 'sync' &&
			(this.totals.month !== month || this.totals.sync.sent + this.totals.sync.received === 0);
		this.totals = addBytes(this.totals, month, kind, bytes);
		this.#dirty = true;
		// The month's first sync bytes are saved at once: whether this phone synced at all this
		// month decides whether the server is asked for its count (see `askServer`).
		if (firstSync) {
			void this.flush();
			return;
		}
		this.#saveTimer ??= setTimeout(() => {
			this.#saveTimer = null;
			void this.flush();
		}, this.#saveEveryMs);
	}

	/** Counts Resource Timing entries: this origin's, and only what came over the network. */
	countEntries(entries: readonly TimingEntry[]): void {
		let received = 0;
		let requests = 0;
		for (const entry of entries) {
			if (!this.#sameOrigin(entry.name) || !(entry.transferSize > 0)) continue;
			received += entry.transferSize;
			requests++;
		}
		if (requests > 0) this.count('http', { received, sent: requests * REQUEST_BYTES_ESTIMATE });
	}

	/** Writes the totals now if anything changed since the last write. */
	flush(): Promise<void> {
		// One write at a time, in order: a later flush never races an earlier one's outcome.
		this.#saving = this.#saving.then(() => this.#save());
		return this.#saving;
	}

	async #save(): Promise<void> {
		if (this.#saveTimer !== null) clearTimeout(this.#saveTimer);
		this.#saveTimer = null;
		if (!this.#dirty || this.#repo === null) return;
		this.#dirty = false;
		try {
			await this.#repo.saveTotals(this.totals);
		} catch (e: unknown) {
			// A full device: the count lives on in memory and is tried again with the next bytes.
			this.#dirty = true;
			console.warn('The data meter could not save its totals', e);
		}
	}

	/** The WebSocket class sync connections are built with, so their messages are counted. */
	webSocketClass(Base: typeof WebSocket = globalThis.WebSocket): typeof WebSocket {
		return meteredWebSocket(Base, {
			meterId: () => this.#meterId,
			count: (bytes) => this.count('sync', bytes)
		});
	}

	/** Asks the server what it counted for this phone; keeps the page's own count if it cannot. */
	async askServer(doFetch: typeof fetch = globalThis.fetch): Promise<void> {
		const id = this.#meterId;
		if (id === null || this.#origin === '') return;
		// No sync connection this month (someone new, or only the journal on this phone): the
		// server has counted nothing, so there is nothing to ask.
		const { sync } = this.totals;
		if (sync.sent === 0 && sync.received === 0) return;
		const origin = this.#origin;
		this.serverStatus = 'asking';
		try {
			const response = await doFetch(`${origin}/api/usage/${id}`);
			// The body is read whatever the status: an unread answer keeps its connection busy, and
			// the page never looks idle to the browser.
			const text = await response.text();
			const body: unknown = response.ok ? JSON.parse(text) : null;
			this.server = isServerUsage(body) ? body : null;
		} catch {
			// Offline, or the server is away: the page's count stands.
			this.server = null;
		}
		this.serverStatus = this.server === null ? 'unavailable' : 'answered';
	}

	#sameOrigin(url: string): boolean {
		return this.#origin !== '' && (url === this.#origin || url.startsWith(`${this.#origin}/`));
	}

	#observe(): void {
		if (typeof PerformanceObserver === 'undefined') return;
		const supported = PerformanceObserver.supportedEntryTypes ?? [];
		const observer = new PerformanceObserver((list) => this.countEntries(timingEntries(list)));
		for (const type of ['navigation', 'resource']) {
			// `buffered` brings the entries from before the meter started (the page's own load).
			if (supported.includes(type)) observer.observe({ type, buffered: true });
		}
		this.#stopWatching.push(() => observer.disconnect());
	}

	#watchVisibility(): void {
		if (typeof document === 'undefined') return;
		const onHidden = () => {
			if (document.visibilityState === 'hidden') void this.flush();
		};
		const onPageHide = () => void this.flush();
		document.addEventListener('visibilitychange', onHidden);
		// A reload or leaving the page: the last chance, though the write may not finish in time.
		window.addEventListener('pagehide', onPageHide);
		this.#stopWatching.push(() => {
			document.removeEventListener('visibilitychange', onHidden);
			window.removeEventListener('pagehide', onPageHide);
		});
	}
}

function timingEntries(list: PerformanceObserverEntryList): TimingEntry[] {
	return list.getEntries().flatMap((entry) => {
		const transferSize: unknown = Reflect.get(entry, 'transferSize');
		return typeof transferSize === 'number' ? [{ name: entry.name, transferSize }] : [];
	});
}

function isServerUsage(value: unknown): value is ServerUsage {
	if (typeof value !== 'object' || value === null) return false;
	const [month, sent, received]: unknown[] = ['month', 'sent', 'received'].map((key) =>
		Reflect.get(value, key)
	);
	return (
		typeof month === 'string' &&
		typeof sent === 'number' &&
		sent >= 0 &&
		typeof received === 'number' &&
		received >= 0
	);
}

export const dataMeter = new DataMeterState();
