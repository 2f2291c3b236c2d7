// A loose limit on requests from one network address in a fixed window, for endpoints that
// anyone may call without signing in (GET /api/links/:dropId): it slows down guessing without
// pretending to identify anyone. People behind one carrier NAT share an address, so the limit is
// set far above what honest use needs. Windows are forgotten once they end, bounding memory.
export interface PerAddressLimitOptions {
	now: () => number;
	limit: number;
	windowMs: number;
}

export class PerAddressLimit {
	readonly #windows = new Map<string, { startedAt: number; count: number }>();
	readonly #options: PerAddressLimitOptions;

	constructor(options: PerAddressLimitOptions) {
		this.#options = options;
	}

	/** Counts one request; returns 0 when it may go ahead, else the milliseconds to wait. */
	take(address: string): number {
		const { now, limit, windowMs } = this.#options;
		const time = now();
		this.#forgetEnded(time);
		const window = this.#windows.get(address) ?? { startedAt: time, count: 0 };
		if (window.count >= limit) return window.startedAt + windowMs - time;
		window.count++;
		this.#windows.set(address, window);
		return 0;
	}

	/** Windows are kept in the order they started, so the ended ones are at the front. */
	#forgetEnded(time: number): void {
		for (const [address, window] of this.#windows) {
			if (window.startedAt + this.#options.windowMs > time) break;
			this.#windows.delete(address);
		}
	}
}
