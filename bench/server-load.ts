/**
 * The server under many clients: 100, 500 and 1,000 y-websocket clients on 127.0.0.1, all in one
 * community room and spread ten to a room, driven from two separate processes. Measures relay latency
 * (p50/p99 from a writer's send to each other client's receipt), updates in and copies relayed
 * per second, server memory per idle connection, and the time to serve a cold document (2,000
 * records stored, not in memory). Target: relay p99 ≤ 50 ms at 1,000 clients on loopback.
 *
 * Four processes: this one plans and reports; bench/server-load/server-process.ts runs the whole
 * server (as `npm start` assembles it) and mints sync tokens with its own token code; and two
 * bench/server-load/client-driver.ts processes open half the clients each (in every room, and
 * half the writers each), so the clients' work can use both cores of a small machine instead of
 * queueing in one process: a phone inflates only its own messages. The drivers and the server
 * share the machine's cores, so every figure includes the clients' own CPU time: on a small
 * machine the server is measured with a crowd of phones standing on its feet.
 *
 * A copy written in one driver is often received in the other, so sends and receipts are stamped
 * with a clock both share (light-client.ts `sharedNow`), and each write's id carries its send
 * time. Before the runs the section checks, by IPC round trips, how far each driver's clock is
 * from its own, and prints it.
 *
 * Writes are new threads by 10 writers in the one room, or one writer per room when spread,
 * each writing one thread a second: well within each person's write budget (the first 1,000
 * changes pass at once), so what is measured is relay, not refusal. Refusals are counted anyway.
 *
 * Clients offer per-message deflate as browsers do (context takeover,
 * server/sync/deflate-options.ts: a live post compresses far better against the posts before it),
 * and each inflates every message it receives the moment it arrives, with its own inflater, as a
 * phone's browser does (server-load/context-inflater.ts; `ws`'s own inflating queued 500 clients'
 * copies of a post in one line on Node's thread pool, and delivered almost none before the last).
 * In a room of fewer than 32 sockets each relayed copy is deflated on its socket's own stream, a
 * socket still busy with its last copy being sent the next updates merged into one
 * (server/sync/relay-outbox.ts); in a larger room the sockets share one stream, each update
 * deflated once for all of them (server/sync/room-stream.ts), which also sends the author its own
 * update back (not counted as a delivery). A reader times every write a merged update carries.
 * One extra run has the clients ask for no context takeover, so frames under 1 KiB go
 * uncompressed and the clients inflate nothing: it shows what the server alone delivers, and
 * what the person would pay on the wire.
 *
 * Memory per connection is the growth of the server's heap, external memory and RSS (after GC)
 * from before the clients connect to once they idle, divided by their number. RSS is the
 * noisiest: pages freed by an earlier run are reused by the next one.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchSection, SectionResult } from './bench-section';
import { ChildLink } from './server-load/child-link';
import { sharedNow } from './server-load/light-client';
import {
	report,
	type ClockCheck,
	type Layout,
	type Scenario,
	type ScenarioResult
} from './server-load/load-report';
import type {
	ClientPlan,
	DriverDrained,
	DriverReply,
	DriverRequest,
	DriverWrote,
	LatencySummary,
	ServerReply,
	ServerRequest,
	ServerSample,
	WriteResult
} from './server-load/messages';

/** What a run covers; the defaults are the benchmark's, smaller ones make a quick trial. */
export interface ServerLoadOptions {
	sizes: readonly number[];
	/** Which layouts each size runs in: one room, spread ten to a room, or both. */
	layouts: readonly Layout[];
	/**
	 * Also run the largest size in one room with clients that ask for no context takeover, to
	 * show what compressing every relayed copy costs the server (see the note at the top).
	 */
	withNoContextTakeover: boolean;
	/** Where the server's data folder is made (a folder in memory shows what fsync costs). */
	dataParent: string;
	writeMs: number;
	coldRooms: number;
	coldRecords: number;
	/** Past this the section skips what is left rather than overrun its share of the run. */
	budgetMs: number;
}

