// A seeded PRNG (mulberry32) for the sync simulations: the same seed replays the same run, so a
// failing seed printed by a test can be rerun alone and stepped through.

import { mulberry32 } from './seeded-random';

export class SimRandom {
	/** A float in [0, 1). */
	readonly next: () => number;

	constructor(seed: number) {
		this.next = mulberry32(seed);
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
