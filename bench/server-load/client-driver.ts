/**
 * The clients, in a process of their own (apart from the server's; the section runs two, each
 * with half the clients): opens light y-websocket clients (light-client.ts) as the section asks,
 * has its writers write at the pace all writers share, and reports what reached its clients and
 * how fast. Run by bench/server-load.ts through child-link.ts.
 *
 * Every loop and wait here is bounded by the request's own time limits; when the section goes
 * away, every socket is cut and the process exits.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import WebSocket, { type RawData } from 'ws';
import * as Y from 'yjs';
import { REPLIES_MAP, THREADS_MAP } from '../../src/lib/domain/community/community-document';
import { answerRequests, hasType } from './answer-requests';
import { SERIAL_LIMIT } from './bench-records';
import { deflateOffer, Deliveries, LightClient, sharedNow } from './light-client';
import type { ColdTiming, DriverReply, DriverRequest, Envelope } from './messages';
import { EMPTY_STATE_VECTOR, EMPTY_UPDATE, kindOf, syncMessage, syncPayload } from './wire';

const deliveries = new Deliveries();
let clients: LightClient[] = [];
let writeSeq = 0;
/** CPU use when the last write began, for the drain's reply. */
let cpuAtWrite = process.cpuUsage();
/** This process's event-loop delay while writing: when it is high, the driver is what lags. */
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

type Request<T extends DriverRequest['type']> = Extract<DriverRequest, { type: T }>;

async function connect(request: Request<'connect'>): Promise<DriverReply> {
	const started = performance.now();
	const deadline = started + request.timeoutMs;
	const queue = [...request.clients];
	const opened: LightClient[] = [];
	let synced = 0;
	// `concurrency` handshakes under way at once, each waiting at most until the deadline.
	const worker = async () => {
		for (let plan = queue.shift(); plan; plan = queue.shift()) {
			if (performance.now() > deadline) return;
			const client = new LightClient(request.url, plan, deliveries, request.deflate);
			opened.push(client);
			if (await withDeadline(client.synced, deadline, false)) synced++;
		}
	};
	await Promise.all(Array.from({ length: request.concurrency }, worker));
	clients.push(...opened);
	return {
		type: 'connected',
		ms: performance.now() - started,
		synced,
		failed: request.clients.length - synced,
		closes: serverCloses(opened)
	};
}

/**
 * From `startAt`, has each writer write one thread every `intervalMs`, on its slot of the pace
 * every driver's writers share, for `durationMs`.
 */
async function write(request: Request<'write'>): Promise<DriverReply> {
	deliveries.reset(request.startAt);
	await new Promise((done) => setTimeout(done, Math.max(0, request.startAt - sharedNow())));
	const writers = clients.filter((client) => client.plan.writer && client.isOpen);
	cpuAtWrite = process.cpuUsage();
	loopDelay.reset();
	const started = request.startAt;
	const sentByRoom: Record<string, number> = {};
	let sent = 0;
	const timers: NodeJS.Timeout[] = [];
	const writing = writers.map(
		(writer) =>
			new Promise<void>((done) => {
				const offset = (writer.plan.slot / request.writers) * request.intervalMs;
				let written = 0;
				const tick = () => {
					// A timer may fire a little early, and a write stamped before `startAt` would be
					// ignored by every reader (deliveries count from `startAt`), all its copies
					// missing from the count (one run missed exactly one post's 999 copies).
					const due = started + offset + written * request.intervalMs;
					if (sharedNow() < due) {
						timers.push(setTimeout(tick, due - sharedNow()));
						return;
					}
					if (sharedNow() - started >= request.durationMs || !writer.isOpen) {
						done();
						return;
					}
					sent++;
					written++;
					sentByRoom[writer.plan.room] = (sentByRoom[writer.plan.room] ?? 0) + 1;
					// Serials count up in steps of two drivers, so no two writes share an id.
					writer.write((writeSeq++ * 2 + request.driver) % SERIAL_LIMIT);
					// Due on its own slot of the fixed pace, never drifting; counted, not computed from
					// the clock, so a timer that fires a little early never writes twice in one slot.
					const next = started + offset + written * request.intervalMs;
					timers.push(setTimeout(tick, Math.max(0, next - sharedNow())));
				};
				timers.push(setTimeout(tick, Math.max(0, started + offset - sharedNow())));
			})
	);
	const writingEnds = started + request.durationMs + request.intervalMs;
	await withDeadline(Promise.all(writing), performance.now() + writingEnds - sharedNow(), []);
	for (const timer of timers) clearTimeout(timer);
	const openByRoom: Record<string, number> = {};
	for (const client of clients) {
		if (client.isOpen) openByRoom[client.plan.room] = (openByRoom[client.plan.room] ?? 0) + 1;
	}
	return { type: 'wrote', writers: writers.length, sent, sentByRoom, openByRoom };
}

