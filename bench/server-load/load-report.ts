/**
 * The server-load section's tables and targets, from the figures its runs gathered
 * (bench/server-load.ts).
 */
import { kb, ms, type BenchTable, type BenchTarget, type SectionResult } from '../bench-section';
import type { ColdTiming, DeflateOffer, ServerSample, WriteResult } from './messages';

export type Layout = 'one room' | 'spread';

export interface Scenario {
	clients: number;
	layout: Layout;
	deflate: DeflateOffer;
}

export interface ScenarioResult extends Scenario {
	rooms: number;
	connectMs: number;
	connected: number;
	connectCloses: Record<string, number>;
	memoryPerConnection: { rss: number; heapUsed: number; external: number };
	write: WriteResult;
	serverCpuShare: number;
	loopDelayP99: number;
	closeMs: number;
}

/** What the report needs of the run's settings. */
export interface ReportSettings {
	writeMs: number;
	drainMs: number;
	coldRecords: number;
	targetP99Ms: number;
	/** How far each driver's shared clock was found from the section's (see ClockCheck). */
	clocks: ClockCheck[];
}

/** One driver's shared clock against the section's: the best of several IPC round trips. */
export interface ClockCheck {
	driver: string;
	/** Before the runs or after them. */
	when: 'before' | 'after';
	/** The driver's clock minus the midpoint of the round trip, ms. */
	offsetMs: number;
	/** That round trip, ms: the offset is known to within half of it. */
	roundTripMs: number;
}

export function report(
	results: ScenarioResult[],
	{ timings: cold, failed: coldFailed }: { timings: ColdTiming[]; failed: number },
	coldDocBytes: number,
	finalSample: ServerSample,
	skipped: string[],
	options: ReportSettings
): SectionResult {
	const tables: BenchTable[] = [
		{
			caption:
				'Relay under load: each writer posts a thread a second; latency from send to each ' +
				'other client in the room (clients and server share this machine’s cores)',
			rows: results.map((r) => ({
				clients: r.clients,
				rooms: r.rooms,
				deflate: r.deflate === 'browser' ? 'as browsers' : 'no context takeover',
				writers: r.write.writers,
				'updates in /s': perSecond(r.write.sent, r.write.windowMs),
				'copies out /s': perSecond(r.write.delivered, r.write.windowMs),
				'p50 (ms)': round(r.write.latency.p50),
				'p99 (ms)': round(r.write.latency.p99),
				'max (ms)': round(r.write.latency.max),
				delivered: `${r.write.delivered}/${r.write.expected}`,
				'server CPU': `${Math.round(r.serverCpuShare * 100)}%`,
				'drivers CPU': r.write.driverCpuMs
					.map((cpuMs) => `${Math.round((cpuMs / (options.writeMs + options.drainMs)) * 100)}%`)
					.join(' + '),
				'server loop delay p99 (ms)': round(r.loopDelayP99),
				'drivers loop delay p99 (ms)': r.write.driverLoopDelayP99.map(round).join(' + '),
				'closed by server': formatCounts({ ...r.connectCloses, ...r.write.closes })
			}))
		},
		{
			caption: 'Server memory per idle connection (after GC), and time to connect them all',
			rows: results.map((r) => ({
				clients: r.clients,
				rooms: r.rooms,
				connected: `${r.connected}/${r.clients}`,
				'connect all (ms)': Math.round(r.connectMs),
				'RSS per connection': kb(r.memoryPerConnection.rss),
				'heap per connection': kb(r.memoryPerConnection.heapUsed),
				'external per connection': kb(r.memoryPerConnection.external)
			}))
		},
		{
			caption: `Cold document: ${options.coldRecords.toLocaleString('en')} records stored (${kb(coldDocBytes)}), not in memory; one client at a time`,
			rows: [
				{
					rooms: `${cold.length}/${cold.length + coldFailed}`,
					'to first step 2, p50 (ms)': round(
						percentile(
							cold.map((c) => c.syncedMs),
							0.5
						)
					),
					'p90 (ms)': round(
						percentile(
							cold.map((c) => c.syncedMs),
							0.9
						)
					),
					'max (ms)': round(Math.max(0, ...cold.map((c) => c.syncedMs))),
					'handshake p50 (ms)': round(
						percentile(
							cold.map((c) => c.openMs),
							0.5
						)
					),
					'received p50 (inflated)': kb(
						percentile(
							cold.map((c) => c.bytes),
							0.5
						)
					),
					'records seen': cold.every((c) => c.records === options.coldRecords)
						? `${options.coldRecords} each`
						: cold.map((c) => c.records).join(' ')
				}
			]
		}
	];
	const clockNote = options.clocks
		.map(
			(c) =>
				`${c.driver} ${c.when} the runs ${signed(c.offsetMs)} ms (± ${(c.roundTripMs / 2).toFixed(3)})`
		)
		.join(', ');
	tables.push({
		caption: 'Notes',
		rows: [
			{ note: `the drivers' shared clocks against the section's: ${clockNote}` },
			...skipped.map((s) => ({ note: `skipped to stay in time: ${s}` })),
			...Object.entries(finalSample.logged).map(([kind, n]) => ({
				note: `server logged ${n}× ${kind}`
			}))
		]
	});
	const targets: BenchTarget[] = results
		.filter((r) => r.clients === 1000 && r.deflate === 'browser')
		.map((r) => ({
			name: `server relay p99, 1,000 clients, ${r.layout === 'spread' ? `${r.rooms} rooms` : 'one room'}`,
			target: `≤ ${options.targetP99Ms} ms`,
			value: ms(r.write.latency.p99),
			met: r.write.latency.count > 0 && r.write.latency.p99 <= options.targetP99Ms,
			beside:
				`p50 ${ms(r.write.latency.p50)}; ${r.write.delivered} of ${r.write.expected} copies ` +
				`arrived within ${options.drainMs / 1000} s; clients (two driver processes) share the server's cores`
		}));
	return {
		name: 'server-load',
		tables,
		targets,
		data: {
			results,
			cold,
			coldFailed,
			coldDocBytes,
			skipped,
			logged: finalSample.logged,
			clocks: options.clocks
		}
	};
}

function perSecond(count: number, windowMs: number): number {
	return windowMs > 0 ? Math.round((count / windowMs) * 1000) : 0;
}

function signed(value: number): string {
	return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;
}

function round(value: number): number {
	return Math.round(value * 10) / 10;
}

function percentile(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function formatCounts(counts: Record<string, number>): string {
	const entries = Object.entries(counts);
	return entries.length === 0 ? 'none' : entries.map(([code, n]) => `${n}× ${code}`).join(', ');
}
