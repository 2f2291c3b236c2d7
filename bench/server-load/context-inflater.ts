/**
 * Each benchmark client inflates its own messages at once, on the driver's main thread, as a
 * phone's browser does in its network code, instead of through `ws`'s inflater.
 *
 * Why: `ws` inflates each message in three steps on Node's thread pool (the payload, the
 * RFC 7692 tail, a flush), each a hand-off and a wake-up. Five hundred clients in one driver
 * process, receiving one post at once, queue 1,500 such jobs in one line, and none of the 500
 * copies is delivered until nearly all are inflated. Phones have no such line: each inflates
 * its own copy, at once. Measured in one room of 1,000: each driver's CPU went from 33–47% to
 * 17–21% (10,000 copies a second between them), and the relay p50 from 60–67 ms to 20–33 ms
 * (the server's fan-out unchanged).
 *
 * The work is the phone's, not less: every client keeps its own zlib inflater for its whole
 * connection (context takeover: a 32 KiB window of what it received before) and inflates every
 * message it receives with it. Only the calling differs: synchronously, through the inflater's
 * native handle, as Node's own `inflateSync` calls it, but without closing it after one message.
 *
 * This reaches into two internals, checked before use, and falls back to `ws`'s own inflating
 * when either differs: a `ws` (8.x) client socket's negotiated `permessage-deflate` extension,
 * whose `decompress(data, fin, callback)` its receiver calls for each compressed frame; and a
 * Node (20) zlib stream's `_handle.writeSync` and `_writeState`, which `zlib.inflateRawSync` uses.
 */
import { constants, createInflateRaw, type InflateRaw } from 'node:zlib';
import type WebSocket from 'ws';

const WINDOW_BITS = 15;
/** What the sender dropped from each message's end (RFC 7692 §7.2.2: the receiver appends it). */
const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const EMPTY = Buffer.alloc(0);
const DEFLATE_EXTENSION = 'permessage-deflate';
/** Output room per call; one buffer for every client in the process, as the calls never overlap. */
const SCRATCH = Buffer.allocUnsafe(64 * 1024);

type Decompress = (
	data: Buffer,
	fin: boolean,
	callback: (error: Error | null, result?: Buffer) => void
) => void;

/** Node's native zlib handle, as `zlib.inflateRawSync` drives it. */
interface NativeHandle {
	writeSync(
		flush: number,
		input: Buffer,
		inOffset: number,
		inLength: number,
		output: Buffer,
		outOffset: number,
		outLength: number
	): void;
}

/** One client's inflater, for its connection's lifetime, and a message's fragments so far. */
export class ContextInflater {
	private fragments: Buffer[] = [];

	private constructor(
		private readonly stream: InflateRaw,
		private readonly handle: NativeHandle,
		/** After each call: output room left, input left. */
		private readonly state: Uint32Array,
		private readonly takeover: boolean
	) {}

	/**
	 * An inflater, or null when this Node's zlib streams lack the internals used here.
	 * `takeover` false when the server was asked for no context takeover: each message alone.
	 */
	static create(takeover: boolean): ContextInflater | null {
		const stream = createInflateRaw({ windowBits: WINDOW_BITS });
		// A failed call destroys the stream; `inflate` sees that and throws, so nothing is lost.
		stream.on('error', () => {});
		const handle: unknown = Reflect.get(stream, '_handle');
		const state: unknown = Reflect.get(stream, '_writeState');
		if (
			typeof handle !== 'object' ||
			handle === null ||
			typeof Reflect.get(handle, 'writeSync') !== 'function' ||
			!(state instanceof Uint32Array)
		) {
			stream.close();
			return null;
		}
		return new ContextInflater(stream, handle as NativeHandle, state, takeover);
	}

	/** The message's bytes once its last fragment arrived (`fin`), else nothing yet. */
	inflate(data: Buffer, fin: boolean): Buffer {
		this.fragments.push(data);
		if (!fin) return EMPTY;
		const input = Buffer.concat([...this.fragments, TAIL]);
		this.fragments = [];
		const output: Buffer[] = [];
		let offset = 0;
		let left = input.byteLength;
		for (;;) {
			this.handle.writeSync(
				constants.Z_SYNC_FLUSH,
				input,
				offset,
				left,
				SCRATCH,
				0,
				SCRATCH.byteLength
			);
			if (this.stream.destroyed) throw new Error('A message did not inflate.');
			const [room = 0, inputLeft = 0] = this.state;
			const produced = SCRATCH.byteLength - room;
			if (produced > 0) output.push(Buffer.from(SCRATCH.subarray(0, produced)));
			offset += left - inputLeft;
			left = inputLeft;
			// Room left over means zlib had nothing more to give for this input.
			if (room > 0) break;
		}
		if (!this.takeover) this.stream.reset();
		return output.length === 1 && output[0] ? output[0] : Buffer.concat(output);
	}

	close(): void {
		this.stream.close();
	}
}

/**
 * Has `ws` (an open client socket) inflate through a ContextInflater; false when it negotiated
 * no compression or is not a `ws` this file knows (it then inflates as `ws` does).
 */
export function inflateOnReceipt(ws: WebSocket): boolean {
	const extensions: unknown = Reflect.get(ws, '_extensions');
	if (typeof extensions !== 'object' || extensions === null) return false;
	const deflate: unknown = Reflect.get(extensions, DEFLATE_EXTENSION);
	if (typeof deflate !== 'object' || deflate === null) return false;
	const params: unknown = Reflect.get(deflate, 'params');
	if (typeof Reflect.get(deflate, 'decompress') !== 'function' || typeof params !== 'object') {
		return false;
	}
	const takeover = params === null || Reflect.get(params, 'server_no_context_takeover') !== true;
	const inflater = ContextInflater.create(takeover);
	if (inflater === null) return false;
	const decompress: Decompress = (data, fin, callback) => {
		let result: Buffer;
		try {
			result = inflater.inflate(data, fin);
		} catch (error: unknown) {
			queueMicrotask(() => callback(error instanceof Error ? error : new Error(String(error))));
			return;
		}
		// Never synchronously: `ws`'s receiver expects the answer after `decompress` returns.
		queueMicrotask(() => callback(null, result));
	};
	Reflect.set(deflate, 'decompress', decompress);
	ws.once('close', () => inflater.close());
	return true;
}
