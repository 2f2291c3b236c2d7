/**
 * Service-worker registration and updates, through workbox-window.
 *
 * A new version is offered, never forced: a banner appears when the new service worker is
 * waiting, and only the tab where the person presses "Reload" reloads. Other tabs learn that the
 * update happened (their service worker changed under them) and say so, but keep running; the
 * server keeps the previous build's hashed files so their lazy chunks still load. The banner
 * waits while the person is typing, and every pending save is flushed before the reload.
 */
import { dev } from '$app/environment';
import type { Workbox } from 'workbox-window';

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

	#wb: Workbox | null = null;
	#requested = false;
	#typingTimer: ReturnType<typeof setTimeout> | undefined;
	#beforeReload = new Set<BeforeReload>();

	get offerVisible(): boolean {
		return (this.waiting || this.updatedElsewhere) && !this.typing;
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
		wb.addEventListener('waiting', () => (this.waiting = true));
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
			if (document.visibilityState === 'visible') void wb.update().catch(() => undefined);
		});
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
	}

	#noteTyping(): void {
		this.typing = true;
		clearTimeout(this.#typingTimer);
		this.#typingTimer = setTimeout(() => (this.typing = false), TYPING_QUIET_MS);
	}
}

export const appUpdate = new AppUpdateState();