export const DEFAULT_OPTIONS: ServerLoadOptions = {
	sizes: [100, 500, 1000],
	layouts: ['one room', 'spread'],
	withNoContextTakeover: true,
	dataParent: tmpdir(),
	writeMs: 12_000,
	coldRooms: 20,
	coldRecords: 2000,
	budgetMs: 210_000
};

const CLIENTS_PER_ROOM_SPREAD = 10;
const ONE_ROOM_WRITERS = 10;
const WRITE_INTERVAL_MS = 1000;
const DRAIN_MS = 3000;
const CONNECT_CONCURRENCY = 50;
/** Writing begins this long after the section asks, so every driver starts on the same beat. */
const START_DELAY_MS = 200;
const CLOCK_ROUND_TRIPS = 20;
const COMMUNITY = 'anxiety';
const TARGET_P99_MS = 50;

type Server = ChildLink<ServerRequest, ServerReply>;
type Driver = ChildLink<DriverRequest, DriverReply>;

export const serverLoadSection: BenchSection = (context) => runServerLoad(context, DEFAULT_OPTIONS);

export async function runServerLoad(
	{ buildDir, root }: Pick<BenchContext, 'buildDir' | 'root'>,
	options: ServerLoadOptions
): Promise<SectionResult> {
	const started = Date.now();
	const server: Server = new ChildLink(
		'the server process',
		join(root, 'bench/server-load/server-process.ts'),
		root,
		['--expose-gc']
	);
	// Two drivers, so the clients' work can use both cores (see the note at the top).
	const drivers = [startDriver(root, 1), startDriver(root, 2)] as const;
	const [firstDriver] = drivers;
	try {
		const coldRooms = Array.from(
			{ length: options.coldRooms },
			(_, i) => `community:${COMMUNITY}:bench-cold-${i}`
		);
		const boot = expect(
			await server.request(
				{
					type: 'start',
					buildDir,
					people: Math.max(...options.sizes),
					communityId: COMMUNITY,
					dataParent: options.dataParent,
					coldRooms,
					coldRecords: options.coldRecords
				},
				90_000
			),
			'started'
		);
		const url = `ws://127.0.0.1:${boot.port}/sync`;
		const clocks: ClockCheck[] = [];
		for (const each of drivers) clocks.push(await checkClock(each, 'before'));
		const coldTokens = await tokens(
			server,
			coldRooms.map((room, i) => ({ person: i, room }))
		);
		const cold = expect(
			await firstDriver.request(
				{
					type: 'cold',
					url,
					rooms: coldRooms.map((room, i) => ({ room, token: coldTokens[i] ?? '' })),
					timeoutMs: 20_000
				},
				options.coldRooms * 21_000 + 5000
			),
			'cold'
		);

		const scenarios: Scenario[] = options.sizes.flatMap((clients) =>
			options.layouts.map((layout) => ({ clients, layout, deflate: 'browser' as const }))
		);
		if (options.withNoContextTakeover) {
			const clients = Math.max(...options.sizes);
			scenarios.push({ clients, layout: 'one room', deflate: 'no-context-takeover' });
		}
		const results: ScenarioResult[] = [];
		const skipped: string[] = [];
		for (const scenario of scenarios) {
			if (Date.now() - started > options.budgetMs) {
				skipped.push(describe(scenario));
				continue;
			}
			results.push(await runScenario(server, drivers, url, boot.people, scenario, options.writeMs));
		}
		for (const each of drivers) clocks.push(await checkClock(each, 'after'));
		const finalSample = await sample(server);
		return report(results, cold, boot.coldDocBytes, finalSample, skipped, {
			writeMs: options.writeMs,
			drainMs: DRAIN_MS,
			coldRecords: options.coldRecords,
			targetP99Ms: TARGET_P99_MS,
			clocks
		});
	} finally {
		await Promise.all([
			...drivers.map((each) => each.close({ type: 'stop' })),
			server.close({ type: 'stop' }, 10_000)
		]).catch(() => {
			for (const each of drivers) each.kill();
			server.kill();
		});
	}
}

