/**
 * What the sync connection specs drive it with: a socket that opens, receives and closes only
 * when told, timers that fire only when the test says (or as its clock moves), and connectivity
 * and visibility the test switches.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { createSyncConnection, type SyncConnection } from '../sync-connection';
import type { SyncEnvironment, SyncTimers } from '../sync-environment';
import type { SyncGrant } from '../sync-grant';

export class FakeSocket {
	static all: FakeSocket[] = [];
	readonly OPEN = 1;
	readyState = 0;
	bufferedAmount = 0;
	binaryType = '';
	sent: Uint8Array[] = [];
	onopen: (() => void) | null = null;
	onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
	onclose: ((event: { code: number; reason: string }) => void) | null = null;
	onerror: (() => void) | null = null;
	constructor(readonly url: string) {
		FakeSocket.all.push(this);
	}
	send(data: Uint8Array): void {
		this.sent.push(data);
	}
	close(): void {
		this.readyState = 3;
	}
	open(): void {
		this.readyState = 1;
		this.onopen?.();
	}
	serverClose(code: number, reason = ''): void {
		this.readyState = 3;
		this.onclose?.({ code, reason });
	}
	/** Delivers a sync message (type 0) whose rest `write` fills in. */
	receive(write: (encoder: encoding.Encoder) => void): void {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		write(encoder);
		this.receiveBytes(encoding.toUint8Array(encoder));
	}
	receiveBytes(message: Uint8Array): void {
		this.onmessage?.({ data: message.slice().buffer });
	}
	/** Bytes handed to the socket so far. */
	sentBytes(): number {
		return this.sent.reduce((sum, message) => sum + message.byteLength, 0);
	}
}

/** Timers that fire when the test says, or as `advance` moves the shared clock past them. */
export class ManualTimers implements SyncTimers {
	private nextId = 1;
	readonly pending = new Map<number, { callback: () => void; ms: number; due: number }>();
	constructor(private readonly clock: { ms: number } = { ms: 0 }) {}
	setTimeout(callback: () => void, ms: number): unknown {
		const id = this.nextId++;
		this.pending.set(id, { callback, ms, due: this.clock.ms + ms });
		return id;
	}
	clearTimeout(handle: unknown): void {
		if (typeof handle === 'number') this.pending.delete(handle);
	}
	delays(): number[] {
		return [...this.pending.values()].map(({ ms }) => ms);
	}
	fireAll(): void {
		const due = [...this.pending.values()];
		this.pending.clear();
		for (const { callback } of due) callback();
	}
	/** Moves the clock on by `ms`, firing each timer that falls due on the way, in order. */
	advance(ms: number): void {
		const until = this.clock.ms + ms;
		for (;;) {
			let next: [number, { callback: () => void; due: number }] | null = null;
			for (const entry of this.pending) if (!next || entry[1].due < next[1].due) next = entry;
			if (next === null || next[1].due > until) break;
			this.pending.delete(next[0]);
			this.clock.ms = Math.max(this.clock.ms, next[1].due);
			next[1].callback();
		}
		this.clock.ms = until;
	}
}

export class FakeEnvironment implements SyncEnvironment {
	isOnline = true;
	isVisible = true;
	private readonly onlineCallbacks = new Set<() => void>();
	private readonly visibleCallbacks = new Set<() => void>();
	private readonly hiddenCallbacks = new Set<() => void>();
	online(): boolean {
		return this.isOnline;
	}
	visible(): boolean {
		return this.isVisible;
	}
	onOnline(callback: () => void): () => void {
		this.onlineCallbacks.add(callback);
		return () => this.onlineCallbacks.delete(callback);
	}
	onVisible(callback: () => void): () => void {
		this.visibleCallbacks.add(callback);
		return () => this.visibleCallbacks.delete(callback);
	}
	onHidden(callback: () => void): () => void {
		this.hiddenCallbacks.add(callback);
		return () => this.hiddenCallbacks.delete(callback);
	}
	goOnline(): void {
		this.isOnline = true;
		for (const callback of this.onlineCallbacks) callback();
	}
	becomeVisible(): void {
		this.isVisible = true;
		for (const callback of this.visibleCallbacks) callback();
	}
	becomeHidden(): void {
		this.isVisible = false;
		for (const callback of this.hiddenCallbacks) callback();
	}
	get watchers(): number {
		return this.onlineCallbacks.size + this.visibleCallbacks.size + this.hiddenCallbacks.size;
	}
}

/** Lets the connection's pending promises (a token fetch) run. */
export const settle = () => new Promise<void>((done) => setTimeout(done, 0));

/** A sync message as sent: its sub-type (0 step 1, 1 step 2, 2 update) and payload. */
export function readSent(message: Uint8Array): { subType: number; payload: Uint8Array } | null {
	const decoder = decoding.createDecoder(message);
	if (decoding.readVarUint(decoder) !== 0) return null;
	const subType = decoding.readVarUint(decoder);
	return { subType, payload: decoding.readVarUint8Array(decoder) };
}

export const sentSync = (socket: FakeSocket | undefined) =>
	(socket?.sent ?? []).flatMap((message) => readSent(message) ?? []);

export const latestSocket = () => FakeSocket.all[FakeSocket.all.length - 1];

export interface HarnessOptions {
	random?: () => number;
	getToken?: (room: string) => Promise<string | SyncGrant>;
	doc?: Y.Doc;
	confirmed?: ReadonlyMap<number, number>;
	environment?: FakeEnvironment;
}

/** Connections made by `setupConnection`; a spec destroys them after each test. */
export const connections: SyncConnection[] = [];

export function destroyConnections(): void {
	for (const connection of connections.splice(0)) connection.destroy();
	FakeSocket.all = [];
}

export function setupConnection(options: HarnessOptions = {}) {
	const clock = { ms: 0 };
	const timers = new ManualTimers(clock);
	const environment = options.environment ?? new FakeEnvironment();
	const tokens: string[] = [];
	const doc = options.doc ?? new Y.Doc();
	const connection = createSyncConnection({
		doc,
		room: 'community:anxiety:recent',
		serverUrl: 'ws://hearth.test/sync',
		getToken:
			options.getToken ??
			(async () => {
				const token = `t${tokens.length + 1}`;
				tokens.push(token);
				return token;
			}),
		WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket,
		random: options.random ?? (() => 0.5),
		now: () => clock.ms,
		timers,
		environment,
		...(options.confirmed ? { confirmed: options.confirmed } : {})
	});
	connections.push(connection);
	return { connection, timers, environment, clock, tokens, doc };
}
