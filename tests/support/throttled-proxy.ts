// A TCP proxy that behaves like a slow mobile link: each direction carries at most
// `bytesPerSecond` and delivers every byte `rttMs / 2` after it left, and it can cut every
// connection at once, as a train entering a tunnel does. It counts the bytes it delivers, per
// connection and in each direction, so a test can tell a resumed download from a restarted one.
//
// Backpressure is real: a direction holds at most `bufferBytes` in flight and stops reading its
// source beyond that, so the sender's own buffers fill (its `bufferedAmount` grows, its write
// callbacks wait) as they would on a slow network, instead of the proxy swallowing everything.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface ThrottleOptions {
	/** The port on 127.0.0.1 to forward to. */
	targetPort: number;
	/** Per direction; 128 kbit/s is 16 000 bytes a second. */
	bytesPerSecond: number;
	/** Round trip: each direction adds half of it. */
	rttMs: number;
	/** Bytes one direction may hold in flight before it stops reading. */
	bufferBytes?: number;
}

/** What went through one proxied connection, in bytes actually delivered. */
export interface LinkTraffic {
	/** Client to server. */
	up: number;
	/** Server to client. */
	down: number;
}

export interface ThrottledProxy {
	readonly port: number;
	/** One entry per connection, in the order they were made. */
	readonly links: readonly LinkTraffic[];
	/** Drops every open connection at once, losing whatever was still in flight. */
	cut(): void;
	close(): Promise<void>;
}

/** Slices are sent one at a time, so a large read does not arrive as one burst. */
const SLICE_BYTES = 1024;

class Direction {
	private readonly queue: Buffer[] = [];
	private inFlight = 0;
	/** When the link is free to start sending the next slice. */
	private linkFreeAt = 0;
	private readonly timers = new Set<NodeJS.Timeout>();
	private sending = false;

	constructor(
		private readonly from: Socket,
		private readonly to: Socket,
		private readonly options: Required<ThrottleOptions>,
		private readonly delivered: (bytes: number) => void
	) {
		from.on('data', (chunk: Buffer) => this.accept(chunk));
	}

	stop(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.queue.length = 0;
	}

	private accept(chunk: Buffer): void {
		for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
			this.queue.push(chunk.subarray(at, at + SLICE_BYTES));
		}
		this.inFlight += chunk.length;
		if (this.inFlight > this.options.bufferBytes) this.from.pause();
		this.pump();
	}

	/** Puts the next slice on the wire once the previous one has been sent. */
	private pump(): void {
		if (this.sending) return;
		const slice = this.queue.shift();
		if (!slice) return;
		this.sending = true;
		const now = Date.now();
		const start = Math.max(now, this.linkFreeAt);
		const sent = start + (slice.length * 1000) / this.options.bytesPerSecond;
		this.linkFreeAt = sent;
		this.later(sent - now, () => {
			this.sending = false;
			// Off the sender's side of the link: it may send more while this one travels.
			this.later(this.options.rttMs / 2, () => this.deliver(slice));
			this.pump();
		});
	}

	private deliver(slice: Buffer): void {
		if (this.to.destroyed) return;
		this.to.write(slice);
		this.delivered(slice.length);
		this.inFlight -= slice.length;
		if (this.inFlight <= this.options.bufferBytes / 2 && this.from.isPaused()) this.from.resume();
	}

	private later(ms: number, run: () => void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			run();
		}, ms);
		this.timers.add(timer);
	}
}

export async function startThrottledProxy(options: ThrottleOptions): Promise<ThrottledProxy> {
	const settings: Required<ThrottleOptions> = { bufferBytes: 16 * 1024, ...options };
	const links: LinkTraffic[] = [];
	const open = new Set<{ client: Socket; upstream: Socket; directions: Direction[] }>();

	const server: Server = createServer((client) => {
		const traffic: LinkTraffic = { up: 0, down: 0 };
		links.push(traffic);
		const upstream = connect(settings.targetPort, '127.0.0.1');
		const pair = {
			client,
			upstream,
			directions: [
				new Direction(client, upstream, settings, (n) => (traffic.up += n)),
				new Direction(upstream, client, settings, (n) => (traffic.down += n))
			]
		};
		open.add(pair);
		const drop = () => {
			if (!open.delete(pair)) return;
			for (const direction of pair.directions) direction.stop();
			client.destroy();
			upstream.destroy();
		};
		// Either end closing (or failing) takes the whole connection down, as a real link would.
		for (const socket of [client, upstream]) {
			socket.on('close', drop);
			socket.on('error', drop);
		}
	});
	await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('The proxy has no port.');
	const { port } = address;

	const cut = () => {
		for (const pair of [...open]) {
			open.delete(pair);
			for (const direction of pair.directions) direction.stop();
			// A reset, not a goodbye: neither end gets a close frame.
			pair.client.resetAndDestroy();
			pair.upstream.resetAndDestroy();
		}
	};

	return {
		port,
		links,
		cut,
		close() {
			cut();
			return new Promise((closed) => server.close(() => closed()));
		}
	};
}
