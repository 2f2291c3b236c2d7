/**
 * One client's WebSocket in one room: what it may send, in what order it is handled, and how
 * fast the server sends to it.
 *
 * Incoming, each binary message is size-checked, queued, and handled strictly in arrival order,
 * one at a time, because storing an update is async and Yjs needs one client's updates in order.
 * A step 1 only starts the first sync, which then runs alongside the queue: a client's own
 * offline changes are stored while its download is still under way, not after it.
 *
 *   sync step 1  → server step 1 (writers only, once), the room as bounded updates, empty step 2
 *   sync step 2  → same as an update (a client's answer to the server's step 1)
 *   sync update  → validated, judged by the room's gate (4422 when refused), charged to the
 *                  sender's write budget (4429 `too-many-changes retry-after=<s>` when over),
 *                  stored, then applied and relayed by the room; an update with
 *                  nothing in it (a read-only client's empty step 2) is ignored
 *   awareness    → applied and relayed when the connection may share presence, else ignored
 *   query        → everyone's presence, when the connection may see it
 *
 * Anything else closes the connection with a 4400-range code (see protocol.ts) and nothing
 * queued after it is handled. Once the server closes a connection, its queue is dropped: what
 * the client sent but the server did not store, the client sends again in its next step 2.
 * When the client closes, what it sent before is still handled.
 *
 * Outgoing, first-sync messages are paced: the next is sent only once `ws` has written the
 * previous one to the socket, so a slow link holds one message in memory, not the document.
 * Relayed updates and presence go out in order through the relay outbox (relay-outbox.ts): at
 * once when nothing relayed is still on its way out, else merged with the updates that arrive
 * meanwhile. A connection whose unsent backlog (in `ws` and in the outbox) passes
 * `maxBufferedBytes` is closed with 1013 and catches up by diff when it reconnects.
 *
 * In a busy room the connection may be put on the room's shared stream (room-stream.ts), once
 * its first sync is done and nothing of its own is on its way out. From then on its relayed
 * updates arrive as the stream's frames, and everything else it is sent (presence, answers to
 * its probes) goes uncompressed, so its client's inflater sees the stream's messages and nothing
 * else compressed. It stays on the stream until it closes.
 */
import type { RawData } from 'ws';
import type { Logger } from '../logger';
import type { Authorized } from './access';
import {
	CLOSE,
	CLOSE_REASON,
	decodeAwarenessUpdate,
	decodeClientMessage,
	EMPTY_UPDATE,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeSyncUpdate,
	MalformedMessageError,
	type CloseCode
} from './protocol';
import { rawFrameWriter } from './raw-frames';
import { RelayOutbox, type RelayedUpdate } from './relay-outbox';
import type { StreamMember } from './room-stream';
import { RoomLoadError, StoreWriteError, type Room, type RoomMember } from './room';
import { RefusedUpdateError } from './update-gate';
import { OverBudgetError, tooManyChangesReason } from './write-budget';
import {
	decodeUpdateStrictly,
	hasContent,
	MalformedUpdateError
} from '../../src/lib/sync/update-codec';

/** `ws` readyState OPEN (a type-only import of `ws` leaves its constants out). */
const OPEN = 1;

/**
 * The parts of a `ws` WebSocket a connection uses; a `ws` server socket satisfies it. Narrow so
 * a test can drive a connection, and hold back write callbacks, without a network.
 */
export interface SyncSocket {
	readonly readyState: number;
	readonly bufferedAmount: number;
	readonly isPaused: boolean;
	send(data: Uint8Array, options: { compress: boolean }, cb: (error?: Error) => void): void;
	close(code: number, reason: string): void;
	ping(): void;
	terminate(): void;
	pause(): void;
	resume(): void;
	on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): this;
	on(event: 'pong', listener: () => void): this;
	on(event: 'close', listener: () => void): this;
	on(event: 'error', listener: (error: Error) => void): this;
}