/** Waits for what is still in flight, re-checking every 50 ms, until `until` at the latest. */
async function drain(request: Request<'drain'>): Promise<DriverReply> {
	while (deliveries.latencies.length < request.expected && sharedNow() < request.until) {
		await new Promise((done) => setTimeout(done, 50));
	}
	const cpu = process.cpuUsage(cpuAtWrite);
	return {
		type: 'drained',
		result: {
			latencies: deliveries.latencies.map((ms) => Math.round(ms * 100) / 100),
			lastAt: deliveries.lastAt,
			closes: serverCloses(clients),
			cpuMs: (cpu.user + cpu.system) / 1000,
			loopDelayP99: loopDelay.percentile(99) / 1e6
		}
	};
}

async function closeAll(request: Request<'close-all'>): Promise<DriverReply> {
	const started = performance.now();
	const closing = clients;
	clients = [];
	for (const client of closing) client.close();
	await withDeadline(
		Promise.all(closing.map((client) => client.closed)),
		started + request.timeoutMs,
		[]
	);
	const stillOpen = closing.filter((client) => client.closeCode === null);
	for (const client of stillOpen) client.ws.terminate();
	return { type: 'closed', ms: performance.now() - started, stillOpen: stillOpen.length };
}

/** Opens each cold room alone, one after another, timing its first sync. */
async function cold(request: Request<'cold'>): Promise<DriverReply> {
	const timings: ColdTiming[] = [];
	let failed = 0;
	for (const { room, token } of request.rooms) {
		const timing = await coldSync(request.url, room, token, request.timeoutMs);
		if (timing) timings.push(timing);
		else failed++;
	}
	return { type: 'cold', timings, failed };
}

function coldSync(
	url: string,
	room: string,
	token: string,
	timeoutMs: number
): Promise<ColdTiming | null> {
	return new Promise((resolve) => {
		const started = performance.now();
		const ws = new WebSocket(`${url}/${room}?token=${token}`, {
			perMessageDeflate: deflateOffer('browser')
		});
		const pieces: Uint8Array[] = [];
		let openMs = 0;
		let bytes = 0;
		let syncedMs = 0;
		const timer = setTimeout(() => ws.terminate(), timeoutMs);
		ws.on('error', () => {});
		ws.on('open', () => {
			openMs = performance.now() - started;
			ws.send(syncMessage('step1', EMPTY_STATE_VECTOR));
		});
		ws.on('message', (data: RawData) => {
			const message = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
			bytes += message.byteLength;
			const kind = kindOf(message);
			if (kind === 'step1') ws.send(syncMessage('step2', EMPTY_UPDATE));
			if (kind === 'update') pieces.push(syncPayload(message));
			if (kind === 'step2') {
				syncedMs = performance.now() - started;
				ws.close(1000);
			}
		});
		ws.on('close', () => {
			clearTimeout(timer);
			if (syncedMs === 0) return resolve(null);
			resolve({ room, openMs, syncedMs, bytes, records: recordsIn(pieces) });
		});
	});
}

function recordsIn(pieces: readonly Uint8Array[]): number {
	const doc = new Y.Doc();
	for (const piece of pieces) Y.applyUpdate(doc, piece);
	const records = doc.getMap(THREADS_MAP).size + doc.getMap(REPLIES_MAP).size;
	doc.destroy();
	return records;
}

/** Close codes the server chose (not the driver's own closes), counted by code. */
function serverCloses(among: readonly LightClient[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const client of among) {
		if (client.closeCode === null || client.closedByUs) continue;
		counts[client.closeCode] = (counts[client.closeCode] ?? 0) + 1;
	}
	return counts;
}

function withDeadline<T>(promise: Promise<T>, deadline: number, fallback: T): Promise<T> {
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(fallback), Math.max(0, deadline - performance.now()));
		void promise.then((value) => {
			clearTimeout(timer);
			resolve(value);
		});
	});
}

function isRequest(message: unknown): message is Envelope<DriverRequest> {
	return hasType(message, ['connect', 'write', 'drain', 'clock', 'close-all', 'cold', 'stop']);
}

function cutAll(): void {
	for (const client of clients) client.ws.terminate();
	clients = [];
}

answerRequests<DriverRequest, DriverReply>(
	isRequest,
	async (request) => {
		switch (request.type) {
			case 'connect':
				return connect(request);
			case 'write':
				return write(request);
			case 'drain':
				return drain(request);
			case 'clock':
				return { type: 'clock', now: sharedNow() };
			case 'close-all':
				return closeAll(request);
			case 'cold':
				return cold(request);
			case 'stop':
				cutAll();
				setImmediate(() => process.disconnect());
				return { type: 'stopped' };
		}
	},
	async () => cutAll()
);