async function runScenario(
	server: Server,
	drivers: readonly Driver[],
	url: string,
	people: readonly { author: string }[],
	scenario: Scenario,
	writeMs: number
): Promise<ScenarioResult> {
	const { clients, layout } = scenario;
	const tag = `bench-${clients}-${layout === 'spread' ? 'spread' : 'one'}${scenario.deflate === 'browser' ? '' : '-nct'}`;
	const roomCount = layout === 'spread' ? clients / CLIENTS_PER_ROOM_SPREAD : 1;
	const rooms = Array.from({ length: roomCount }, (_, i) => `community:${COMMUNITY}:${tag}-${i}`);
	const writers = layout === 'spread' ? roomCount : ONE_ROOM_WRITERS;
	// Client i is person i, in room i mod rooms: the first `writers` land one per room when spread.
	const grants = Array.from({ length: clients }, (_, i) => ({
		person: i,
		room: rooms[i % roomCount] ?? ''
	}));
	const minted = await tokens(server, grants);
	// Each room's members take turns between the drivers, and so do the writers: every driver
	// holds half of every room and half the writers (the k-th member of room r goes to driver
	// (r + k) mod drivers).
	const plans: ClientPlan[][] = drivers.map(() => []);
	grants.forEach((grant, i) => {
		const turn = ((i % roomCount) + Math.floor(i / roomCount)) % drivers.length;
		plans[turn]?.push({
			room: grant.room,
			token: minted[i] ?? '',
			writer: i < writers,
			slot: i,
			author: people[i]?.author ?? ''
		});
	});

	const before = await sample(server);
	const connected = await Promise.all(
		drivers.map(async (driver, d) =>
			expect(
				await driver.request(
					{
						type: 'connect',
						url,
						clients: plans[d] ?? [],
						concurrency: CONNECT_CONCURRENCY / drivers.length,
						deflate: scenario.deflate,
						timeoutMs: 60_000
					},
					70_000
				),
				'connected'
			)
		)
	);
	const idle = await sample(server);
	const wrote = await writeAndDrain(drivers, writers, writeMs);
	const after = await sample(server);
	const closed = await Promise.all(
		drivers.map(async (driver) =>
			expect(await driver.request({ type: 'close-all', timeoutMs: 10_000 }, 20_000), 'closed')
		)
	);
	const writeWindowMs = writeMs + DRAIN_MS;
	return {
		...scenario,
		rooms: roomCount,
		connectMs: Math.max(...connected.map((c) => c.ms)),
		connected: sum(connected.map((c) => c.synced)),
		connectCloses: addCounts(connected.map((c) => c.closes)),
		memoryPerConnection: {
			rss: (idle.memory.rss - before.memory.rss) / clients,
			heapUsed: (idle.memory.heapUsed - before.memory.heapUsed) / clients,
			external: (idle.memory.external - before.memory.external) / clients
		},
		write: wrote,
		// CPU time over the writing, with its drain, as a share of one core.
		serverCpuShare: (after.cpuMicros - idle.cpuMicros) / 1000 / writeWindowMs,
		loopDelayP99: after.loopDelay.p99,
		closeMs: Math.max(...closed.map((c) => c.ms))
	};
}

/**
 * Has every driver's writers write from one moment on the shared clock, then has each driver wait
 * for the copies its clients should receive (each update to everyone else in its room, wherever
 * they are), and gathers what arrived.
 */
