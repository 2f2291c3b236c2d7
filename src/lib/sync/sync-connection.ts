/**
 * The sync connection for one document (room): the stock y-websocket `WebsocketProvider`, with
 * connecting, reconnecting and tokens taken out of its hands.
 *
 * The provider retries on its own without jitter and knows nothing of tokens, so every time a
 * socket closes this module sets `provider.shouldConnect = false` inside the provider's
 * `connection-close` event, which it emits before scheduling its own retry; that retry then finds
 * nothing to do. (Calling `provider.disconnect()` there would re-enter the same close handler.)
 * Reconnecting is ours: exponential backoff with full jitter, at once when the device comes
 * online or the app becomes visible, never while offline, with a fresh token after a 4401.
 *
 * `unsent` counts this client's changes the server has not stored (see unsent-changes.ts). The
 * incoming sync messages are observed by wrapping the provider's own handler for them, so the
 * bytes are read by the provider exactly as before. Once synced, after local changes, we send a
 * sync step 1 of our own (a "probe"); the server answers it with a step 2 only after storing
 * everything we sent before it. One probe at a time, so each step 2 answers a known probe.
 * `confirmed` is the state vector the server is known to hold (see unsent-changes.ts).
 *
 * The server's sync step 1 is answered here, not by the provider: a small answer as the provider
 * would (one step 2), a large one in paced pieces the server's message limit accepts (see
 * upload-in-pieces.ts). Probing waits until the whole answer is on its way.
 *
 * Access: a token may be read-only (sync-grant.ts). The server closes a read-only connection that
 * sends any update with 4403, so while read-only the provider's handler for local updates is
 * unhooked from the document: nothing local goes out, and it stays counted as unsent. A 4403
 * (a mute or a demotion while connected) fetches a fresh grant once; a second 4403 in a row
 * stops. A pause with an end (`until`) asks for fresh access when it ends.
 *
 * Quiet while idle: an idle connection sends nothing and hears only the server's WebSocket pings,
 * which the browser answers itself.
 * - The provider shares no presence and its 30 s silence check is stopped (quiet-provider.ts).
 * - Liveness is ours instead (silence-watch.ts): a socket is judged only while an answer is due
 *   (the first sync; a probe after local changes), and taken for dead if it then hears nothing
 *   for ANSWER_TIMEOUT_MS: closed, and connected again with backoff. Coming back into view after
 *   a quiet spell, or the device coming online, sends one probe to ask.
 *   The trade-off: a socket that dies while the person only reads, in view, goes unnoticed until
 *   they write, switch away and back, or the network changes; until then others' new posts do
 *   not arrive. Writing is never at risk (a change is probed, and sent again on reconnect), and
 *   an idle phone stays silent instead of exchanging ~240 messages an hour per open document.
 * - In the background (background-rest.ts): hidden for BACKGROUND_GRACE_MS with nothing waiting
 *   to be sent, the socket is closed, and opened again at once on return. The status is left as
 *   it was (up to date stays up to date): resting is not a problem to show.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { messageSync, type WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { BackgroundRest } from './background-rest';
import { createQuietProvider, destroyQuietProvider } from './quiet-provider';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './reconnect-backoff';
import { createSilenceWatch } from './silence-watch';
import {
	browserEnvironment,
	realTimers,
	type SyncEnvironment,
	type SyncTimers
} from './sync-environment';
import { WRITABLE, type SyncAccess, type SyncGrant } from './sync-grant';
import { SignedOutError, decideOnClose, type SyncProblem } from './sync-problem';
import { UnsentChanges, type StateVector } from './unsent-changes';
import { needsPieces, uploadInPieces } from './upload-in-pieces';

export type SyncStatus = 'offline' | 'connecting' | 'syncing' | 'synced' | 'stopped';

export interface SyncState {
	status: SyncStatus;
	problem: SyncProblem | null;
	/** This client's local changes the server is not yet known to have stored. */
	unsent: number;
	/**
	 * A state vector the server is known to hold (client id → clock): it only grows, and a new
	 * map is emitted each time it does. Persist it to seed `confirmed` after a reload.
	 */
	confirmed: StateVector;
	/** What the current token allows; read-only connections never send local changes. */
	access: SyncAccess;
}

export interface SyncConnectionOptions {
	doc: Y.Doc;
	room: string;
	/** `ws(s)://host/sync`; the room is appended by the provider. */
	serverUrl: string;
	/**
	 * A sync token for the room (POST /api/sync-token), or the whole grant with its access (a bare
	 * token writes); throws `SignedOutError` on a 401.
	 */
	getToken: (room: string) => Promise<string | SyncGrant>;
	WebSocketPolyfill?: typeof WebSocket;
	random?: () => number;
	now?: () => number;
	timers?: SyncTimers;
	environment?: SyncEnvironment;
	backoff?: BackoffOptions;
	/** What the server was known to hold when this document was last open (`state.confirmed`). */
	confirmed?: StateVector;
}

