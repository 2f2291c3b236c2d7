/**
 * One pending timeout per key: setting a key again replaces its timer. Plain bookkeeping that
 * nothing renders, so it lives outside the runes modules.
 */
export class KeyedTimers {
	readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

	set(key: string, delayMs: number, run: () => void): void {
		this.cancel(key);
		this.#timers.set(
			key,
			setTimeout(
				() => {
					this.#timers.delete(key);
					run();
				},
				Math.max(0, delayMs)
			)
		);
	}

	cancel(key: string): void {
		clearTimeout(this.#timers.get(key));
		this.#timers.delete(key);
	}

	cancelAll(): void {
		for (const timer of this.#timers.values()) clearTimeout(timer);
		this.#timers.clear();
	}
}
