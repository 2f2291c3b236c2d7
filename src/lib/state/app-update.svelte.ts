/**
 * Service-worker registration and updates, through workbox-window.
 *
 * A new version is offered, never forced: a banner appears when the new service worker is
 * waiting, and only the tab where the person presses "Reload" reloads. Other tabs learn that the
 * update happened (their service worker changed under them) and say so, but keep running; the
 * server keeps the previous build's hashed files so their lazy chunks still load. The banner
 * waits while the person is typing, and every pending save is flushed before the reload.
 *
 * Data saver: the app does not look for a new version itself (`wb.update()` would download the
 * whole new version at once). It only reads `_app/version.json` (a few bytes, never precached)
 * when the person comes back, and offers the new version, downloaded when they tap. A version the
 * browser already downloaded on its own is offered as usual.
 */
import { dev, version } from '$app/environment';
import type { Workbox } from 'workbox-window';
import { dataSaver } from './data-saver.svelte';

const TYPING_QUIET_MS = 4000;

type BeforeReload = () => Promise<void>;

class AppUpdateState {
	/** A new version is installed and waiting. */
	waiting = $state(false);
	/** Another tab applied an update; this page still runs the previous version. */
	updatedElsewhere = $state(false);
	/** The first install finished: the app now opens with no connection. */
	offlineReady = $state(false);
	/** The person typed recently, so the banner holds back. */
	typing = $state(false);
	/** Data saver: a new version exists on the server, not yet downloaded. */
	available = $state(false);
	/** The person asked for the new version; it is on its way. */
	downloading = $state(false);

	#wb: Workbox | null = null;
	#requested = false;
	#typingTimer: ReturnType<typeof setTimeout> | undefined;
	#beforeReload = new Set<BeforeReload>();

	get offerVisible(): boolean {
		return (this.waiting || this.updatedElsewhere || this.available) && !this.typing;
	}

	/** Work to finish before the page reloads (for example, saving what is being typed). */
	onBeforeReload(hook: BeforeReload): () => void {
		this.#beforeReload.add(hook);
		return () => this.#beforeReload.delete(hook);
	}

	async start(): Promise<void> {
		if (dev || this.#wb || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) {
			return;
		}
		document.addEventListener('input', () => this.#noteTyping(), { capture: true });
		const { Workbox } = await import('workbox-window');
		const wb = new Workbox('/sw.js', { scope: '/' });
		this.#wb = wb;
		wb.addEventListener('waiting', () => {
			this.waiting = true;
			this.available = false;
			// Asked for with a tap: the person already said yes, so it applies as it arrives.
			if (this.downloading) void this.apply();
		});
		wb.addEventListener('installed', (event) => {
			if (!event.isUpdate) this.offlineReady = true;
		});
		wb.addEventListener('controlling', (event) => {
			if (this.#requested) {
				window.location.reload();
			} else if (event.isUpdate) {
				this.waiting = false;
				this.updatedElsewhere = true;
			}
		});
		await wb.register();
		// No polling: look for a new version when the person comes back to the app.
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState !== 'visible') return;
			if (dataSaver.inForce) void this.#checkVersion();
			else void wb.update().catch(() => undefined);
		});
	}

	/** Data saver: downloads the new version the banner offered, then applies it. */
	async download(): Promise<void> {
		if (!this.#wb) return;
		this.downloading = true;
		try {
			await this.#wb.update();
			// Nothing new installing after all (the server went back a version): nothing to offer.
			const registration = await navigator.serviceWorker.getRegistration();
			if (!registration?.installing && !registration?.waiting) {
				this.downloading = false;
				this.available = false;
			}
		} catch {
			// Offline or the server is away: offered again next time the person comes back.
			this.downloading = false;
		}
	}

	/** Whether the server holds a version other than this page's, read from a few bytes. */
	async #checkVersion(): Promise<void> {
		if (this.waiting || this.available) return;
		try {
			const response = await fetch('/_app/version.json', { cache: 'no-cache' });
			// Read whatever the status: an unread body keeps its connection busy.
			const text = await response.text();
			const body: unknown = response.ok ? JSON.parse(text) : null;
			const latest =
				typeof body === 'object' && body !== null ? Reflect.get(body, 'version') : null;
			if (typeof latest === 'string' && latest !== version) this.available = true;
		} catch {
			// Offline: nothing to offer yet.
		}
	}

	/** Finish pending work, then let the waiting version take over and reload this tab only. */
	async apply(): Promise<void> {
		for (const hook of this.#beforeReload) await hook();
		if (this.updatedElsewhere || !this.#wb) {
			window.location.reload();
			return;
		}
		this.#requested = true;
		this.#wb.messageSkipWaiting();
	}

	dismiss(): void {
		this.waiting = false;
		this.updatedElsewhere = false;
		this.available = false;
	}

	#noteTyping(): void {
		this.typing = true;
		clearTimeout(this.#typingTimer);
		this.#typingTimer = setTimeout(() => (this.typing = false), TYPING_QUIET_MS);
	}
}

export const appUpdate = new AppUpdateState();
