/**
 * One shared compressed stream per busy room: each relayed update is deflated ONCE for the room
 * and the identical frame is written to every socket on the stream, instead of once per socket.
 *
 * Why it is valid (RFC 7692): the compressor may always choose what to reference, and a client's
 * inflater window holds only the messages it received compressed (one sent without RSV1 never
 * touches it). So a socket may join a stream only where the stream starts afresh (an "epoch": a
 * new deflater that references nothing earlier), and from then on it must receive every message
 * of that stream, in order, and nothing else compressed: its other messages (presence, answers to
 * its probes) go with `compress: false`. The socket's earlier, per-socket compressed messages
 * stay in its window, unreferenced.
 *
 * Which sockets (room.ts asks before each relayed update, while no compression is running):
 * - only in rooms with at least `minConnections` sockets; below that every socket keeps
 *   `ws`'s own per-socket stream exactly as before;
 * - only a socket that is quiet: its first sync done (that catch-up stays compressed on its own
 *   stream), nothing of its own relayed or paced still on its way out, `ws` idle;
 * - a new epoch starts when quiet sockets are waiting to join and the current epoch is at least
 *   `epochMinMs` old (or there is none). Every start costs bytes (the next messages find no
 *   earlier posts to point back to), so late joiners wait on their own compression a while.
 * - a socket whose client asked for no context takeover cannot be on a stream; instead each
 *   message is compressed once, statelessly, for all such sockets, and they join at any time.
 *
 * Merging: while the stream's deflate job runs, later updates wait and then go as one merged
 * update, so the room has at most one job waiting, whatever the number of sockets.
 *
 * Writing: each frame goes to its sockets in slices that yield to the event loop between them
 * (fan-out.ts), frames one after another in the order they were made, each to the members it
 * was made for. The next update's deflate job may run while a frame is still going out.
 *
 * A socket on the stream cannot skip a message: one whose unsent bytes pass its cap closes
 * itself (1013) and catches up when its client reconnects.
 *
 * The author of an update is on the stream too, so it receives its own update back (Yjs ignores
 * it): one compressed copy of the post, instead of a deflate job per reader.
 */
import { constants, createDeflateRaw, deflateRawSync, type DeflateRaw } from 'node:zlib';
import { DEFAULT_SLICE_SIZE, FanOut } from './fan-out';
import { binaryFrame, STREAM_WINDOW_BITS, type RawFrameWriter } from './raw-frames';
import type { RelayedUpdate } from './relay-outbox';

/** A socket that can be put on a room's shared stream (connection.ts). */
export interface StreamMember {
	readonly writer: RawFrameWriter;
	/** Quiet enough to join: first sync done, nothing of its own still on its way out. */
	readyToJoin(): boolean;
	/** On the stream: from now on, until it closes, everything else it is sent goes uncompressed. */
	joined(): void;
	/** Writes a frame of the stream; the member closes itself if it is too far behind. */
	write(frame: readonly Buffer[], bytes: number): void;
	/** The stream failed: the member must close, so its client reconnects and catches up. */
	fail(): void;
}

export interface RoomStreamOptions {
	/** Sockets a room needs before anyone joins its stream. */
	minConnections: number;
	/** The least time between two epochs. */
	epochMinMs: number;
	/** Sockets a frame is written to before yielding to the event loop (fan-out.ts). */
	sliceSize?: number;
	/** How the fan-out yields between slices; setImmediate unless a test steps it. */
	yieldTo?: (next: () => void) => void;
	/** One sync update message holding `updates` (two or more), as room.ts merges them. */
	merge(updates: readonly RelayedUpdate[]): Uint8Array;
	onError(message: string, cause: unknown): void;
	now?: () => number;
}

/**
 * Below this a room keeps per-socket compression exactly as before: a post costs at most this
 * many deflate jobs, and the benchmark's rooms of ten relay within 25 ms p99 that way. Rooms of a
 * hundred already paid (p99 58 ms before the stream, 47 ms with it). Not tuned more finely.
 */
export const DEFAULT_STREAM_MIN_CONNECTIONS = 32;
export const DEFAULT_EPOCH_MIN_MS = 10_000;

/** Level and memory level as deflate-options.ts chose them for every socket's own stream. */
const ZLIB_OPTIONS = { level: 6, memLevel: 7, windowBits: STREAM_WINDOW_BITS } as const;
/**
 * `ws`'s default threshold: without context takeover a small message alone deflates poorly, and
 * sent plain it costs the client no inflating.
 */
const STATELESS_THRESHOLD_BYTES = 1024;
/** What Z_SYNC_FLUSH ends each message with; RFC 7692 §7.2.1 has the sender drop it. */
const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

export class RoomStream {
	private readonly onStream = new Set<StreamMember>();
	private readonly stateless = new Set<StreamMember>();
	private deflater: DeflateRaw | null = null;
	private output: Buffer[] = [];
	private epochStartedAt = 0;
	private epochCount = 0;
	private pending: RelayedUpdate[] = [];
	private busy = false;
	private readonly now: () => number;
	private readonly fanOut: FanOut<StreamMember>;
	private idleWaiters: (() => void)[] = [];

	constructor(private readonly options: RoomStreamOptions) {
		this.now = options.now ?? Date.now;
		this.fanOut = new FanOut<StreamMember>({
			sliceSize: options.sliceSize ?? DEFAULT_SLICE_SIZE,
			stillOn: (member) => this.carries(member),
			yieldTo: options.yieldTo,
			onDrained: () => this.checkIdle()
		});
	}

