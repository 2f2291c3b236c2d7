/**
 * A WebSocket class for the sync provider (its `WebSocketPolyfill` option) that counts what the
 * page can see of each connection (message payloads, before compression and without frame
 * headers) and names this install's data meter to the server with a `meter` query parameter, so
 * the server can count the same connection on the wire (GET /api/usage/:meterId).
 *
 * The URL is amended here rather than through the provider's `params`, which the sync connection
 * sets to the token alone on every attempt.
 */

export interface MeteredBytes {
	sent?: number;
	received?: number;
}

export interface MeteredWebSocketOptions {
	/** This install's meter id, or null before it is known (the connection is then not named). */
	meterId: () => string | null;
	/** Called with each message's size, sent or received. */
	count: (bytes: MeteredBytes) => void;
}

const encoder = new TextEncoder();

/** A message's payload size in bytes, whatever form it takes. */
export function payloadBytes(data: unknown): number {
	if (typeof data === 'string') return encoder.encode(data).byteLength;
	if (data instanceof ArrayBuffer) return data.byteLength;
	if (ArrayBuffer.isView(data)) return data.byteLength;
	if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size;
	return 0;
}

/** `url` with `meter=<id>` added to its query, when there is an id. */
export function withMeter(url: string | URL, meterId: string | null): string {
	const amended = new URL(url);
	if (meterId !== null) amended.searchParams.set('meter', meterId);
	return amended.toString();
}

export function meteredWebSocket(
	Base: typeof WebSocket,
	options: MeteredWebSocketOptions
): typeof WebSocket {
	return class MeteredWebSocket extends Base {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(withMeter(url, options.meterId()), protocols);
			this.addEventListener('message', (event: MessageEvent) => {
				options.count({ received: payloadBytes(event.data) });
			});
		}

		override send(data: Parameters<WebSocket['send']>[0]): void {
			super.send(data);
			// Counted once handed over: send throws on a socket that is not open yet.
			options.count({ sent: payloadBytes(data) });
		}
	};
}
