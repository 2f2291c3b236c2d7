/**
 * Hearth's benchmarks, side by side in one run: what each page ships, how fast the app starts on
 * slow links and offline, what catching up costs on the wire, how the device copes at scale, what
 * an idle app sends, and how the server holds up under many clients. Prints tables, then every
 * target as met or not, and writes bench/results.json. Figures only: nothing here fails on
 * timing. Run with `npm run bench` (it builds first); `--only a,b` runs the named sections.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { findChromium } from '../scripts/find-chromium.mjs';
import { DEFAULT_COMMUNITIES_FILE } from '../server/api/communities';
import { assembleServer } from '../server/assemble-server';
import { silentLogger } from '../server/logger';
import type { BenchSection, SectionResult } from './bench-section';

/** In the order they run; each is loaded only when it runs. */
const SECTIONS: Record<string, () => Promise<BenchSection>> = {
	'shipped-bytes': async () => (await import('./shipped-bytes')).shippedBytesSection,
	start: async () => (await import('./start-time')).startTimeSection,
	'catch-up': async () => (await import('./catch-up-sync')).catchUpSection,
	idle: async () => (await import('./idle-traffic')).idleTrafficSection,
	'device-scale': async () => (await import('./device-scale')).deviceScaleSection,
	'server-load': async () => (await import('./server-load')).serverLoadSection
};

const root = join(import.meta.dirname, '..');
const buildDir = join(root, 'build');
const only = readOnly(process.argv.slice(2));

const dataDir = await mkdtemp(join(tmpdir(), 'hearth-bench-'));
// The server as `npm start` assembles it, with the default communities, on a free port.
const server = await assembleServer({
	buildDir,
	dataDir,
	communitiesFile: DEFAULT_COMMUNITIES_FILE,
	log: silentLogger,
	buildPollMs: 0
});
const listening = await server.listen(0, '127.0.0.1');
const origin = `http://localhost:${listening.port}`;
let browser: Browser | null = null;
const results: SectionResult[] = [];
const failures: { section: string; error: string }[] = [];
const started = Date.now();

try {
	browser = await chromium.launch({
		executablePath: findChromium().path,
		args: ['--disable-background-networking', '--disable-component-update', '--no-first-run']
	});
	for (const [name, load] of Object.entries(SECTIONS)) {
		if (only && !only.has(name)) continue;
		const sectionStarted = Date.now();
		console.log(`\n=== ${name} ===`);
		try {
			const section = await load();
			const result = await section({ browser, origin, buildDir, root });
			results.push(result);
			for (const table of result.tables) {
				console.log(`\n${table.caption}`);
				console.table(table.rows);
			}
		} catch (e: unknown) {
			// A section that breaks is reported and the others still run: the run is for figures.
			const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
			failures.push({ section: name, error });
			console.error(`Section ${name} could not finish:\n${error}`);
		}
		console.log(`(${name}: ${((Date.now() - sectionStarted) / 1000).toFixed(0)} s)`);
	}

	console.log('\n=== Targets ===');
	console.table(
		results.flatMap((r) =>
			r.targets.map((t) => ({
				section: r.name,
				target: t.name,
				goal: t.target,
				measured: t.value,
				beside: t.beside ?? '',
				met: t.met ? 'met' : 'NOT MET'
			}))
		)
	);
	if (failures.length > 0)
		console.log(`Sections that could not finish: ${failures.map((f) => f.section).join(', ')}`);

	const file = join(root, only ? 'bench/results.partial.json' : 'bench/results.json');
	await writeFile(
		file,
		JSON.stringify(
			{
				date: new Date().toISOString(),
				seconds: Math.round((Date.now() - started) / 1000),
				machine: machineNote(),
				sections: Object.fromEntries(
					results.map((r) => [r.name, { targets: r.targets, data: r.data }])
				),
				failures
			},
			null,
			'\t'
		) + '\n'
	);
	console.log(
		`Wrote ${file.slice(root.length + 1)} after ${Math.round((Date.now() - started) / 1000)} s`
	);
} finally {
	await browser?.close();
	await listening.close();
	await server.close();
	await rm(dataDir, { recursive: true, force: true });
}

function readOnly(args: string[]): Set<string> | null {
	const at = args.indexOf('--only');
	if (at === -1) return null;
	const names = (args[at + 1] ?? '').split(',').filter(Boolean);
	const unknown = names.filter((n) => !(n in SECTIONS));
	if (names.length === 0 || unknown.length > 0) {
		console.error(
			`--only takes section names separated by commas: ${Object.keys(SECTIONS).join(', ')}` +
				(unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : '')
		);
		process.exit(2);
	}
	return new Set(names);
}

function machineNote(): string {
	return `Node ${process.version}, ${process.platform} ${process.arch}`;
}