export interface ConnectionOptions {
	maxMessageBytes: number;
	/** Unsent bytes a connection may have queued before it is closed with 1013. */
	maxBufferedBytes: number;
	/** Received bytes waiting to be handled before the socket stops reading. */
	maxQueuedBytes: number;
	/**
	 * The stock client drops a socket that has received nothing for 30 s (pings do not count),
	 * and renews its presence every 15 s. When a renewal arrives and the server has sent this
	 * connection nothing for this long, it answers with an empty presence message (3 bytes), so
	 * an idle connection stays open instead of reconnecting twice a minute.
	 */
	keepAliveAfterMs: number;
	log: Logger;
}

/** An awareness message with no entries: the smallest message the stock client accepts. */
export const KEEP_ALIVE_MESSAGE = Uint8Array.of(1, 1, 0);

export class Connection implements RoomMember {
	readonly awarenessIds = new Set<number>();
	/** When the server last sent this connection anything (for the keep-alive answer). */
	private lastSentAt = Date.now();
	/** Resolves once the socket has closed, the queue is drained and the room left. */
	readonly finished: Promise<void>;

	private readonly queue: Uint8Array[] = [];
	private queuedBytes = 0;
	private draining = false;
	private alive = true;
	private closedByServer = false;
	private socketClosed = false;
	private sentServerStep1 = false;
	private syncGeneration = 0;
	private left = false;
	private readonly pendingSends = new Set<(sent: boolean) => void>();
	private readonly outbox: RelayOutbox;
	private finish: () => void = () => {};
	/** Set when the socket is one the room's shared stream can write to. */
	readonly streamMember: StreamMember | undefined;
	/** On the room's shared stream: nothing else may go compressed. */
	private streamed = false;
	private firstSyncDone = false;
	private firstSyncsRunning = 0;

	constructor(
		private readonly ws: SyncSocket,
		readonly room: Room,
		readonly access: Authorized,
		private readonly options: ConnectionOptions
	) {
		this.finished = new Promise((done) => (this.finish = done));
		this.outbox = new RelayOutbox({
			send: (message, done) => this.sendRelayed(message, done),
			merge: (updates) => room.mergeRelayed(updates)
		});
		ws.on('message', (data, isBinary) => this.receive(data, isBinary));
		ws.on('pong', () => (this.alive = true));
		// Protocol errors ws detects itself (bad frames, the hard size limit) close the socket
		// with their own code; 'close' follows.
		ws.on('error', (error) =>
			options.log.warn(`sync: room ${room.name}: socket error: ${error.message}`)
		);
		ws.on('close', () => this.onSocketClose());
		this.streamMember = this.streamMemberFor(ws);
		room.join(this);
	}

	private streamMemberFor(ws: SyncSocket): StreamMember | undefined {
		const writer = rawFrameWriter(ws);
		if (writer === null || writer.negotiated === 'own') return undefined;
		return {
			writer,
			readyToJoin: () =>
				this.firstSyncDone &&
				this.firstSyncsRunning === 0 &&
				this.pendingSends.size === 0 &&
				this.outbox.idle &&
				this.ws.readyState === OPEN &&
				!this.closedByServer &&
				writer.idle(),
			joined: () => (this.streamed = true),
			write: (frame, bytes) => {
				if (!this.mayRelay(bytes)) return;
				if (!writer.idle()) {
					// Cannot happen while everything else goes uncompressed; never risk the order.
					this.options.log.error(
						`sync: room ${this.room.name}: a stream frame would jump the queue`
					);
					return this.close(CLOSE.SERVER_ERROR);
				}
				writer.write(frame);
			},
			fail: () => this.close(CLOSE.SERVER_ERROR)
		};
	}

	/** Called by the endpoint every ping interval: a socket that missed the last pong is dead. */
	checkAlive(): void {
		if (!this.alive) {
			this.ws.terminate();
			return;
		}
		this.alive = false;
		if (this.ws.readyState === OPEN) this.ws.ping();
	}