export interface SyncConnection {
	readonly state: SyncState;
	/** Calls `listener` now and on every change (the Svelte store contract); returns how to stop. */
	subscribe(listener: (state: SyncState) => void): () => void;
	/** Closes the socket and stays away until `resume()`; local changes keep counting as unsent. */
	pause(): void;
	/** Connects again at once after `pause()` or a stop. */
	resume(): void;
	/** Reconnects at once with a fresh token: access may have changed (guidelines accepted). */
	renewAccess(): void;
	destroy(): void;
}

/** A connection that stayed up this long resets the backoff: the server is healthy again. */
export const STABLE_CONNECTION_MS = 10_000;
/** 4401s in a row, each after a fresh token, before we stop and ask the person to sign in. */
export const MAX_TOKEN_RENEWALS = 3;
/** A pause is asked about again this long after it should have ended (clocks differ a little). */
export const ACCESS_RECHECK_MARGIN_MS = 2_000;
/**
 * A pause still in force after it should have ended (this device's clock runs ahead of the
 * server's) is asked about again no sooner than this, so a wrong clock cannot make a request loop.
 */
export const ACCESS_RECHECK_AGAIN_MS = 60_000;
/** A long pause is asked about at least this often (and timers cannot wait beyond ~24 days). */
export const ACCESS_RECHECK_MAX_MS = 6 * 60 * 60_000;
/** Local changes are gathered this long before a probe asks the server to confirm them. */
export const PROBE_DELAY_MS = 500;
/** While an answer is due, a socket that hears nothing for this long is taken for dead. */
export const ANSWER_TIMEOUT_MS = 20_000;
/** Back in view after this long without hearing anything, a probe asks whether the socket lives. */
export const QUIET_BEFORE_CHECK_MS = 30_000;
/** Hidden this long with nothing waiting to be sent, the connection rests (closes its socket). */
export const BACKGROUND_GRACE_MS = 15_000;

type SyncHandler = WebsocketProvider['messageHandlers'][number];

