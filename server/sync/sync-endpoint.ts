/**
 * The y-websocket endpoint at `/sync/<room>?token=…`, for the stock `WebsocketProvider`.
 *
 * An upgrade is checked in this order, each failure refused with the close code of protocol.ts:
 * room name (4404), Origin when configured (4403), a token present (4401), the connection cap
 * (1013), then `authorize` (4401 / 4403 / 4404 / 4429; 1011 if it throws, 1013 if it hangs).
 *
 * Refusals complete the WebSocket handshake and then close with the code, rather than answering
 * the upgrade with an HTTP error: the stock client retries a refused upgrade forever, but stops
 * on a close code in 4400–4499 and emits `closed` with it, which the app can show.
 *
 * Limits: a message over `maxMessageBytes` (default 256 KiB) closes with 4413. `ws` itself cuts
 * one over twice that (its `maxPayload`, also the bound on a decompressed message) before
 * buffering it, so nothing larger is ever held; it would close with 1009, which the stock client
 * retries forever, re-sending the same message each time, so that too is reported as 4413.
 * First syncs go out as messages of at most `pieceBytes` (default 64 KiB) plus a few bytes of
 * framing; relayed updates are as large as they came in. With a `writeBudget`, each person's
 * writes are paced per community (write-budget.ts): an update over it closes its sender with
 * 4429 and the reason `too-many-changes retry-after=<seconds>`, neither stored nor relayed.
 *
 * Liveness: a WebSocket ping every `pingIntervalMs` (50 s); a socket that has not answered the
 * previous one is terminated, so a dead one goes within two intervals. On an idle Hearth
 * connection that ping is the only traffic (the client shares no presence), so it is as slow as
 * keeping the socket alive allows: reverse proxies and carrier NATs commonly drop a connection
 * after 60 s without traffic. The stock client also gets a 3-byte answer to its presence
 * renewals after a silence (connection.ts `keepAliveAfterMs`), since pings do not count for it.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type * as Y from 'yjs';
import type { UpgradeEndpoint } from '../http/endpoints';
import { silentLogger, type Logger } from '../logger';
import type { DocumentStore } from '../store/document-store';
import {
	isRefusal,
	tokenFromRequest,
	type Authorize,
	type Authorized,
	type RefusalReason
} from './access';
import { Connection } from './connection';
import { PER_MESSAGE_DEFLATE } from './deflate-options';
import { CLOSE, CLOSE_REASON, type CloseCode } from './protocol';
import { Room } from './room';
import { roomNameFrom } from './room-name';
import type { UpdateGate } from './update-gate';
import type { WriteBudget } from './write-budget';

export const DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
export const DEFAULT_PIECE_BYTES = 64 * 1024;
/** Under the 60 s idle timeout common to reverse proxies and carrier NATs. */
export const DEFAULT_PING_INTERVAL_MS = 50_000;
/** The stock client renews presence every 15 s and gives up after 30 s of silence. */
export const DEFAULT_KEEP_ALIVE_AFTER_MS = 12_000;
export const DEFAULT_MAX_CONNECTIONS = 10_000;
export const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
export const DEFAULT_AUTHORIZE_TIMEOUT_MS = 10_000;
/** How long close() waits for clients to answer the closing handshake before cutting them. */
const CLOSE_GRACE_MS = 2_000;

export interface SyncEndpointOptions {
	store: DocumentStore;
	authorize: Authorize;
	/**
	 * Judges each update before it is stored (update-gate.ts); a refused one closes its sender
	 * with 4422. Without one every well-formed update from a writer is stored.
	 */
	gate?: UpdateGate;
	/**
	 * Paces each person's writes, shared by all their connections (write-budget.ts); an update
	 * over it closes its sender with 4429 `too-many-changes`. Without one nobody is limited.
	 */
	writeBudget?: WriteBudget;
	log?: Logger;
	/** Largest message a client may send (default 256 KiB); larger closes with 4413. */
	maxMessageBytes?: number;
	/** Largest first-sync message the server sends (default 64 KiB), bar one unsplittable item. */
	pieceBytes?: number;
	/** When set, a request whose Origin header is present and not listed is refused (4403). */
	allowedOrigins?: readonly string[];
	/** Called after each update is stored and relayed; the compactor hangs off this. */
	onUpdateStored?: (room: string, seq: number) => void | Promise<void>;
	pingIntervalMs?: number;
	/** Silence after which a presence renewal is answered, keeping the stock client connected. */
	keepAliveAfterMs?: number;
	/** Open and authorising connections beyond this are refused with 1013 (default 10 000). */
	maxConnections?: number;
	/** Unsent bytes one connection may accumulate before it is closed with 1013 (default 4 MiB). */
	maxBufferedBytes?: number;
	authorizeTimeoutMs?: number;
	/** Called with each accepted connection's request and socket (the data meter counts its bytes). */
	onAccepted?: (req: IncomingMessage, socket: Duplex) => void;
	/**
	 * When a room's sockets share one compressed stream (room-stream.ts): the sockets a room
	 * needs first (default 32), the least time between two fresh streams (default 10 s), and
	 * the sockets each frame is written to between turns of the event loop (fan-out.ts).
	 */
	roomStream?: { minConnections?: number; epochMinMs?: number; sliceSize?: number };
}