	relay(message: Uint8Array): void {
		if (this.mayRelay(message.byteLength)) this.outbox.message(message);
	}

	relayUpdate(update: RelayedUpdate): void {
		if (this.mayRelay(update.message.byteLength)) this.outbox.update(update);
	}

	private mayRelay(bytes: number): boolean {
		if (this.ws.readyState !== OPEN || this.closedByServer) return false;
		const backlog = this.ws.bufferedAmount + this.outbox.heldBytes + bytes;
		if (backlog > this.options.maxBufferedBytes) {
			this.options.log.warn(`sync: room ${this.room.name}: a connection fell too far behind`);
			this.close(CLOSE.TRY_AGAIN_LATER);
			return false;
		}
		this.lastSentAt = Date.now();
		return true;
	}

	private sendRelayed(message: Uint8Array, done: (sent: boolean) => void): void {
		if (this.ws.readyState !== OPEN || this.closedByServer) return done(false);
		this.ws.send(message, { compress: !this.streamed }, (error) => done(!error));
	}

	/** Closes with `code` and its fixed reason, or a more precise `reason` of our own words. */
	close(code: CloseCode, reason: string = CLOSE_REASON[code]): void {
		if (this.closedByServer) return;
		this.closedByServer = true;
		this.room.leaveStream(this);
		this.queue.length = 0;
		this.queuedBytes = 0;
		this.outbox.clear();
		// A paused socket would not read the client's answering close frame.
		if (this.ws.isPaused) this.ws.resume();
		this.ws.close(code, reason);
	}

	terminate(): void {
		this.ws.terminate();
	}

	private receive(data: RawData, isBinary: boolean): void {
		if (this.closedByServer) return;
		if (!isBinary) return this.refuse(CLOSE.MALFORMED, 'a text message');
		const bytes = toBytes(data);
		if (bytes.byteLength > this.options.maxMessageBytes) {
			return this.refuse(CLOSE.TOO_LARGE, `a message of ${bytes.byteLength} bytes`);
		}
		this.queue.push(bytes);
		this.queuedBytes += bytes.byteLength;
		if (this.queuedBytes > this.options.maxQueuedBytes && !this.ws.isPaused) this.ws.pause();
		void this.drain();
	}

	private async drain(): Promise<void> {
		if (this.draining) return;
		this.draining = true;
		try {
			for (let bytes = this.queue.shift(); bytes; bytes = this.queue.shift()) {
				await this.handle(bytes);
				this.queuedBytes = Math.max(0, this.queuedBytes - bytes.byteLength);
				if (this.ws.isPaused && this.queuedBytes <= this.options.maxQueuedBytes / 2) {
					this.ws.resume();
				}
			}
		} finally {
			this.draining = false;
			if (this.socketClosed) this.leave();
		}
	}

	private async handle(bytes: Uint8Array): Promise<void> {
		try {
			const message = decodeClientMessage(bytes);
			switch (message.type) {
				case 'sync-step1':
					void this.firstSync(message.stateVector, ++this.syncGeneration);
					return;
				case 'sync-step2':
				case 'sync-update':
					return await this.receiveUpdate(message.update);
				case 'awareness':
					this.keepAlive();
					if (!this.access.awareness) return;
					return this.room.receiveAwareness(this, decodeAwarenessUpdate(message.update));
				case 'query-awareness':
					if (this.access.awareness) this.relay(this.room.awarenessMessage());
					return;
			}
		} catch (cause: unknown) {
			this.fail(cause);
		}
	}

	private keepAlive(): void {
		if (Date.now() - this.lastSentAt >= this.options.keepAliveAfterMs)
			this.relay(KEEP_ALIVE_MESSAGE);
	}

	private async receiveUpdate(update: Uint8Array): Promise<void> {
		if (!hasContent(decodeUpdateStrictly(update))) return;
		if (!this.access.canWrite) return this.refuse(CLOSE.FORBIDDEN, 'an update from a reader');
		await this.room.receiveUpdate(this, update);
	}

