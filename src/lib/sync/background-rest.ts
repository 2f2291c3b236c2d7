/**
 * Rests a connection while the app is in the background.
 *
 * An open socket costs the server's pings and the phone's radio waking to answer them, for a
 * person who is not looking. So once the app has been hidden for a grace period (a quick look at
 * another app keeps the socket) and nothing written on this device waits for the server, the
 * connection rests: its socket is closed on purpose and nothing is retried. Changes still waiting
 * keep it open until the server has confirmed them, then it rests. A change made while resting
 * wakes it, to be sent; so does the app becoming visible again.
 */
import type { SyncTimers } from './sync-environment';

export interface BackgroundRestOptions {
	timers: SyncTimers;
	graceMs: number;
	/** Whether the connection may rest now: connecting is wanted, and nothing it can send waits. */
	mayRest(): boolean;
	/** Close the socket and stay away. */
	rest(): void;
	/** Connect again. */
	wake(): void;
}

export class BackgroundRest {
	#resting = false;
	#hidden = false;
	#graceOver = false;
	#timer: unknown = null;

	constructor(
		private readonly options: BackgroundRestOptions,
		hidden: boolean
	) {
		if (hidden) this.hide();
	}

	get resting(): boolean {
		return this.#resting;
	}

	/** The app went into the background: rest once the grace period is over. */
	hide(): void {
		this.#clear();
		this.#hidden = true;
		this.#graceOver = false;
		this.#timer = this.options.timers.setTimeout(() => {
			this.#timer = null;
			this.#graceOver = true;
			this.check();
		}, this.options.graceMs);
	}

	/** The app is visible: no resting. Returns whether it was resting (and has been woken). */
	show(): boolean {
		this.#clear();
		this.#hidden = false;
		this.#graceOver = false;
		if (!this.#resting) return false;
		this.#resting = false;
		this.options.wake();
		return true;
	}

	/** What may rest changed (changes sent or written): rest, or wake to send what is new. */
	check(): void {
		if (this.#resting) {
			if (this.options.mayRest()) return;
			this.#resting = false;
			this.options.wake();
			return;
		}
		if (!this.#hidden || !this.#graceOver || !this.options.mayRest()) return;
		this.#resting = true;
		this.options.rest();
	}

	/** Connecting was asked for from outside (a resume): stop resting; still hidden, rest later. */
	interrupt(): void {
		this.#resting = false;
		if (this.#hidden) this.hide();
	}

	destroy(): void {
		this.#clear();
	}

	#clear(): void {
		if (this.#timer !== null) this.options.timers.clearTimeout(this.#timer);
		this.#timer = null;
	}
}
