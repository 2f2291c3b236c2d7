// Clients for sync tests: the stock y-websocket WebsocketProvider (over `ws`, counting what it
// sends and receives), a raw WebSocket for sending bytes no stock client would, and a way to wait
// for a condition that re-checks on the events that could change it, with a timeout.
import { EventEmitter } from 'node:events';
import WebSocket, { type ClientOptions, type RawData } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { TestToken } from './sync-test-server';

/** Registers `wake` with something that emits; returns how to unregister it. */
export type Subscription = (wake: () => void) => () => void;

/** Resolves once `check()` holds, re-checking whenever a subscription fires; fails after a while. */
export function until(
	check: () => boolean,
	subscriptions: readonly Subscription[],
	what: string,
	timeoutMs = 10_000
): Promise<void> {
	if (check()) return Promise.resolve();
	return new Promise((done, fail) => {
		const wake = () => {
			if (!check()) return;
			stop();
			done();
		};
		const unsubscribe = subscriptions.map((subscribe) => subscribe(wake));
		const timer = setTimeout(() => {
			stop();
			fail(new Error(`Timed out waiting until ${what}.`));
		}, timeoutMs);
		function stop() {
			clearTimeout(timer);
			for (const off of unsubscribe) off();
		}
	});
}

export const onDocUpdate =
	(doc: Y.Doc): Subscription =>
	(wake) => {
		doc.on('update', wake);
		return () => doc.off('update', wake);
	};

/** Wakes every `ms`, for state that changes without an event (e.g. a room unloading). */
export const every =
	(ms: number): Subscription =>
	(wake) => {
		const timer = setInterval(wake, ms);
		return () => clearInterval(timer);
	};

export const onEmitter =
	(emitter: EventEmitter, event: string): Subscription =>
	(wake) => {
		emitter.on(event, wake);
		return () => emitter.off(event, wake);
	};

/** Counts the bytes of each message a client's sockets send and receive. */
export class Traffic extends EventEmitter {
	received: number[] = [];
	sent: number[] = [];
	readonly sockets: WebSocket[] = [];

	receivedBytes(): number {
		return this.received.reduce((sum, n) => sum + n, 0);
	}

	sentBytes(): number {
		return this.sent.reduce((sum, n) => sum + n, 0);
	}

	reset(): void {
		this.received = [];
		this.sent = [];
	}
}

function byteLengthOf(data: unknown): number {
	if (typeof data === 'string') return Buffer.byteLength(data);
	if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
	if (Array.isArray(data)) return data.reduce((sum: number, part) => sum + byteLengthOf(part), 0);
	return 0;
}

type SendData = Parameters<WebSocket['send']>[0];
type SendCallback = (error?: Error) => void;
interface SendOptions {
	mask?: boolean;
	binary?: boolean;
	compress?: boolean;
	fin?: boolean;
}

/** A `ws` WebSocket class whose instances report their traffic to `traffic`. */
function countingWebSocket(traffic: Traffic, socketOptions?: ClientOptions) {
	return class CountingWebSocket extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, socketOptions);
			traffic.sockets.push(this);
			// Registered before the provider's onmessage, so it sees every message first. Only the
			// newest socket counts: a closing one still delivers what was already in flight.
			this.on('message', (data: RawData) => {
				if (traffic.sockets.at(-1) !== this) return;
				traffic.received.push(byteLengthOf(data));
				traffic.emit('message', data);
			});
		}

		override send(data: SendData, cb?: SendCallback): void;
		override send(data: SendData, options: SendOptions, cb?: SendCallback): void;
		override send(data: SendData, options?: SendOptions | SendCallback, cb?: SendCallback): void {
			if (traffic.sockets.at(-1) === this) traffic.sent.push(byteLengthOf(data));
			if (typeof options === 'object') super.send(data, options, cb);
			else super.send(data, options);
		}
	};
}

export interface StockClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	traffic: Traffic;
	/** Close codes the provider saw, in order. */
	closes: number[];
	destroy(): void;
}