async function writeAndDrain(
	drivers: readonly Driver[],
	writers: number,
	writeMs: number
): Promise<WriteResult> {
	const startAt = sharedNow() + START_DELAY_MS;
	const wrote: DriverWrote[] = await Promise.all(
		drivers.map(async (driver, d) =>
			expect(
				await driver.request(
					{
						type: 'write',
						driver: d,
						writers,
						startAt,
						intervalMs: WRITE_INTERVAL_MS,
						durationMs: writeMs
					},
					writeMs + START_DELAY_MS + 15_000
				),
				'wrote'
			)
		)
	);
	const sentByRoom = addCounts(wrote.map((w) => w.sentByRoom));
	const until = sharedNow() + DRAIN_MS;
	const expected = wrote.map((own) => {
		let copies = 0;
		for (const [room, open] of Object.entries(own.openByRoom)) {
			// Everyone open in the room receives each update, except its writer its own.
			copies += (sentByRoom[room] ?? 0) * open - (own.sentByRoom[room] ?? 0);
		}
		return Math.max(0, copies);
	});
	const drained: DriverDrained[] = await Promise.all(
		drivers.map(
			async (driver, d) =>
				expect(
					await driver.request(
						{ type: 'drain', expected: expected[d] ?? 0, until },
						DRAIN_MS + 15_000
					),
					'drained'
				).result
		)
	);
	const latencies = drained.flatMap((d) => d.latencies);
	const lastAt = Math.max(0, ...drained.map((d) => d.lastAt));
	return {
		writers: sum(wrote.map((w) => w.writers)),
		sent: sum(wrote.map((w) => w.sent)),
		expected: sum(expected),
		delivered: latencies.length,
		latency: summarise(latencies),
		windowMs: Math.max(0, (lastAt || sharedNow()) - startAt),
		closes: addCounts(drained.map((d) => d.closes)),
		driverCpuMs: drained.map((d) => d.cpuMs),
		driverLoopDelayP99: drained.map((d) => d.loopDelayP99)
	};
}

/**
 * How far `driver`'s shared clock is from this process's: over several IPC round trips, the
 * driver's reading minus the round trip's midpoint, from the quickest trip (known to within half
 * of it).
 */
async function checkClock(driver: Driver, when: ClockCheck['when']): Promise<ClockCheck> {
	let best: ClockCheck = { driver: driver.name, when, offsetMs: 0, roundTripMs: Infinity };
	for (let i = 0; i < CLOCK_ROUND_TRIPS; i++) {
		const asked = sharedNow();
		const { now } = expect(await driver.request({ type: 'clock' }, 5000), 'clock');
		const answered = sharedNow();
		if (answered - asked < best.roundTripMs) {
			best = { ...best, offsetMs: now - (asked + answered) / 2, roundTripMs: answered - asked };
		}
	}
	return best;
}

function startDriver(root: string, n: number): Driver {
	return new ChildLink(
		`client driver ${n}`,
		join(root, 'bench/server-load/client-driver.ts'),
		root
	);
}

function summarise(values: number[]): LatencySummary {
	if (values.length === 0) return { count: 0, p50: 0, p99: 0, max: 0 };
	const sorted = Float64Array.from(values).sort();
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
	return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

function sum(values: readonly number[]): number {
	return values.reduce((total, value) => total + value, 0);
}

function addCounts(counts: readonly Record<string, number>[]): Record<string, number> {
	const total: Record<string, number> = {};
	for (const each of counts) {
		for (const [key, n] of Object.entries(each)) total[key] = (total[key] ?? 0) + n;
	}
	return total;
}

async function tokens(server: Server, grants: { person: number; room: string }[]) {
	return expect(await server.request({ type: 'tokens', grants }, 30_000), 'tokens').tokens;
}

async function sample(server: Server): Promise<ServerSample> {
	return expect(await server.request({ type: 'sample' }, 30_000), 'sample').sample;
}

function expect<T extends { type: string }, K extends T['type']>(
	reply: T,
	type: K
): Extract<T, { type: K }> {
	if (reply.type !== type) throw new Error(`Expected a "${type}" reply, got "${reply.type}".`);
	return reply as Extract<T, { type: K }>;
}

function describe(scenario: Scenario): string {
	const deflate = scenario.deflate === 'browser' ? '' : ', no context takeover';
	return `${scenario.clients.toLocaleString('en')} clients, ${scenario.layout}${deflate}`;
}