	/** Sockets on the stream or sharing stateless frames. */
	get size(): number {
		return this.onStream.size + this.stateless.size;
	}

	/** Epochs started so far (each one a fresh deflater). */
	get epochs(): number {
		return this.epochCount;
	}

	carries(member: StreamMember | undefined): boolean {
		return member !== undefined && (this.onStream.has(member) || this.stateless.has(member));
	}

	/**
	 * Lets quiet members join, before an update is relayed to the room. Only between jobs, so a
	 * new epoch never starts under a message still being compressed for the old one.
	 */
	admit(members: readonly StreamMember[], roomSize: number): void {
		if (this.busy || this.pending.length > 0 || roomSize < this.options.minConnections) return;
		const waiting = members.filter((member) => !this.carries(member) && member.readyToJoin());
		for (const member of waiting) {
			if (member.writer.negotiated !== 'stateless') continue;
			this.stateless.add(member);
			member.joined();
		}
		const joiners = waiting.filter((member) => member.writer.negotiated === 'stream');
		if (joiners.length === 0) return;
		const epochAge = this.now() - this.epochStartedAt;
		if (this.deflater !== null && epochAge < this.options.epochMinMs) return;
		this.startEpoch();
		for (const member of joiners) {
			this.onStream.add(member);
			member.joined();
		}
	}

	/** Sends `update` to every member, compressed once; later ones wait and merge meanwhile. */
	push(update: RelayedUpdate): void {
		if (this.size === 0) return;
		this.pending.push(update);
		if (!this.busy) this.sendNext();
	}

	remove(member: StreamMember | undefined): void {
		if (member === undefined) return;
		this.stateless.delete(member);
		this.onStream.delete(member);
		if (this.onStream.size === 0 && !this.busy) this.endEpoch();
	}

	/** Frees the deflater and drops what is still going out (the room is retired). */
	close(): void {
		this.onStream.clear();
		this.stateless.clear();
		this.pending = [];
		this.fanOut.clear();
		this.endEpoch();
		this.checkIdle();
	}

	/**
	 * Resolves once nothing is waiting, compressing or going out: every update pushed so far has
	 * been written to every member it was for.
	 */
	whenIdle(): Promise<void> {
		if (this.idle) return Promise.resolve();
		return new Promise((done) => this.idleWaiters.push(done));
	}

	private get idle(): boolean {
		return !this.busy && this.pending.length === 0 && this.fanOut.idle;
	}

	private checkIdle(): void {
		if (!this.idle) return;
		const waiters = this.idleWaiters;
		this.idleWaiters = [];
		for (const done of waiters) done();
	}

	private startEpoch(): void {
		this.endEpoch();
		const deflater = createDeflateRaw(ZLIB_OPTIONS);
		deflater.on('data', (chunk: Buffer) => this.output.push(chunk));
		deflater.on('error', (error) => {
			if (this.deflater === deflater) this.failStream(error);
		});
		this.deflater = deflater;
		this.epochStartedAt = this.now();
		this.epochCount++;
	}

	private endEpoch(): void {
		this.deflater?.removeAllListeners('data');
		this.deflater?.close();
		this.deflater = null;
		this.output = [];
	}

	private sendNext(): void {
		const batch = this.pending;
		this.pending = [];
		const [first] = batch;
		if (!first) return this.checkIdle();
		const message = Buffer.from(batch.length === 1 ? first.message : this.options.merge(batch));
		if (this.stateless.size > 0) this.sendStateless(message);
		const deflater = this.deflater;
		if (this.onStream.size === 0 || deflater === null) return this.sendNext();
		this.busy = true;
		deflater.write(message);
		deflater.flush(constants.Z_SYNC_FLUSH, () => {
			this.busy = false;
			// The room was retired meanwhile (close): nothing is left to send.
			if (this.deflater !== deflater) return this.checkIdle();
			const data = Buffer.concat(this.output);
			this.output = [];
			if (!data.subarray(-TAIL.length).equals(TAIL)) {
				return this.failStream(new Error('a flushed deflate block did not end as expected'));
			}
			const payload = data.subarray(0, data.length - TAIL.length);
			const frame = binaryFrame(payload, true);
			this.fanOut.send(frame, frame[0]?.byteLength ?? 0, [...this.onStream]);
			if (this.onStream.size === 0) this.endEpoch();
			this.sendNext();
		});
	}

	/**
	 * Each message compressed on its own, or sent plain when it is under `ws`'s threshold for
	 * such sockets (as `ws` itself would) or compressing it would not make it smaller.
	 */
	private sendStateless(message: Buffer): void {
		let payload = message;
		if (message.byteLength >= STATELESS_THRESHOLD_BYTES) {
			const options = { ...ZLIB_OPTIONS, finishFlush: constants.Z_SYNC_FLUSH };
			const deflated = deflateRawSync(message, options);
			payload = deflated.subarray(0, deflated.length - TAIL.length);
		}
		const compressed = payload.byteLength < message.byteLength;
		const frame = binaryFrame(compressed ? payload : message, compressed);
		this.fanOut.send(frame, frame[0]?.byteLength ?? 0, [...this.stateless]);
	}

	/** Never guess at a broken stream: its members close and catch up when they reconnect. */
	private failStream(cause: unknown): void {
		this.options.onError('sync: a room stream failed; its sockets were closed', cause);
		const members = [...this.onStream];
		this.onStream.clear();
		this.busy = false;
		this.endEpoch();
		for (const member of members) member.fail();
		// Sockets sharing stateless frames are not on the broken stream: they still get the rest.
		this.sendNext();
	}
}
