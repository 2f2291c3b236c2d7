/**
 * The server under many clients: 100, 500 and 1,000 y-websocket clients on 127.0.0.1, all in one
 * community room and spread ten to a room, driven from a separate process. Measures relay latency
 * (p50/p99 from a writer's send to each other client's receipt), updates in and copies relayed
 * per second, server memory per idle connection, and the time to serve a cold document (2,000
 * records stored, not in memory). Target: relay p99 ≤ 50 ms at 1,000 clients on loopback.
 *
 * Three processes: this one plans and reports; bench/server-load/server-process.ts runs the whole
 * server (as `npm start` assembles it) and mints sync tokens with its own token code; and
 * bench/server-load/client-driver.ts opens the clients. The driver and the server share the
 * machine's cores, so every figure includes the clients' own CPU time: on a small machine the
 * server is measured with a crowd of phones standing on its feet.
 *
 * Writes are new threads by 10 writers in the one room, or one writer per room when spread,
 * each writing one thread a second: well within each person's write budget (the first 1,000
 * changes pass at once), so what is measured is relay, not refusal. Refusals are counted anyway.
 *
 * Clients offer per-message deflate as browsers do (context takeover,
 * server/sync/deflate-options.ts: a live post compresses far better against the posts before it).
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
import { report, type Scenario, type ScenarioResult } from './server-load/load-report';
import type {
	ClientPlan,
	DriverReply,
	DriverRequest,
	ServerReply,
	ServerRequest,
	ServerSample
} from './server-load/messages';

/** What a run covers; the defaults are the benchmark's, smaller ones make a quick trial. */
export interface ServerLoadOptions {
	sizes: readonly number[];
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
	const driver: Driver = new ChildLink(
		'the client driver',
		join(root, 'bench/server-load/client-driver.ts'),
		root
	);
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
		const coldTokens = await tokens(
			server,
			coldRooms.map((room, i) => ({ person: i, room }))
		);
		const cold = expect(
			await driver.request(
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

		const scenarios: Scenario[] = options.sizes.flatMap((clients) => [
			{ clients, layout: 'one room' as const, deflate: 'browser' as const },
			{ clients, layout: 'spread' as const, deflate: 'browser' as const }
		]);
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
			results.push(await runScenario(server, driver, url, boot.people, scenario, options.writeMs));
		}
		const finalSample = await sample(server);
		return report(results, cold, boot.coldDocBytes, finalSample, skipped, {
			writeMs: options.writeMs,
			drainMs: DRAIN_MS,
			coldRecords: options.coldRecords,
			targetP99Ms: TARGET_P99_MS
		});
	} finally {
		await Promise.all([
			driver.close({ type: 'stop' }),
			server.close({ type: 'stop' }, 10_000)
		]).catch(() => {
			driver.kill();
			server.kill();
		});
	}
}

async function runScenario(
	server: Server,
	driver: Driver,
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
	const plans: ClientPlan[] = grants.map((grant, i) => ({
		room: grant.room,
		token: minted[i] ?? '',
		writer: i < writers,
		author: people[i]?.author ?? ''
	}));

	const before = await sample(server);
	const connected = expect(
		await driver.request(
			{
				type: 'connect',
				url,
				clients: plans,
				concurrency: CONNECT_CONCURRENCY,
				deflate: scenario.deflate,
				timeoutMs: 60_000
			},
			70_000
		),
		'connected'
	);
	const idle = await sample(server);
	const wrote = expect(
		await driver.request(
			{ type: 'write', intervalMs: WRITE_INTERVAL_MS, durationMs: writeMs, drainMs: DRAIN_MS },
			writeMs + DRAIN_MS + 15_000
		),
		'wrote'
	).result;
	const after = await sample(server);
	const closed = expect(
		await driver.request({ type: 'close-all', timeoutMs: 10_000 }, 20_000),
		'closed'
	);
	const writeWindowMs = writeMs + DRAIN_MS;
	return {
		...scenario,
		rooms: roomCount,
		connectMs: connected.ms,
		connected: connected.synced,
		connectCloses: connected.closes,
		memoryPerConnection: {
			rss: (idle.memory.rss - before.memory.rss) / clients,
			heapUsed: (idle.memory.heapUsed - before.memory.heapUsed) / clients,
			external: (idle.memory.external - before.memory.external) / clients
		},
		write: wrote,
		// CPU time over the writing, with its drain, as a share of one core.
		serverCpuShare: (after.cpuMicros - idle.cpuMicros) / 1000 / writeWindowMs,
		loopDelayP99: after.loopDelay.p99,
		closeMs: closed.ms
	};
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