/** A stock WebsocketProvider, exactly as the app would use it, but over `ws` in Node. */
export function stockClient(
	syncUrl: string,
	room: string,
	token: TestToken | null,
	options: {
		doc?: Y.Doc;
		connect?: boolean;
		/** The socket's own options, e.g. a client that asks for no context takeover. */
		socket?: ClientOptions;
	} = {}
): StockClient {
	const doc = options.doc ?? new Y.Doc();
	const traffic = new Traffic();
	const provider = new WebsocketProvider(syncUrl, room, doc, {
		// ws's WebSocket implements the DOM interface the provider uses, not its exact type.
		WebSocketPolyfill: countingWebSocket(
			traffic,
			options.socket
		) as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		connect: options.connect ?? true,
		params: token === null ? {} : { token }
	});
	const closes: number[] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push(event.code);
		traffic.emit('connection-close');
	});
	provider.on('sync', () => traffic.emit('sync'));
	provider.on('closed', () => traffic.emit('closed'));
	return {
		doc,
		provider,
		traffic,
		closes,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

export const onClient = (client: StockClient, event: string): Subscription =>
	onEmitter(client.traffic, event);

export function waitSynced(client: StockClient, timeoutMs?: number): Promise<void> {
	return until(
		() => client.provider.synced,
		[onClient(client, 'sync')],
		'the client is synced',
		timeoutMs
	);
}

/**
 * What a test compares between replicas: the `records` map (as sorted entries, since replicas
 * may hold keys in different orders) and the `text`.
 */
export function contentOf(doc: Y.Doc): string {
	const records = Object.entries(doc.getMap('records').toJSON()).sort(([a], [b]) =>
		a < b ? -1 : a > b ? 1 : 0
	);
	return JSON.stringify([records, doc.getText('text').toString()]);
}

/** Waits until every client's doc has the same state vector and content as the first's. */
export function waitConverged(clients: readonly StockClient[], timeoutMs?: number): Promise<void> {
	const same = (a: Y.Doc, b: Y.Doc) =>
		Buffer.from(Y.encodeStateVector(a)).equals(Y.encodeStateVector(b)) &&
		contentOf(a) === contentOf(b);
	return until(
		() => clients.every((client) => same(client.doc, clients[0]?.doc ?? client.doc)),
		clients.map((client) => onDocUpdate(client.doc)),
		'the clients converge',
		timeoutMs
	);
}

/** A plain WebSocket to the sync endpoint, for bytes and behaviour no stock client produces. */
export class RawClient {
	readonly messages: Uint8Array[] = [];
	readonly events = new EventEmitter();
	readonly closed: Promise<{ code: number; reason: string }>;
	readonly opened: Promise<void>;

	constructor(readonly ws: WebSocket) {
		this.closed = new Promise((done) =>
			ws.on('close', (code, reason) => done({ code, reason: reason.toString('utf8') }))
		);
		this.opened = new Promise((done, fail) => {
			ws.once('open', () => done());
			ws.once('error', (error) => fail(error));
		});
		ws.on('error', () => {});
		ws.on('message', (data: RawData) => {
			const bytes = Array.isArray(data)
				? Buffer.concat(data)
				: data instanceof ArrayBuffer
					? Buffer.from(data)
					: data;
			this.messages.push(new Uint8Array(bytes));
			this.events.emit('message');
		});
	}

	static connect(
		syncUrl: string,
		room: string,
		token: TestToken | null,
		options: { origin?: string; autoPong?: boolean } = {}
	): RawClient {
		const query = token === null ? '' : `?token=${token}`;
		return new RawClient(
			new WebSocket(`${syncUrl}/${room}${query}`, {
				...(options.origin ? { origin: options.origin } : {}),
				autoPong: options.autoPong ?? true
			})
		);
	}

	send(bytes: Uint8Array | string): void {
		this.ws.send(bytes);
	}

	/** Waits for a received message that `match` accepts, returning it. */
	async nextMessage(match: (message: Uint8Array) => boolean, what: string): Promise<Uint8Array> {
		let found: Uint8Array | undefined;
		const seen = () => {
			found = this.messages.find(match);
			return found !== undefined;
		};
		await until(seen, [onEmitter(this.events, 'message')], what);
		if (!found) throw new Error(`No message: ${what}`);
		return found;
	}
}
