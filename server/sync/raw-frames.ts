/**
 * Writing one pre-compressed WebSocket frame to many `ws` sockets (room-stream.ts), beneath
 * `ws`'s own per-message deflate.
 *
 * `ws` has no public way to send bytes that are already deflated, so this reaches two of its
 * internals (ws 8): a socket's `_sender` (whose `sendFrame` writes a frame list to the TCP
 * socket, corked, exactly as `ws` writes its own frames) and `_extensions`, the negotiated
 * per-message-deflate parameters. Both are checked when a socket is adapted: if a later `ws`
 * changes them, `rawFrameWriter` returns null and that socket simply keeps `ws`'s own
 * compression.
 *
 * Order is the one thing that must never break: the client's inflater reads compressed messages
 * in the order they arrive. `ws` queues sends while one of its own deflate jobs runs, so a frame
 * written past that queue would overtake them. A writer therefore writes only while `ws`'s sender
 * is idle (nothing deflating, nothing queued); a socket on a shared stream sends everything else
 * with `compress: false`, which `ws` writes synchronously, so its sender stays idle.
 */

/** How the socket's per-message deflate was negotiated, as far as a shared stream cares. */
export type Negotiated =
	/** Context takeover with a 32 KiB window: may join a room's shared stream. */
	| 'stream'
	/** The client asked for no context takeover: may share stateless compressed frames. */
	| 'stateless'
	/** No deflate, a smaller window, or a `ws` this file does not know: `ws` compresses alone. */
	| 'own';

export interface RawFrameWriter {
	readonly negotiated: Negotiated;
	/** True when `ws` has nothing deflating or queued, so a frame written now keeps its place. */
	idle(): boolean;
	/** Writes a frame built by `binaryFrame`; call only while `idle()`. */
	write(frame: readonly Buffer[]): void;
}

/** The window a shared stream's deflater uses: the largest, as deflate-options.ts explains. */
export const STREAM_WINDOW_BITS = 15;

const DEFLATE_EXTENSION = 'permessage-deflate';
/** `ws`'s Sender state when nothing is being deflated or read from a blob. */
const SENDER_IDLE = 0;
const BINARY_OPCODE = 0x02;
const FIN = 0x80;
const RSV1 = 0x40;

interface WsSender {
	_state: number;
	_queue: unknown[];
	sendFrame(list: readonly Buffer[], cb?: (error?: Error) => void): void;
}

interface DeflateParams {
	server_no_context_takeover?: boolean;
	server_max_window_bits?: number;
}

/** Adapts a `ws` server socket, or returns null when it is not one this file understands. */
export function rawFrameWriter(ws: object): RawFrameWriter | null {
	const sender = senderOf(ws);
	if (sender === null) return null;
	const negotiated = negotiatedOf(ws);
	return {
		negotiated,
		idle: () => sender._state === SENDER_IDLE && sender._queue.length === 0,
		write: (frame) => sender.sendFrame(frame)
	};
}

/**
 * One unmasked, final, binary frame, header and payload in one buffer (one write per socket);
 * RSV1 marks a compressed message (RFC 7692). Server frames are never masked, so the same buffer
 * serves every socket.
 */
export function binaryFrame(payload: Buffer, compressed: boolean): Buffer[] {
	const length = payload.byteLength;
	const headerBytes = 2 + (length >= 65536 ? 8 : length > 125 ? 2 : 0);
	const frame = Buffer.allocUnsafe(headerBytes + length);
	frame[0] = FIN | (compressed ? RSV1 : 0) | BINARY_OPCODE;
	if (headerBytes === 2) {
		frame[1] = length;
	} else if (headerBytes === 4) {
		frame[1] = 126;
		frame.writeUInt16BE(length, 2);
	} else {
		frame[1] = 127;
		frame.writeBigUInt64BE(BigInt(length), 2);
	}
	payload.copy(frame, headerBytes);
	return [frame];
}

function senderOf(ws: object): WsSender | null {
	const sender: unknown = Reflect.get(ws, '_sender');
	if (typeof sender !== 'object' || sender === null) return null;
	const state: unknown = Reflect.get(sender, '_state');
	const queue: unknown = Reflect.get(sender, '_queue');
	const sendFrame: unknown = Reflect.get(sender, 'sendFrame');
	if (typeof state !== 'number' || !Array.isArray(queue) || typeof sendFrame !== 'function') {
		return null;
	}
	return sender as WsSender;
}

function negotiatedOf(ws: object): Negotiated {
	const extensions: unknown = Reflect.get(ws, '_extensions');
	if (typeof extensions !== 'object' || extensions === null) return 'own';
	const deflate: unknown = Reflect.get(extensions, DEFLATE_EXTENSION);
	if (typeof deflate !== 'object' || deflate === null) return 'own';
	const params: unknown = Reflect.get(deflate, 'params');
	if (typeof params !== 'object' || params === null) return 'own';
	const { server_no_context_takeover: noTakeover, server_max_window_bits: bits } =
		params as DeflateParams;
	// Absent means the client takes zlib's largest window, which is also the stream's.
	if (typeof bits === 'number' && bits < STREAM_WINDOW_BITS) return 'own';
	return noTakeover === true ? 'stateless' : 'stream';
}
