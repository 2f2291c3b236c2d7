/**
 * A busy room's frames on their way to its sockets (room-stream.ts): each frame is written to
 * its sockets a slice at a time, yielding to the event loop between slices, instead of to a
 * thousand sockets in one synchronous burst.
 *
 * Why: one write to a loopback or LAN socket costs tens of microseconds (the kernel does much of
 * the receiving side's work in the sender's call), so a room of 1,000 held the server's loop for
 * 15–35 ms per post, and every other room, sign-in and first sync waited behind it. In slices,
 * the loop takes its other work in between, and the sockets' clients start reading while the
 * rest are still being written.
 *
 * The order rules, which the shared stream depends on (RFC 7692: every socket on a stream must
 * receive each of its compressed frames, in order, and nothing else compressed):
 * - Frames go out in the order they were sent here, one after the other: a frame's fan-out
 *   starts only once the one before it has reached all of its sockets. So no socket ever gets a
 *   frame before an earlier one.
 * - A frame goes to the sockets it was sent for, fixed when it was sent: a socket that joins the
 *   stream later (at a fresh epoch) is not among them, so it never gets a frame from before it
 *   joined, not even one still on its way out to the others.
 * - A socket that left (`stillOn` says no: it closed, or fell too far behind) is skipped for the
 *   rest of every frame still going out, so nothing more is written to it.
 * - The first slice of a frame that finds nothing ahead of it is written at once, so a room no
 *   larger than a slice is served exactly as before, with no added delay.
 */

/** One socket a frame is written to (a stream member, room-stream.ts). */
export interface FanOutTarget {
	write(frame: readonly Buffer[], bytes: number): void;
}

export interface FanOutOptions<Target extends FanOutTarget> {
	/** Sockets written to before yielding to the event loop. */
	sliceSize: number;
	/** False once `target` has left: it is skipped from then on. */
	stillOn(target: Target): boolean;
	/** Runs `next` once the event loop has had its turn; setImmediate unless a test steps it. */
	yieldTo?: (next: () => void) => void;
	/** Called each time the last frame waiting has reached all of its sockets. */
	onDrained?: () => void;
}

/**
 * Sockets written to per slice: a write to a loopback socket costs 12–30 µs here (the kernel does
 * the receiving side's work in the sender's call), so a slice holds the loop for 1–3 ms. In one
 * room of 1,000 the server's event-loop delay p99 went from 30–54 ms to 10–23 ms; slices of 25
 * or 50 were no better, and none changed the relay p99 beyond the runs' own spread.
 */
export const DEFAULT_SLICE_SIZE = 100;

interface Outgoing<Target> {
	readonly frame: readonly Buffer[];
	readonly bytes: number;
	readonly targets: readonly Target[];
	next: number;
}

export class FanOut<Target extends FanOutTarget> {
	private readonly queue: Outgoing<Target>[] = [];
	private scheduled = false;
	private readonly yieldTo: (next: () => void) => void;

	constructor(private readonly options: FanOutOptions<Target>) {
		if (!(options.sliceSize >= 1)) throw new RangeError('A slice must hold at least one socket.');
		this.yieldTo = options.yieldTo ?? ((next) => void setImmediate(next));
	}

	/** Nothing waiting to be written. */
	get idle(): boolean {
		return this.queue.length === 0;
	}

	/** Writes `frame` to each of `targets` still on, after every frame sent before it. */
	send(frame: readonly Buffer[], bytes: number, targets: readonly Target[]): void {
		if (targets.length === 0) return;
		this.queue.push({ frame, bytes, targets, next: 0 });
		if (this.queue.length === 1 && !this.scheduled) this.writeSlice();
	}

	/** Drops every frame still waiting (the room is retired). */
	clear(): void {
		this.queue.length = 0;
	}

	private writeSlice(): void {
		let budget = this.options.sliceSize;
		while (budget > 0) {
			const head = this.queue[0];
			if (!head) break;
			while (budget > 0 && head.next < head.targets.length) {
				const target = head.targets[head.next++];
				budget--;
				if (target !== undefined && this.options.stillOn(target)) {
					target.write(head.frame, head.bytes);
				}
			}
			if (head.next >= head.targets.length) this.queue.shift();
		}
		if (this.queue.length === 0) {
			this.options.onDrained?.();
			return;
		}
		this.scheduled = true;
		this.yieldTo(() => {
			this.scheduled = false;
			this.writeSlice();
		});
	}
}
