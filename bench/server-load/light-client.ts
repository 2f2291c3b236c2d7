/**
 * One y-websocket client as light as the benchmark can make it, so a thousand of them fit in one
 * process beside the server on a small machine, while the server sees what the app sends:
 *
 * - on open, sync step 1 (its state vector); the server's step 1 answered with a step 2; synced
 *   on the first step 2 received, as the stock client;
 * - a writer holds a real Y.Doc: each write sets one thread in it, and the update Yjs makes goes
 *   out as a sync update under the doc's own client id (which the server binds to its person);
 *   what others write is applied to it;
 * - a reader holds no document: it only notes when each timed write reaches it, found by the
 *   marked record ids in the bytes (bench-records.ts; several when the server merged updates),
 *   which costs the driver far less CPU than decoding every update a thousand times over;
 * - it shares no presence, as Hearth's app; it offers per-message deflate as browsers do, or
 *   also asks for no context takeover (messages.ts `DeflateOffer`), and inflates each message as
 *   it arrives with its own inflater, as a browser does (context-inflater.ts).
 *
 * Sends and receipts are stamped with `sharedNow`, a clock every process on the machine shares,
 * and a timed write's id carries its send time, so a copy sent from one driver process and
 * received in another is timed correctly. Every client of a driver shares one `Deliveries`.
 */
import { performance } from 'node:perf_hooks';
import WebSocket, { type RawData } from 'ws';
import * as Y from 'yjs';
import type { ThreadHeader } from '../../src/lib/domain/community/records';
import { THREADS_MAP } from '../../src/lib/domain/community/community-document';
import { inflateOnReceipt } from './context-inflater';
import { benchThread, findMarkedIds, markedId, sentAtOf } from './bench-records';
import type { ClientPlan, DeflateOffer } from './messages';
import { EMPTY_STATE_VECTOR, EMPTY_UPDATE, kindOf, syncMessage, syncPayload } from './wire';

const REMOTE = 'remote';

/**
 * `ws` inflates through one queue per process, ten jobs at a time by default. A thousand phones
 * each inflate their own messages; standing in for them, one process must not make them wait in
 * one line of ten, so the limit is one job per client (zlib's thread pool still bounds the work).
 */
export const CLIENT_INFLATE_LIMIT = 1000;

/** What a client offers for per-message deflate (messages.ts `DeflateOffer`). */
export function deflateOffer(deflate: DeflateOffer) {
	return {
		concurrencyLimit: CLIENT_INFLATE_LIMIT,
		...(deflate === 'browser' ? {} : { serverNoContextTakeover: true })
	};
}

/**
 * Now, in ms, on a clock that processes on one machine share: the wall-clock time the process
 * started plus the monotonic time since. The section checks that its drivers agree on it.
 */
export function sharedNow(): number {
	return performance.timeOrigin + performance.now();
}

/** The delays with which copies of timed writes arrived, since the last `reset`. */
export class Deliveries {
	latencies: number[] = [];
	lastAt = 0;
	private since = Infinity;

	/** Notes the timed writes in `bytes` sent since the reset, except the receiver's own. */
	received(bytes: Buffer, at: number, ownIds: ReadonlySet<string>): void {
		for (const id of findMarkedIds(bytes)) {
			const sent = sentAtOf(id);
			if (sent < this.since || ownIds.has(id)) continue;
			this.latencies.push(at - sent);
			this.lastAt = at;
		}
	}

	/** Forgets what arrived, and counts only writes sent from `since` (shared clock) on. */
	reset(since: number): void {
		this.latencies = [];
		this.lastAt = 0;
		this.since = since;
	}
}

export class LightClient {
	readonly ws: WebSocket;
	/** True once the first step 2 arrived; false if the socket closed first. */
	readonly synced: Promise<boolean>;
	/** Resolves once the socket has closed. */
	readonly closed: Promise<void>;
	/** The close code, once closed; `closedByUs` tells the driver's own closes apart. */
	closeCode: number | null = null;
	closedByUs = false;

	private readonly doc: Y.Doc | null;
	/**
	 * Ids this client wrote. In a busy room the server's shared stream sends an author its own
	 * update back (server/sync/room-stream.ts); that copy is not a delivery to someone else.
	 */
	private readonly written = new Set<string>();

	constructor(
		url: string,
		readonly plan: ClientPlan,
		private readonly deliveries: Deliveries,
		deflate: DeflateOffer
	) {
		this.doc = plan.writer ? new Y.Doc() : null;
		this.doc?.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== REMOTE) this.send(syncMessage('update', update));
		});
		this.ws = new WebSocket(`${url}/${plan.room}?token=${plan.token}`, {
			perMessageDeflate: deflateOffer(deflate)
		});
		this.ws.on('error', () => {});
		let markSynced: (synced: boolean) => void = () => {};
		this.synced = new Promise((done) => (markSynced = done));
		this.closed = new Promise((done) =>
			this.ws.on('close', (code: number) => {
				this.closeCode = code;
				this.doc?.destroy();
				markSynced(false);
				done();
			})
		);
		this.ws.on('open', () => {
			inflateOnReceipt(this.ws);
			this.send(
				syncMessage('step1', this.doc ? Y.encodeStateVector(this.doc) : EMPTY_STATE_VECTOR)
			);
		});
		this.ws.on('message', (data: RawData) => {
			const at = sharedNow();
			const bytes = toBuffer(data);
			switch (kindOf(bytes)) {
				case 'update':
					this.deliveries.received(bytes, at, this.written);
					this.apply(bytes);
					return;
				case 'step1':
					this.answerStep1(bytes);
					return;
				case 'step2':
					this.apply(bytes);
					markSynced(true);
					return;
				case 'presence':
				case 'other':
					return;
			}
		});
	}

	get isOpen(): boolean {
		return this.ws.readyState === WebSocket.OPEN;
	}

	/** Writes one timed thread, stamped now, with serial number `serial`; only writers write. */
	write(serial: number): void {
		if (!this.doc || !this.isOpen) return;
		const id = markedId(sharedNow(), serial);
		this.written.add(id);
		const thread = benchThread(this.plan.author, id);
		this.doc.getMap<ThreadHeader>(THREADS_MAP).set(thread.id, thread);
	}

	close(): void {
		this.closedByUs = true;
		if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
		else this.ws.close(1000);
	}

	private send(bytes: Uint8Array): void {
		if (this.isOpen) this.ws.send(bytes);
	}

	private answerStep1(bytes: Buffer): void {
		const stateVector = syncPayload(bytes);
		this.send(
			syncMessage('step2', this.doc ? Y.encodeStateAsUpdate(this.doc, stateVector) : EMPTY_UPDATE)
		);
	}

	private apply(bytes: Buffer): void {
		if (this.doc) Y.applyUpdate(this.doc, syncPayload(bytes), REMOTE);
	}
}

function toBuffer(data: RawData): Buffer {
	if (Array.isArray(data)) return Buffer.concat(data);
	if (data instanceof ArrayBuffer) return Buffer.from(data);
	return data;
}