export interface RoomSummary {
	name: string;
	connections: number;
}

export interface SyncEndpoint extends UpgradeEndpoint {
	/** The rooms loaded now, for health checks and tests. */
	rooms(): RoomSummary[];
	/**
	 * A loaded room's shared compressed stream (room-stream.ts): the connections on it and the
	 * fresh streams (epochs) it has started; null when the room is not loaded.
	 */
	roomStream(room: string): { members: number; epochs: number } | null;
	/**
	 * Closes every connection in a room with `code` and waits until they have left, e.g. 4404
	 * after the room was deleted or 4403 after access was revoked. The room unloads once empty.
	 */
	closeRoom(room: string, code: CloseCode): Promise<void>;
	/**
	 * Closes one person's connections in the rooms `inRoom` picks, with `code`, and waits until
	 * they have left: e.g. 4403 once they are muted in a community, so their client comes back
	 * with a read-only token.
	 */
	closeConnectionsOf(
		userId: string,
		inRoom: (room: string) => boolean,
		code: CloseCode
	): Promise<void>;
	/**
	 * A change the server makes in a room itself (see Room.changeAsServer), loading the room if
	 * nobody is in it; stored, then relayed to whoever is. Resolves with the entries changed.
	 */
	changeAsServer(room: string, change: (doc: Y.Doc) => number): Promise<number>;
	/** Has a loaded room read its stored pieces again (after compaction); nothing if not loaded. */
	reloadRoom(room: string): Promise<void>;
}

const REFUSAL_CODE: Record<RefusalReason, CloseCode> = {
	unauthenticated: CLOSE.UNAUTHENTICATED,
	forbidden: CLOSE.FORBIDDEN,
	'unknown-room': CLOSE.NO_SUCH_ROOM,
	'too-many-connections': CLOSE.TOO_MANY_CONNECTIONS
};

