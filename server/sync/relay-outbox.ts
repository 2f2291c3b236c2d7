/**
 * What a connection relays, in order, with one rule: while a relayed message is still on its way
 * out (being compressed, or waiting for the socket), later updates wait here, and once it is out
 * they go as one merged update.
 *
 * Why: each copy sent on a compressing socket is one deflate job on that socket's own stream
 * (deflate-options.ts keeps context takeover, for the person's bytes). In a busy room the jobs
 * queue behind each other, and without merging every socket's backlog grows with every post:
 * ten posts a second into a room of 1,000 is 10,000 jobs a second. Merged, a socket has at most
 * one job waiting, so the work follows what the server can do rather than what arrives, and the
 * person receives fewer, not more, bytes (one message and one Yjs header for several updates).
 * An idle socket sends at once, so a quiet room sees no delay at all.
 *
 * Presence and other messages are never merged and keep their place in the order. A merged
 * update is made once per room for every socket waiting on the same updates (`merge`).
 */

/** One stored update as the room relays it: shared, never copied, by every member. */
export interface RelayedUpdate {
	/** The room's count of relayed updates: the same list of seqs merges to the same bytes. */
	readonly seq: number;
	readonly update: Uint8Array;
	/** The update as a y-websocket sync update message. */
	readonly message: Uint8Array;
}

type Waiting = { readonly update: RelayedUpdate } | { readonly message: Uint8Array };

export interface RelayOutboxOptions {
	/** Sends a message; `done(false)` when it will never be written (the socket closed). */
	send(message: Uint8Array, done: (sent: boolean) => void): void;
	/** One sync update message holding all of `updates` (two or more, in relay order). */
	merge(updates: readonly RelayedUpdate[]): Uint8Array;
}

export class RelayOutbox {
	private waiting: Waiting[] = [];
	private waitingBytes = 0;
	private inFlight = 0;

	constructor(private readonly options: RelayOutboxOptions) {}

	/** Bytes held here, not yet handed to the socket. */
	get heldBytes(): number {
		return this.waitingBytes;
	}

	update(update: RelayedUpdate): void {
		this.hold({ update }, update.message.byteLength);
	}

	message(message: Uint8Array): void {
		this.hold({ message }, message.byteLength);
	}

	/** Nothing held and nothing on its way out. */
	get idle(): boolean {
		return this.inFlight === 0 && this.waiting.length === 0;
	}

	/** Drops what is held (the connection is closing). */
	clear(): void {
		this.waiting = [];
		this.waitingBytes = 0;
	}

	private hold(item: Waiting, bytes: number): void {
		this.waiting.push(item);
		this.waitingBytes += bytes;
		if (this.inFlight === 0) this.flush();
	}

	private flush(): void {
		const items = this.waiting;
		this.clear();
		const messages: Uint8Array[] = [];
		let run: RelayedUpdate[] = [];
		const endRun = () => {
			const [first] = run;
			if (first && run.length === 1) messages.push(first.message);
			else if (run.length > 1) messages.push(this.options.merge(run));
			run = [];
		};
		for (const item of items) {
			if ('update' in item) {
				run.push(item.update);
			} else {
				endRun();
				messages.push(item.message);
			}
		}
		endRun();
		this.inFlight += messages.length;
		for (const message of messages) this.options.send(message, this.written);
	}

	private readonly written = (sent: boolean): void => {
		this.inFlight--;
		if (!sent) {
			this.clear();
			return;
		}
		if (this.inFlight === 0 && this.waiting.length > 0) this.flush();
	};
}