	/**
	 * Answers a sync step 1: the server's own step 1 first (so the client sends its offline
	 * changes while the download runs), then what the client lacks, paced, then an empty step 2.
	 * A later step 1 from the same client supersedes this one.
	 */
	private async firstSync(stateVector: Uint8Array, generation: number): Promise<void> {
		const current = () => generation === this.syncGeneration && !this.closedByServer;
		this.firstSyncsRunning++;
		try {
			await this.room.ready;
			if (!current()) return;
			const updates = this.room.firstSync(stateVector);
			if (this.access.canWrite && !this.sentServerStep1) {
				// Readers are not asked: they may not send what they have anyway.
				this.sentServerStep1 = true;
				if (!(await this.sendPaced(encodeSyncStep1(this.room.stateVector())))) return;
			}
			for (const update of updates) {
				if (!current()) return;
				if (!(await this.sendPaced(encodeSyncUpdate(update)))) return;
			}
			if (current() && (await this.sendPaced(encodeSyncStep2(EMPTY_UPDATE)))) {
				this.firstSyncDone = true;
			}
		} catch (cause: unknown) {
			this.fail(cause);
		} finally {
			this.firstSyncsRunning--;
		}
	}

	/** Resolves true once `ws` has written the message to the socket, false if it never will. */
	private sendPaced(message: Uint8Array): Promise<boolean> {
		if (this.ws.readyState !== OPEN || this.closedByServer) return Promise.resolve(false);
		return new Promise((resolve) => {
			const settle = (sent: boolean) => {
				this.pendingSends.delete(settle);
				resolve(sent);
			};
			this.pendingSends.add(settle);
			this.lastSentAt = Date.now();
			this.ws.send(message, { compress: !this.streamed }, (error) => settle(!error));
		});
	}

	/** Turns an error from handling into the close code the table in protocol.ts gives it. */
	private fail(cause: unknown): void {
		if (cause instanceof MalformedMessageError || cause instanceof MalformedUpdateError) {
			return this.refuse(CLOSE.MALFORMED, cause.message);
		}
		if (cause instanceof RefusedUpdateError) {
			// The reason names the rule (a fixed code), never the update's content.
			this.options.log.warn(`sync: room ${this.room.name}: ${cause.message}`);
			return this.close(
				CLOSE.REFUSED_CHANGE,
				`${CLOSE_REASON[CLOSE.REFUSED_CHANGE]}: ${cause.code}`
			);
		}
		if (cause instanceof OverBudgetError) {
			// Logged without the person: a flood shows in the log, not who is behind it.
			this.options.log.warn(`sync: room ${this.room.name}: ${cause.message}`);
			return this.close(CLOSE.TOO_MANY_CHANGES, tooManyChangesReason(cause.retryAfterMs));
		}
		if (cause instanceof StoreWriteError || cause instanceof RoomLoadError) {
			// Logged where it happened (RoomLoadError) or here; the client retries and re-sends.
			if (cause instanceof StoreWriteError) this.options.log.error(cause.message, cause.cause);
			return this.close(CLOSE.SERVER_ERROR);
		}
		this.options.log.error(`sync: room ${this.room.name}: unexpected failure`, cause);
		this.close(CLOSE.SERVER_ERROR);
	}

	private refuse(code: CloseCode, what: string): void {
		this.options.log.warn(`sync: room ${this.room.name}: closed a connection (${code}): ${what}`);
		this.close(code);
	}

	private onSocketClose(): void {
		this.socketClosed = true;
		for (const settle of [...this.pendingSends]) settle(false);
		// Presence goes at once; membership waits until what the client sent has been handled.
		this.room.dropAwareness(this);
		if (!this.draining) this.leave();
	}

	private leave(): void {
		if (this.left) return;
		this.left = true;
		this.room.leave(this);
		this.finish();
	}
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return Buffer.concat(data);
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return data;
}
