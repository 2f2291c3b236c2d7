/**
 * Sends a series of messages over a WebSocket no faster than the link carries them.
 *
 * `WebSocket.send` never blocks: it queues, and `bufferedAmount` says how much is still waiting
 * to leave. Sending a megabyte at once on a slow link would sit in that queue for a minute,
 * holding memory and delaying everything sent after it (a probe, a fresh change). So the next
 * message goes only once the queue has drained below `lowWaterBytes`; browsers have no drain
 * event, so the socket is looked at again every `pollMs` until then.
 */
import type { SyncTimers } from './sync-environment';

/** The parts of a WebSocket pacing needs (the DOM one and `ws` both have them). */
export interface PacedSocket {
	readonly bufferedAmount: number;
	send(data: Uint8Array<ArrayBuffer>): void;
}

export interface PacedSendOptions {
	timers: SyncTimers;
	/** Sending goes on while this holds (the socket is open and still the connection's). */
	isCurrent: () => boolean;
	/** Called once, after the last message was handed to the socket; not when cancelled. */
	onDone: () => void;
	lowWaterBytes: number;
	pollMs: number;
}

/** Starts sending `messages` in order; returns how to stop before the rest is sent. */
export function sendPaced(
	socket: PacedSocket,
	messages: Iterable<Uint8Array<ArrayBuffer>>,
	{ timers, isCurrent, onDone, lowWaterBytes, pollMs }: PacedSendOptions
): () => void {
	const pending = messages[Symbol.iterator]();
	let timer: unknown = null;
	let stopped = false;

	function pump(): void {
		timer = null;
		while (!stopped && isCurrent()) {
			if (socket.bufferedAmount > lowWaterBytes) {
				timer = timers.setTimeout(pump, pollMs);
				return;
			}
			const next = pending.next();
			if (next.done === true) {
				stopped = true;
				onDone();
				return;
			}
			socket.send(next.value);
		}
	}

	pump();
	return () => {
		stopped = true;
		if (timer !== null) timers.clearTimeout(timer);
		timer = null;
	};
}
