/**
 * Whether Hearth can reach its server, told truthfully and calmly.
 *
 * `navigator.onLine` only knows whether there is a network interface, not whether anything is
 * reachable (a captive portal or a dead mobile link both say "online"). So an "online" signal is
 * confirmed with one small request to /healthz. There is no polling: the check runs when the
 * browser reports a change and when the app comes back to the foreground, at most once a minute.
 */
export type Connectivity = 'online' | 'offline' | 'limited';

const PROBE_TIMEOUT_MS = 8000;
const MIN_PROBE_INTERVAL_MS = 60_000;

class ConnectivityState {
	status = $state<Connectivity>('online');
	#lastProbe = 0;
	#started = false;

	start(): void {
		if (this.#started || typeof window === 'undefined') return;
		this.#started = true;
		this.status = navigator.onLine ? 'online' : 'offline';
		window.addEventListener('offline', () => (this.status = 'offline'));
		window.addEventListener('online', () => void this.probe(true));
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') void this.probe(false);
		});
		void this.probe(true);
	}

	async probe(force: boolean): Promise<void> {
		if (!navigator.onLine) {
			this.status = 'offline';
			return;
		}
		const now = Date.now();
		if (!force && now - this.#lastProbe < MIN_PROBE_INTERVAL_MS) return;
		this.#lastProbe = now;
		try {
			// HEAD: the answer is the status alone, a few hundred bytes on the wire.
			const response = await fetch('/healthz', {
				method: 'HEAD',
				cache: 'no-store',
				signal: AbortSignal.timeout(PROBE_TIMEOUT_MS)
			});
			this.status = response.ok ? 'online' : 'limited';
		} catch {
			// A failed probe while the browser claims a network means the link is there but the
			// server is not reachable through it.
			this.status = navigator.onLine ? 'limited' : 'offline';
		}
	}
}

export const connectivity = new ConnectivityState();
