/**
 * The clients, in a process of their own (apart from the server's): opens light y-websocket
 * clients (light-client.ts) as the section asks, has the writers write at a fixed pace, and
 * reports what reached whom and how fast. Run by bench/server-load.ts through child-link.ts.
 *
 * Every loop and wait here is bounded by the request's own time limits; when the section goes
 * away, every socket is cut and the process exits.
 */
import { performance } from 'node:perf_hooks';
import WebSocket, { type RawData } from 'ws';
import * as Y from 'yjs';
import { REPLIES_MAP, THREADS_MAP } from '../../src/lib/domain/community/community-document';
import { answerRequests, hasType } from './answer-requests';
import { markedId } from './bench-records';
import { deflateOffer, Deliveries, LightClient } from './light-client';
import type {
	ColdTiming,
	DriverReply,
	DriverRequest,
	Envelope,
	LatencySummary,
	WriteResult
} from './messages';
import { EMPTY_STATE_VECTOR, EMPTY_UPDATE, kindOf, syncMessage, syncPayload } from './wire';

const deliveries = new Deliveries();
let clients: LightClient[] = [];
let writeSeq = 0;

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

/** Has each writer write one thread every `intervalMs`, staggered, for `durationMs`. */
async function write(request: Request<'write'>): Promise<DriverReply> {
	deliveries.reset();
	const writers = clients.filter((client) => client.plan.writer && client.isOpen);
	const cpuBefore = process.cpuUsage();
	const started = performance.now();
	let sent = 0;
	let expected = 0;
	const timers: NodeJS.Timeout[] = [];
	const writing = writers.map(
		(writer, index) =>
			new Promise<void>((done) => {
				const tick = () => {
					if (performance.now() - started >= request.durationMs || !writer.isOpen) {
						done();
						return;
					}
					expected += openPeersOf(writer);
					sent++;
					writer.write(markedId(writeSeq++));
					timers.push(setTimeout(tick, nextTickDelay(started, request.intervalMs, index, writers)));
				};
				timers.push(setTimeout(tick, (index / writers.length) * request.intervalMs));
			})
	);
	await withDeadline(Promise.all(writing), started + request.durationMs + request.intervalMs, []);
	for (const timer of timers) clearTimeout(timer);
	// Waits for what is still in flight, re-checking every 50 ms, for at most `drainMs`.
	const drainEnd = performance.now() + request.drainMs;
	while (deliveries.latencies.length < expected && performance.now() < drainEnd) {
		await new Promise((done) => setTimeout(done, 50));
	}
	const cpu = process.cpuUsage(cpuBefore);
	const result: WriteResult = {
		writers: writers.length,
		sent,
		expected,
		delivered: deliveries.latencies.length,
		latency: summarise(deliveries.latencies),
		windowMs: Math.max(0, (deliveries.lastAt || performance.now()) - started),
		closes: serverCloses(clients),
		driverCpuMs: (cpu.user + cpu.system) / 1000
	};
	return { type: 'wrote', result };
}

/** When a writer's next write is due: on its own slot of the fixed pace, never drifting. */
function nextTickDelay(
	started: number,
	intervalMs: number,
	index: number,
	writers: readonly LightClient[]
): number {
	const offset = (index / writers.length) * intervalMs;
	const elapsed = performance.now() - started - offset;
	const next = (Math.floor(elapsed / intervalMs) + 1) * intervalMs;
	return Math.max(0, next - elapsed);
}

function openPeersOf(writer: LightClient): number {
	let peers = 0;
	for (const client of clients) {
		if (client !== writer && client.isOpen && client.plan.room === writer.plan.room) peers++;
	}
	return peers;
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

function summarise(values: number[]): LatencySummary {
	if (values.length === 0) return { count: 0, p50: 0, p99: 0, max: 0 };
	const sorted = Float64Array.from(values).sort();
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
	return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
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
	return hasType(message, ['connect', 'write', 'close-all', 'cold', 'stop']);
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