export function createSyncEndpoint(options: SyncEndpointOptions): SyncEndpoint {
	const log = options.log ?? silentLogger;
	const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
	const pieceBytes = options.pieceBytes ?? DEFAULT_PIECE_BYTES;
	const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
	const authorizeTimeoutMs = options.authorizeTimeoutMs ?? DEFAULT_AUTHORIZE_TIMEOUT_MS;
	const allowedOrigins = options.allowedOrigins?.length ? new Set(options.allowedOrigins) : null;
	const connectionOptions = {
		maxMessageBytes,
		maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
		maxQueuedBytes: 4 * maxMessageBytes,
		keepAliveAfterMs: options.keepAliveAfterMs ?? DEFAULT_KEEP_ALIVE_AFTER_MS,
		log
	};

	const wss = new WebSocketServer({
		noServer: true,
		clientTracking: false,
		maxPayload: 2 * maxMessageBytes,
		perMessageDeflate: PER_MESSAGE_DEFLATE
	});
	const rooms = new Map<string, Room>();
	const connections = new Set<Connection>();
	const authorizing = new Set<Duplex>();
	const refused = new Set<WebSocket>();
	let closing: Promise<void> | undefined;

	const pinger = setInterval(() => {
		for (const connection of connections) connection.checkAlive();
	}, options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS);
	pinger.unref();

	function roomFor(name: string): Room {
		let room = rooms.get(name);
		if (!room) {
			room = new Room({
				name,
				store: options.store,
				log,
				pieceBytes,
				gate: options.gate,
				budget: options.writeBudget,
				onUpdateStored: options.onUpdateStored,
				stream: options.roomStream,
				onRetired: (retired) => {
					if (rooms.get(retired.name) === retired) rooms.delete(retired.name);
				}
			});
			rooms.set(name, room);
		}
		return room;
	}

	/** Completes the handshake and closes at once, so the stock client stops retrying. */
	function refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: CloseCode): void {
		wss.handleUpgrade(req, socket, head, (ws) => {
			refused.add(ws);
			ws.on('error', () => {});
			ws.on('close', () => refused.delete(ws));
			ws.close(code, CLOSE_REASON[code]);
		});
	}

	function accept(
		req: IncomingMessage,
		socket: Duplex,
		head: Buffer,
		name: string,
		access: Authorized
	) {
		wss.handleUpgrade(req, socket, head, (ws) => {
			if (closing) {
				ws.on('error', () => {});
				ws.close(CLOSE.GOING_AWAY, CLOSE_REASON[CLOSE.GOING_AWAY]);
				return;
			}
			closeOversizeAs4413(ws);
			options.onAccepted?.(req, socket);
			const connection = new Connection(ws, roomFor(name), access, connectionOptions);
			connections.add(connection);
			void connection.finished.then(() => connections.delete(connection));
		});
	}

	async function authorizeThenAccept(
		req: IncomingMessage,
		socket: Duplex,
		head: Buffer,
		name: string
	): Promise<void> {
		authorizing.add(socket);
		let outcome: Authorized | CloseCode;
		let timer: NodeJS.Timeout | undefined;
		try {
			const timeout = new Promise<CloseCode>((done) => {
				timer = setTimeout(() => done(CLOSE.TRY_AGAIN_LATER), authorizeTimeoutMs);
			});
			const result = await Promise.race([options.authorize(req, name), timeout]);
			outcome =
				typeof result === 'number'
					? result
					: isRefusal(result)
						? REFUSAL_CODE[result.refused]
						: result;
		} catch (cause: unknown) {
			log.error(`sync: authorize failed for room ${name}`, cause);
			outcome = CLOSE.SERVER_ERROR;
		} finally {
			clearTimeout(timer);
			authorizing.delete(socket);
		}
		if (closing || socket.destroyed) {
			socket.destroy();
			return;
		}
		if (typeof outcome === 'number') refuse(req, socket, head, outcome);
		else accept(req, socket, head, name, outcome);
	}

	function originAllowed(req: IncomingMessage): boolean {
		const origin = req.headers.origin;
		return allowedOrigins === null || origin === undefined || allowedOrigins.has(origin);
	}

	return {
		handleUpgrade(req, socket, head, segments) {
			if (closing) {
				socket.destroy();
				return;
			}
			const name = roomNameFrom(segments);
			if (name === null) return refuse(req, socket, head, CLOSE.NO_SUCH_ROOM);
			if (!originAllowed(req)) return refuse(req, socket, head, CLOSE.FORBIDDEN);
			if (tokenFromRequest(req) === null) return refuse(req, socket, head, CLOSE.UNAUTHENTICATED);
			if (connections.size + authorizing.size >= maxConnections) {
				return refuse(req, socket, head, CLOSE.TRY_AGAIN_LATER);
			}
			void authorizeThenAccept(req, socket, head, name);
		},

		rooms() {
			return [...rooms.values()].map((room) => ({
				name: room.name,
				connections: room.connectionCount
			}));
		},

		roomStream(name) {
			return rooms.get(name)?.streamed ?? null;
		},

		async closeRoom(name, code) {
			const inRoom = [...connections].filter((connection) => connection.room.name === name);
			for (const connection of inRoom) connection.close(code);
			await Promise.all(inRoom.map((connection) => connection.finished));
		},

		async closeConnectionsOf(userId, inRoom, code) {
			const theirs = [...connections].filter(
				(connection) => connection.access.userId === userId && inRoom(connection.room.name)
			);
			for (const connection of theirs) connection.close(code);
			await Promise.all(theirs.map((connection) => connection.finished));
		},

		async changeAsServer(name, change) {
			if (closing) throw new Error('The sync endpoint is shutting down.');
			return roomFor(name).changeAsServer(change);
		},

		async reloadRoom(name) {
			await rooms.get(name)?.reloadPieces();
		},

		close() {
			closing ??= (async () => {
				clearInterval(pinger);
				for (const socket of authorizing) socket.destroy();
				const open = [...connections];
				for (const connection of open) connection.close(CLOSE.GOING_AWAY);
				for (const ws of refused) ws.terminate();
				// A client that never answers the closing handshake is cut after a short grace.
				const cut = setTimeout(() => {
					for (const connection of open) connection.terminate();
				}, CLOSE_GRACE_MS);
				await Promise.all(open.map((connection) => connection.finished));
				clearTimeout(cut);
				// Appends already under way finish, so the store can be closed after this.
				const loaded = [...rooms.values()];
				await Promise.all(loaded.map((room) => room.settled()));
				for (const room of loaded) room.retire();
				await new Promise<void>((done) => wss.close(() => done()));
			})();
			return closing;
		}
	};
}

/** The close code `ws` uses when a message passes its maxPayload. */
const WS_MESSAGE_TOO_BIG = 1009;

/**
 * `ws` closes a socket whose message passes `maxPayload` with 1009 by calling the socket's own
 * `close`; the stock client would retry forever, uploading the same oversized message every few
 * seconds on someone's metered link. Routing that call to 4413 makes it stop, like any other
 * message over the limit.
 */
function closeOversizeAs4413(ws: WebSocket): void {
	const close = ws.close.bind(ws);
	ws.close = (code?: number, data?: string | Buffer) => {
		if (code === WS_MESSAGE_TOO_BIG) close(CLOSE.TOO_LARGE, CLOSE_REASON[CLOSE.TOO_LARGE]);
		else close(code, data);
	};
}
