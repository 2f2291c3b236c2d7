// A seeded PRNG (mulberry32) for the sync simulations: the same seed replays the same run, so a
// failing seed printed by a test can be rerun alone and stepped through.

export class SimRandom {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [0, n). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	/** One element of a non-empty array, or undefined for an empty one. */
	pick<T>(items: readonly T[]): T | undefined {
		return items[this.int(items.length)];
	}

	/** Eight hex digits, for record keys. */
	id(): string {
		return this.int(0x100000000).toString(16).padStart(8, '0');
	}

	/** Picks a key in proportion to its weight; keys with weight 0 are never picked. */
	weighted<K>(entries: readonly (readonly [K, number])[]): K | undefined {
		const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
		let roll = this.next() * total;
		for (const [key, weight] of entries) {
			if (weight <= 0) continue;
			if (roll < weight) return key;
			roll -= weight;
		}
		return undefined;
	}
}
