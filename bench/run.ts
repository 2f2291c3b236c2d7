/**
 * Hearth's benchmarks: what each page ships, and how fast the app starts, on a slow link and
 * offline. Prints a table and writes bench/results.json. Figures only: nothing here fails on
 * timing. Run with `npm run bench` (it builds first).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { chromium, type Browser } from 'playwright-core';
import { createHearthServer } from '../server/create-server';
import { findChromium } from '../scripts/find-chromium.mjs';
import { measureShippedBytes, measurePrecache, type PageBytes } from './shipped-bytes';
import { measureStart, SLOW_3G, type StartTiming } from './start-time';
import { measureJournalScale } from './journal-scale';

const root = join(import.meta.dirname, '..');
const buildDir = join(root, 'build');
const PAGES = ['/', '/journal', '/journal/new', '/mood', '/crisis', '/settings'];
const TARGETS = { journalJsGzip: 80 * 1024, precacheGzip: 300 * 1024, slow3gInteractiveMs: 5000 };

const dataDir = await mkdtemp(join(tmpdir(), 'hearth-bench-'));
const server = createHearthServer({ buildDir, dataDir, buildPollMs: 0 });
const listening = await server.listen(0, '127.0.0.1');
const origin = `http://localhost:${listening.port}`;
const chromiumPath = findChromium().path;
let browser: Browser | null = null;

try {
	browser = await chromium.launch({
		executablePath: chromiumPath,
		args: ['--disable-background-networking', '--disable-component-update', '--no-first-run']
	});
	const pages: PageBytes[] = [];
	for (const path of PAGES) pages.push(await measureShippedBytes(browser, origin, buildDir, path));
	const precache = await measurePrecache(buildDir);

	const starts: StartTiming[] = [];
	for (const mode of ['first-visit-slow-3g', 'offline-installed'] as const) {
		starts.push(await measureStart(browser, origin, mode));
	}

	const scale = await measureJournalScale(browser, origin);

	const journal = pages.find((p) => p.path === '/journal/new');
	const slow = starts.find((s) => s.mode === 'first-visit-slow-3g');
	const targets = [
		{
			name: 'journal page JS (gzip)',
			target: `≤ ${kb(TARGETS.journalJsGzip)}`,
			value: kb(journal?.js.gzip ?? 0),
			met: (journal?.js.gzip ?? Infinity) <= TARGETS.journalJsGzip
		},
		{
			name: 'whole precache (gzip)',
			target: `≤ ${kb(TARGETS.precacheGzip)}`,
			value: kb(precache.gzip),
			met: precache.gzip <= TARGETS.precacheGzip
		},
		{
			name: 'first visit, slow 3G: journal accepts typing',
			target: `≤ ${TARGETS.slow3gInteractiveMs} ms`,
			value: `${slow?.interactiveMs ?? '?'} ms`,
			met: (slow?.interactiveMs ?? Infinity) <= TARGETS.slow3gInteractiveMs
		}
	];

	console.log('\nShipped on first load of each page (JS and CSS, bytes)');
	console.table(
		pages.map((p) => ({
			page: p.path,
			'JS raw': p.js.raw,
			'JS gzip': p.js.gzip,
			'JS brotli': p.js.brotli,
			'CSS gzip': p.css.gzip,
			files: p.files
		}))
	);
	console.log(
		`Precache: ${precache.entries} files, ${kb(precache.raw)} raw, ${kb(precache.gzip)} gzip, ${kb(precache.brotli)} brotli`
	);
	console.log(`\nStart (network profile ${SLOW_3G.label}, CPU slowed 4x)`);
	console.table(
		starts.map((s) => ({
			mode: s.mode,
			'first contentful paint (ms)': s.fcpMs,
			'journal accepts typing (ms)': s.interactiveMs,
			'floor from bytes and round trips (ms)': s.floorMs ?? '-'
		}))
	);
	console.log('\nThe journal with 5,000 entries (CPU slowed 4x)');
	console.table([
		{
			'list shown after reload (ms)': scale.listShownMs,
			'search answered (ms)': scale.searchAnsweredMs
		}
	]);
	console.log('\nTargets');
	console.table(targets.map((t) => ({ ...t, met: t.met ? 'met' : 'NOT MET' })));

	await writeFile(
		join(root, 'bench/results.json'),
		JSON.stringify(
			{ date: new Date().toISOString(), pages, precache, starts, journalScale: scale, targets },
			null,
			'\t'
		)
	);
	console.log('Wrote bench/results.json');
} finally {
	await browser?.close();
	await listening.close();
	await server.close();
	await rm(dataDir, { recursive: true, force: true });
}

function kb(bytes: number): string {
	return `${(bytes / 1024).toFixed(1)} KB`;
}
