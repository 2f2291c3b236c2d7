// The session challenges the server has handed out and not yet seen back. Each is 32 random
// bytes, bound to the public key that asked for it, usable once, for two minutes. They live in
// memory only: a restart forgets them, and a client simply asks again. The book holds at most
// `capacity`; when full, expired challenges go first, then the oldest, so memory stays bounded
// even when someone asks for challenges in a loop (rate limits belong to the proxy in front).
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger';

export const CHALLENGE_TTL_MS = 2 * 60 * 1000;
export const CHALLENGE_CAPACITY = 10_000;

export type ChallengeOutcome =
	{ ok: true } | { ok: false; problem: 'challenge-unknown' | 'challenge-expired' };

interface Entry {
	publicKey: string;
	expiresAt: number;
}

export class ChallengeBook {
	readonly #entries = new Map<string, Entry>();
	readonly #now: () => number;
	readonly #ttlMs: number;
	readonly #capacity: number;
	readonly #log: Logger;
	#warnedAt = -Infinity;

	constructor(options: { now: () => number; log: Logger; ttlMs?: number; capacity?: number }) {
		this.#now = options.now;
		this.#log = options.log;
		this.#ttlMs = options.ttlMs ?? CHALLENGE_TTL_MS;
		this.#capacity = options.capacity ?? CHALLENGE_CAPACITY;
	}

	/** A new challenge (base64url) for the key (base64url), and when it stops being accepted. */
	issue(publicKey: string): { challenge: string; expiresAt: number } {
		this.#makeRoom();
		const challenge = randomBytes(32).toString('base64url');
		const expiresAt = this.#now() + this.#ttlMs;
		this.#entries.set(challenge, { publicKey, expiresAt });
		return { challenge, expiresAt };
	}

	/**
	 * Uses the challenge up, whatever the outcome, so a signature can be tried against it only
	 * once. A challenge issued to another key counts as unknown.
	 */
	take(challenge: string, publicKey: string): ChallengeOutcome {
		const entry = this.#entries.get(challenge);
		this.#entries.delete(challenge);
		if (!entry || entry.publicKey !== publicKey) return { ok: false, problem: 'challenge-unknown' };
		if (entry.expiresAt <= this.#now()) return { ok: false, problem: 'challenge-expired' };
		return { ok: true };
	}

	get size(): number {
		return this.#entries.size;
	}

	#makeRoom(): void {
		if (this.#entries.size < this.#capacity) return;
		const now = this.#now();
		for (const [challenge, entry] of this.#entries) {
			if (entry.expiresAt <= now) this.#entries.delete(challenge);
		}
		if (this.#entries.size < this.#capacity) return;
		// Maps iterate in insertion order: the first keys are the oldest.
		for (const challenge of this.#entries.keys()) {
			if (this.#entries.size < this.#capacity) break;
			this.#entries.delete(challenge);
		}
		if (now - this.#warnedAt > 60_000) {
			this.#warnedAt = now;
			this.#log.warn(
				`${this.#capacity} sign-in challenges are waiting; dropping the oldest. ` +
					'Someone may be asking for challenges in a loop.'
			);
		}
	}
}
