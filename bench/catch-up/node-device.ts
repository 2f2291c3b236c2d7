/**
 * A device in Node running Hearth's own sync client (`createSyncConnection`) for one room, with
 * its WebSocket payloads counted. Its `ws` sockets offer per-message deflate with context
 * takeover and compress every frame they send, whatever its size, as Chromium does with the
 * server's answer (checked by hand: a 500-byte frame from Chromium went out deflated).
 */
import WebSocket, { type RawData } from 'ws';
import * as Y from 'yjs';
import { createSyncConnection, type SyncConnection } from '../../src/lib/sync/sync-connection';
import { createSyncTokenFetcher } from '../../src/lib/sync/sync-token';
import { until, onDocUpdate, type Subscription } from '../../tests/support/sync-clients';

/** WebSocket payload bytes of the device's newest socket, as the app's code sent and received them. */
export interface Payloads {
	sent: number;
	received: number;
	/** Each received message, for looking into what the bytes were. */
	messages: Uint8Array[];
}

export interface NodeDevice {
	doc: Y.Doc;
	connection: SyncConnection;
	payloads: Payloads;
	/** Starts counting payloads afresh (call before a connection of interest opens). */
	resetPayloads(): void;
	/** Resolves once synced and `done()` holds; fails after `timeoutMs`. */
	settled(done: () => boolean, what: string, timeoutMs: number): Promise<void>;
	destroy(): void;
}

export interface DeviceOptions {
	/** The port the device's WebSocket connects to (the server's, or a proxy's in front of it). */
	port: number;
	/** The server's origin, for sync tokens. */
	origin: string;
	session: string;
	room: string;
	doc?: Y.Doc;
	/** Whether to count payloads (the writers' devices need not). */
	count?: boolean;
}

export function nodeDevice(options: DeviceOptions): NodeDevice {
	const doc = options.doc ?? new Y.Doc();
	const payloads: Payloads = { sent: 0, received: 0, messages: [] };
	const sockets: WebSocket[] = [];
	const counting = options.count ?? true;

	class DeviceWebSocket extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols);
			sockets.push(this);
			this.on('message', (data: RawData) => {
				if (!counting || sockets.at(-1) !== this) return;
				const bytes = toBytes(data);
				payloads.received += bytes.byteLength;
				payloads.messages.push(bytes);
			});
		}

		override send(data: SendData, cb?: SendCallback): void;
		override send(data: SendData, options: SendOptions, cb?: SendCallback): void;
		override send(data: SendData, options?: SendOptions | SendCallback, cb?: SendCallback): void {
			if (counting && sockets.at(-1) === this) payloads.sent += byteLengthOf(data);
			if (typeof options === 'object') super.send(data, options, cb);
			else super.send(data, options);
		}
	}

	const connection = createSyncConnection({
		doc,
		room: options.room,
		serverUrl: `ws://127.0.0.1:${options.port}/sync`,
		getToken: createSyncTokenFetcher({ origin: options.origin, session: () => options.session }),
		// ws implements the DOM WebSocket interface the provider uses, not its exact type.
		WebSocketPolyfill: DeviceWebSocket as unknown as typeof globalThis.WebSocket,
		backoff: { baseMs: 50, capMs: 1_000 }
	});
	const onState: Subscription = (wake) => connection.subscribe(wake);

	return {
		doc,
		connection,
		payloads,
		resetPayloads() {
			payloads.sent = 0;
			payloads.received = 0;
			payloads.messages = [];
		},
		settled(done, what, timeoutMs) {
			return until(
				() => connection.state.status === 'synced' && connection.state.unsent === 0 && done(),
				[onState, onDocUpdate(doc)],
				what,
				timeoutMs
			);
		},
		destroy() {
			connection.destroy();
			doc.destroy();
		}
	};
}

type SendData = Parameters<WebSocket['send']>[0];
type SendCallback = (error?: Error) => void;
type SendOptions = Exclude<Parameters<WebSocket['send']>[1], SendCallback | undefined>;

function byteLengthOf(data: SendData): number {
	if (typeof data === 'string') return Buffer.byteLength(data);
	if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
	// The sync client sends only bytes; anything else is not counted rather than guessed at.
	return 0;
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data);
}
