// The drop box for linking a device (links.ts): a sealed box one of a person's phones leaves
// under a name derived from the link code, for their other phone to take once. Kept in memory
// only: a link lives ten minutes, and nothing about it should outlast a restart or reach disk.
//
// Invariants: at most one open drop per person (a new one replaces the old), a drop is handed
// out once, and an expired drop is never handed out. Memory is bounded by `capacity`; when full,
// the oldest drop goes first (its phone is told the code ran out, and makes another).
import type { SealedBox } from '../../src/lib/domain/journal-crypto/aes-gcm';

export const LINK_TTL_MS = 10 * 60_000;
const DEFAULT_CAPACITY = 2000;

interface Drop {
	userId: string;
	box: SealedBox;
	expiresAt: number;
}

export interface LinkDropsOptions {
	now: () => number;
	ttlMs?: number;
	capacity?: number;
}

export class LinkDrops {
	/** By drop id, in the order they were left: the first is always the oldest. */
	readonly #drops = new Map<string, Drop>();
	readonly #byPerson = new Map<string, string>();
	readonly #now: () => number;
	readonly #ttlMs: number;
	readonly #capacity: number;

	constructor(options: LinkDropsOptions) {
		this.#now = options.now;
		this.#ttlMs = options.ttlMs ?? LINK_TTL_MS;
		this.#capacity = options.capacity ?? DEFAULT_CAPACITY;
	}

	/**
	 * Leaves `box` under `dropId` for `userId`, replacing their earlier drop; returns when it
	 * expires, or null when another person's drop already has that id.
	 */
	leave(userId: string, dropId: string, box: SealedBox): number | null {
		this.#sweep();
		const existing = this.#drops.get(dropId);
		if (existing && existing.userId !== userId) return null;
		this.cancel(userId);
		while (this.#drops.size >= this.#capacity) {
			const oldest = this.#drops.keys().next();
			if (oldest.done) break;
			this.#remove(oldest.value);
		}
		const expiresAt = this.#now() + this.#ttlMs;
		this.#drops.set(dropId, { userId, box, expiresAt });
		this.#byPerson.set(userId, dropId);
		return expiresAt;
	}

	/** The box under `dropId`, removed as it is handed out; undefined when there is none. */
	take(dropId: string): SealedBox | undefined {
		this.#sweep();
		const drop = this.#drops.get(dropId);
		if (drop === undefined) return undefined;
		this.#remove(dropId);
		return drop.box;
	}

	/** Whether `dropId` would be handed out now, without handing it out (HEAD). */
	has(dropId: string): boolean {
		this.#sweep();
		return this.#drops.has(dropId);
	}

	/** Removes the person's open drop, if any; returns whether there was one. */
	cancel(userId: string): boolean {
		const dropId = this.#byPerson.get(userId);
		if (dropId === undefined) return false;
		this.#remove(dropId);
		return true;
	}

	get size(): number {
		return this.#drops.size;
	}

	#remove(dropId: string): void {
		const drop = this.#drops.get(dropId);
		this.#drops.delete(dropId);
		if (drop && this.#byPerson.get(drop.userId) === dropId) this.#byPerson.delete(drop.userId);
	}

	/** Drops are left in time order with one lifetime, so the expired ones are at the front. */
	#sweep(): void {
		const now = this.#now();
		for (const [dropId, drop] of this.#drops) {
			if (drop.expiresAt > now) break;
			this.#remove(dropId);
		}
	}
}