export function createSyncConnection(options: SyncConnectionOptions): SyncConnection {
	const {
		doc,
		room,
		getToken,
		random = Math.random,
		now = Date.now,
		timers = realTimers,
		environment = browserEnvironment(),
		backoff = DEFAULT_BACKOFF
	} = options;
	const provider = createQuietProvider({
		serverUrl: options.serverUrl,
		room,
		doc,
		...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {})
	});

	const listeners = new Set<(state: SyncState) => void>();
	const background = new BackgroundRest(
		{
			timers,
			graceMs: BACKGROUND_GRACE_MS,
			mayRest: () => !paused && !stopped && !destroyed && nothingToSend(),
			rest,
			wake: restartIfWanted
		},
		!(environment.visible?.() ?? true)
	);
	const silence = createSilenceWatch({
		timers,
		now,
		limitMs: ANSWER_TIMEOUT_MS,
		onSilent: dropDeadSocket
	});
	const unsent = new UnsentChanges(
		doc,
		() => {
			update({ unsent: unsent.count, confirmed: unsent.confirmed });
			considerProbe();
			background.check();
		},
		options.confirmed
	);
	let state: SyncState = {
		status: 'offline',
		problem: null,
		unsent: 0,
		confirmed: unsent.confirmed,
		access: WRITABLE
	};

	let token: string | null = null;
	let failedAttempts = 0;
	let tokenRenewals = 0;
	/** 4403s since the last sync; each fetches a fresh grant, the second in a row stops. */
	let accessRenewals = 0;
	let accessTimer: unknown = null;
	/** Whether the provider's handler for local updates is unhooked (read-only). */
	let holdingLocal = false;
	let retryTimer: unknown = null;
	/** The server asked us to slow down (4429 too-many-changes): no connecting before this time. */
	let notBefore = 0;
	let probeTimer: unknown = null;
	/** Bumped whenever an attempt in flight (a token fetch) must be abandoned. */
	let attemptGeneration = 0;
	let fetchingToken = false;
	let paused = false;
	let stopped = false;
	let destroyed = false;
	let closingOnPurpose = false;
	// Per socket: set when it opens, cleared when it closes.
	let openedAt: number | null = null;
	/** Set once our answer to the server's step 1 has been handed to the socket in full. */
	let serverStep1Seen = false;
	let probeInFlight: { seq: number; stateVector: StateVector } | null = null;
	let cancelUpload: (() => void) | null = null;

	function update(change: Partial<SyncState>): void {
		const next = { ...state, ...change };
		if (
			next.status === state.status &&
			next.problem === state.problem &&
			next.unsent === state.unsent &&
			next.confirmed === state.confirmed &&
			next.access === state.access
		) {
			return;
		}
		state = next;
		for (const listener of [...listeners]) listener(state);
	}

	function clearRetry(): void {
		if (retryTimer !== null) timers.clearTimeout(retryTimer);
		retryTimer = null;
	}

	function clearProbe(): void {
		if (probeTimer !== null) timers.clearTimeout(probeTimer);
		probeTimer = null;
	}

	/** Applies a grant's access: unhooks local updates while read-only, watches a pause's end. */
	function setAccess(access: SyncAccess): void {
		if (accessTimer !== null) timers.clearTimeout(accessTimer);
		accessTimer = null;
		if (!access.write && !holdingLocal) doc.off('update', provider._updateHandler);
		if (access.write && holdingLocal) doc.on('update', provider._updateHandler);
		holdingLocal = !access.write;
		if (!access.write && access.until !== null) {
			const stillPaused = !state.access.write && state.access.until === access.until;
			const left = Math.max(access.until - now(), stillPaused ? ACCESS_RECHECK_AGAIN_MS : 0);
			const wait = Math.min(left + ACCESS_RECHECK_MARGIN_MS, ACCESS_RECHECK_MAX_MS);
			accessTimer = timers.setTimeout(renewAccess, wait);
		}
		const same = access.write
			? state.access.write
			: !state.access.write &&
				state.access.reason === access.reason &&
				state.access.until === access.until;
		if (!same) update({ access });
	}

	function renewAccess(): void {
		accessTimer = null;
		if (destroyed) return;
		token = null;
		if (paused) return;
		if (provider.ws !== null) closeSocket();
		stopped = false;
		start();
	}

	function mayConnect(): boolean {
		return !destroyed && !paused && !stopped && !background.resting;
	}

	/** Nothing this connection could send is waiting (a read-only one can send nothing). */
	function nothingToSend(): boolean {
		return !state.access.write || (unsent.count === 0 && !unsent.aheadOfConfirmed);
	}

	/** In the background with nothing to send: close, retry nothing, and keep the status calm. */
	function rest(): void {
		closeSocket();
		if (state.status !== 'synced') update({ status: 'offline' });
	}

	/** An answer was due and the socket heard nothing: it is dead, so connect again. */
	function dropDeadSocket(): void {
		closeSocket();
		scheduleRetry();
	}

	/**
	 * Asks an open socket whether it still lives (back in view, back online): one probe, whose
	 * answer is due within ANSWER_TIMEOUT_MS. Nothing is asked while an answer is due anyway.
	 */
	function checkAlive(minQuietMs: number): void {
		const ws = provider.ws;
		if (ws === null || ws.readyState !== ws.OPEN || !provider.synced) return;
		if (probeInFlight !== null || silence.quietFor() < minQuietMs) return;
		clearProbe();
		sendProbe();
	}

	async function attempt(): Promise<void> {
		clearRetry();
		if (!mayConnect() || fetchingToken || provider.ws !== null) return;
		if (now() < notBefore) {
			// Coming online or into view does not cut the server's wait short.
			update({ status: 'offline' });
			retryTimer = timers.setTimeout(start, notBefore - now());
			return;
		}
		// Offline, nothing is scheduled: the `online` event brings us back.
		if (!environment.online()) return update({ status: 'offline' });
		update({ status: 'connecting' });
		const generation = ++attemptGeneration;
		if (token === null) {
			fetchingToken = true;
			try {
				const granted = await getToken(room);
				const grant = typeof granted === 'string' ? { token: granted, access: WRITABLE } : granted;
				token = grant.token;
				if (!destroyed) setAccess(grant.access);
			} catch (error: unknown) {
				if (generation !== attemptGeneration) return restartIfWanted();
				if (error instanceof SignedOutError) update({ problem: { kind: 'signed-out' } });
				return scheduleRetry();
			} finally {
				fetchingToken = false;
			}
			if (generation !== attemptGeneration) return restartIfWanted();
		}
		provider.params = { token };
		try {
			provider.connect();
		} catch {
			// The WebSocket constructor throws only on a malformed URL or a blocked port; the
			// person cannot fix either, so keep trying gently rather than stop syncing for good.
			provider.shouldConnect = false;
			scheduleRetry();
		}
	}

	/**
	 * A pause (or destroy) abandoned the token fetch; a resume that came while it was still
	 * running found it busy and left the connecting to it, so connect now if still wanted.
	 */
	function restartIfWanted(): void {
		if (mayConnect()) start();
	}

	function start(): void {
		// attempt() handles its own failures; nothing it awaits can reject past it.
		void attempt();
	}

	function scheduleRetry(): void {
		clearRetry();
		if (!mayConnect()) return;
		update({ status: 'offline' });
		if (!environment.online()) return;
		const delay = backoffDelay(failedAttempts++, random, backoff);
		retryTimer = timers.setTimeout(start, delay);
	}

	function stop(problem: SyncProblem): void {
		stopped = true;
		clearRetry();
		update({ status: 'stopped', problem });
	}

	function reconnectNow(): void {
		if (!mayConnect() || provider.ws !== null || fetchingToken) return;
		start();
	}

	/**
	 * Sends a probe: a step 1 the server answers with a step 2. Sent to confirm changes (when
	 * `canProbe`) or only to hear the socket answer; then, before our answer to the server's step 1
	 * is out in full, or while read-only, its answer proves nothing about what we wrote.
	 */
	function sendProbe(): void {
		probeTimer = null;
		const ws = provider.ws;
		if (!provider.synced || probeInFlight !== null || ws === null || ws.readyState !== ws.OPEN) {
			return;
		}
		const proves = serverStep1Seen && !holdingLocal;
		probeInFlight = proves
			? { seq: unsent.latest, stateVector: Y.decodeStateVector(Y.encodeStateVector(doc)) }
			: { seq: 0, stateVector: new Map() };
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, messageSync);
		syncProtocol.writeSyncStep1(encoder, doc);
		ws.send(encoding.toUint8Array(encoder));
		silence.watch();
	}

	/**
	 * A probe proves something only for what was sent before it: after the server's step 1 has
	 * been answered with our step 2 (all we held), and after the first sync's own step 2, so that
	 * no step 2 we receive can answer a step 1 other than our probe. Worth sending for our own
	 * changes, and for anything else the server is not known to hold (changes written offline
	 * before a reload, loaded from the device and sent in our answer to its step 1).
	 */
	function canProbe(): boolean {
		return (
			serverStep1Seen &&
			provider.synced &&
			probeInFlight === null &&
			(unsent.count > 0 || unsent.aheadOfConfirmed)
		);
	}

	function considerProbe(): void {
		if (probeTimer === null && canProbe()) {
			probeTimer = timers.setTimeout(() => {
				if (canProbe()) sendProbe();
				else probeTimer = null;
			}, PROBE_DELAY_MS);
		}
	}

	const stockSyncHandler: SyncHandler | undefined = provider.messageHandlers[messageSync];
	if (!stockSyncHandler) throw new Error('y-websocket has no sync message handler.');
	const observingSyncHandler: SyncHandler = (encoder, decoder, from, emitSynced, type) => {
		const peek = decoding.createDecoder(decoder.arr);
		peek.pos = decoder.pos;
		const subType = decoding.readVarUint(peek);
		if (subType === syncProtocol.messageYjsSyncStep1) {
			decoding.readVarUint(decoder);
			answerServerStep1(encoder, decoding.readVarUint8Array(decoder));
			considerProbe();
			return;
		}
		const received = decoding.readVarUint8Array(peek);
		stockSyncHandler(encoder, decoder, from, emitSynced, type);
		// Applied without throwing: the server holds it (it stores before it sends).
		unsent.ackUpdate(received);
		if (subType === syncProtocol.messageYjsSyncStep2 && probeInFlight !== null) {
			const { seq, stateVector } = probeInFlight;
			probeInFlight = null;
			silence.stop();
			unsent.ackThrough(seq, stateVector);
		}
		considerProbe();
	};

	/**
	 * Answers the server's step 1 with what it lacks: a small answer as one step 2 written into
	 * `encoder` (the provider sends it as the handler returns), a large one in paced pieces.
	 */
	function answerServerStep1(encoder: encoding.Encoder, encodedStateVector: Uint8Array): void {
		const serverState = Y.decodeStateVector(encodedStateVector);
		const missing = Y.encodeStateAsUpdate(doc, encodedStateVector);
		unsent.ackStateVector(serverState);
		const ws = provider.ws;
		if (!needsPieces(missing) || ws === null) {
			encoding.writeVarUint(encoder, messageSync);
			encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
			encoding.writeVarUint8Array(encoder, missing);
			serverStep1Seen = true;
			return;
		}
		cancelUpload?.();
		cancelUpload = uploadInPieces(ws, missing, {
			timers,
			isCurrent: () => provider.ws === ws && ws.readyState === ws.OPEN,
			onDone: () => {
				cancelUpload = null;
				serverStep1Seen = true;
				considerProbe();
			}
		});
	}
	provider.messageHandlers[messageSync] = observingSyncHandler;
	// Every message heard shows the socket alive (WebSocket pings never reach the page).
	provider.messageHandlers = provider.messageHandlers.map(
		(handler): SyncHandler =>
			(encoder, decoder, from, emitSynced, type) => {
				silence.heard();
				handler(encoder, decoder, from, emitSynced, type);
			}
	);

	const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
		if (status === 'connected') {
			openedAt = now();
			// The first sync is an answer due: a socket that opens and then says nothing is dead.
			silence.heard();
			silence.watch();
			update({ status: provider.synced ? 'synced' : 'syncing' });
		}
	};
	const onSync = (synced: boolean) => {
		if (!synced) return;
		if (probeInFlight === null) silence.stop();
		tokenRenewals = 0;
		accessRenewals = 0;
		update({ status: 'synced', problem: null });
		considerProbe();
	};
	const onConnectionClose = (event: CloseEvent | null) => {
		// Keep the provider's own retry (scheduled right after this event) from doing anything.
		provider.shouldConnect = false;
		if (openedAt !== null && now() - openedAt >= STABLE_CONNECTION_MS) failedAttempts = 0;
		openedAt = null;
		serverStep1Seen = false;
		probeInFlight = null;
		silence.stop();
		clearProbe();
		stopUpload();
		if (closingOnPurpose || !mayConnect()) return;
		const decision = decideOnClose(event?.code ?? null, event?.reason ?? '');
		if (decision.action === 'stop') return stop(decision.problem);
		if (decision.action === 'wait') {
			// Nothing is lost: what the server did not store goes again with the next handshake.
			notBefore = now() + decision.delayMs;
			clearRetry();
			update({ status: 'offline', problem: decision.problem });
			retryTimer = timers.setTimeout(start, decision.delayMs);
			return;
		}
		if (decision.action === 'renew-access') {
			token = null;
			if (++accessRenewals > 1) return stop({ kind: 'forbidden' });
		}
		if (decision.action === 'renew-token') {
			token = null;
			if (++tokenRenewals > MAX_TOKEN_RENEWALS) return stop({ kind: 'signed-out' });
		}
		scheduleRetry();
	};
	provider.on('status', onStatus);
	provider.on('sync', onSync);
	provider.on('connection-close', onConnectionClose);

	const stopWatching = [
		environment.onOnline(() => {
			reconnectNow();
			// A network that changed may have left an open socket behind it, dead.
			checkAlive(0);
		}),
		environment.onVisible(() => {
			if (background.show()) return;
			reconnectNow();
			checkAlive(QUIET_BEFORE_CHECK_MS);
		}),
		environment.onHidden?.(() => background.hide()) ?? (() => {})
	];

	function stopUpload(): void {
		cancelUpload?.();
		cancelUpload = null;
	}

	function closeSocket(): void {
		attemptGeneration++;
		clearRetry();
		clearProbe();
		stopUpload();
		silence.stop();
		closingOnPurpose = true;
		try {
			provider.disconnect();
		} finally {
			closingOnPurpose = false;
		}
	}

	start();

	return {
		get state() {
			return state;
		},
		subscribe(listener) {
			listeners.add(listener);
			listener(state);
			return () => listeners.delete(listener);
		},
		pause() {
			if (destroyed) return;
			paused = true;
			closeSocket();
			update({ status: 'offline' });
		},
		resume() {
			if (destroyed) return;
			paused = false;
			stopped = false;
			background.interrupt();
			failedAttempts = 0;
			tokenRenewals = 0;
			accessRenewals = 0;
			update({ status: 'offline', problem: null });
			start();
		},
		renewAccess() {
			if (destroyed) return;
			accessRenewals = 0;
			renewAccess();
		},
		destroy() {
			if (destroyed) return;
			closeSocket();
			destroyed = true;
			background.destroy();
			if (accessTimer !== null) timers.clearTimeout(accessTimer);
			if (holdingLocal) doc.on('update', provider._updateHandler);
			for (const unsubscribe of stopWatching) unsubscribe();
			provider.off('status', onStatus);
			provider.off('sync', onSync);
			provider.off('connection-close', onConnectionClose);
			destroyQuietProvider(provider);
			unsent.destroy();
			update({ status: 'stopped' });
			listeners.clear();
		}
	};
}
