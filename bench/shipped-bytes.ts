/**
 * Bytes each page ships on a first load, taken from what Chromium actually requested and sized
 * from the build's own precompressed files (what the server sends).
 */
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { onboard } from '../tests/support/onboarding';
import { kb, type BenchSection } from './bench-section';

export interface Sizes {
	raw: number;
	gzip: number;
	brotli: number;
}

export interface PageBytes {
	path: string;
	/** Files in the page's first load: the entry, the layout and the page, with their static imports. */
	files: number;
	js: Sizes;
	css: Sizes;
	/** Every script the visit downloaded until the network was idle (code loaded after start too). */
	downloadedFiles: number;
	downloadedJs: Sizes;
}

const zero = (): Sizes => ({ raw: 0, gzip: 0, brotli: 0 });

export async function fileSizes(file: string): Promise<Sizes> {
	const raw = (await stat(file)).size;
	const sized = async (suffix: string, compress: (b: Buffer) => Buffer) =>
		existsSync(file + suffix)
			? (await stat(file + suffix)).size
			: compress(await readFile(file)).length;
	return {
		raw,
		gzip: await sized('.gz', (b) => gzipSync(b, { level: 9 })),
		brotli: await sized('.br', (b) => brotliCompressSync(b))
	};
}

function add(into: Sizes, more: Sizes): void {
	into.raw += more.raw;
	into.gzip += more.gzip;
	into.brotli += more.brotli;
}

/**
 * A page's first load, counted as bundlers count "first load JS": the scripts the HTML preloads
 * (the entry and the root layout), the route's own nodes the visit requested, and everything
 * those import statically. Code imported dynamically (after start, or only when a part shows)
 * is not first-load code; it is reported beside it, as what the visit downloaded by network idle.
 */
async function sizeRequested(
	path: string,
	urls: Set<string>,
	buildDir: string
): Promise<PageBytes> {
	const scripts = [...urls].filter((url) => url.endsWith('.js'));
	const roots = [
		...(await htmlPreloads(buildDir)),
		...scripts.filter((url) => url.includes('/nodes/') || url.includes('/entry/'))
	];
	const firstLoad = await staticClosure(buildDir, roots);
	const result: PageBytes = {
		path,
		files: firstLoad.size,
		js: zero(),
		css: zero(),
		downloadedFiles: scripts.length,
		downloadedJs: zero()
	};
	for (const url of firstLoad) add(result.js, await fileSizes(join(buildDir, url)));
	for (const url of urls) {
		const file = join(buildDir, url);
		if (!existsSync(file)) continue;
		if (url.endsWith('.css')) add(result.css, await fileSizes(file));
		else add(result.downloadedJs, await fileSizes(file));
	}
	return result;
}

async function htmlPreloads(buildDir: string): Promise<string[]> {
	const html = await readFile(join(buildDir, 'index.html'), 'utf8');
	return [...html.matchAll(/<link href="([^"]+\.js)" rel="modulepreload">/g)].map(
		(m) => m[1] ?? ''
	);
}

/** Static `import … from "./x.js"` and `export … from` in built chunks; never `import("…")`. */
const STATIC_IMPORT =
	/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?"(\.{1,2}\/[^"]+\.js)"/g;

async function staticClosure(buildDir: string, roots: string[]): Promise<Set<string>> {
	const seen = new Set<string>();
	const queue = roots.filter((url) => existsSync(join(buildDir, url)));
	while (queue.length > 0) {
		const url = queue.pop() ?? '';
		if (seen.has(url)) continue;
		seen.add(url);
		const code = await readFile(join(buildDir, url), 'utf8');
		for (const match of code.matchAll(STATIC_IMPORT)) {
			const next = new URL(match[1] ?? '', `http://x${url}`).pathname;
			if (!seen.has(next) && existsSync(join(buildDir, next))) queue.push(next);
		}
	}
	return seen;
}

function recordRequests(page: Page): Set<string> {
	const urls = new Set<string>();
	page.on('request', (request) => {
		const type = request.resourceType();
		if (type === 'script' || type === 'stylesheet') urls.add(new URL(request.url()).pathname);
	});
	return urls;
}

/**
 * A first visit to `path` by someone new: a fresh context with service workers blocked, so the
 * figure is exactly what the visit downloads, everything requested until the network is idle.
 */
export async function measureShippedBytes(
	browser: Browser,
	origin: string,
	buildDir: string,
	path: string
): Promise<PageBytes> {
	const context = await browser.newContext({ serviceWorkers: 'block' });
	try {
		const page = await context.newPage();
		const urls = recordRequests(page);
		await page.goto(origin + path, { waitUntil: 'networkidle', timeout: 90_000 });
		return await sizeRequested(path, urls, buildDir);
	} finally {
		await context.close();
	}
}

/**
 * Community pages as a member first loads them: set up and joined once, then each page loaded
 * fresh with the HTTP cache off (and service workers blocked), so every file is counted again.
 */
async function measureCommunityPages(
	browser: Browser,
	origin: string,
	buildDir: string
): Promise<PageBytes[]> {
	const context = await browser.newContext({ serviceWorkers: 'block' });
	try {
		const page = await context.newPage();
		await onboard(page, origin, 'Bench');
		await page.goto(`${origin}/communities/anxiety/about`);
		await page.getByRole('button', { name: 'Accept the guidelines and join' }).click();
		await page.waitForURL(/\/communities\/anxiety$/);
		await page
			.getByRole('link', { name: /start a thread|new thread/i })
			.first()
			.waitFor();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
		const pages: PageBytes[] = [];
		for (const path of COMMUNITY_PAGES) {
			const urls = recordRequests(page);
			await page.goto(origin + path, { waitUntil: 'networkidle', timeout: 90_000 });
			page.removeAllListeners('request');
			pages.push(await sizeRequested(path, urls, buildDir));
		}
		return pages;
	} finally {
		await context.close();
	}
}

/** The service worker's precache list, sized as the files it downloads. */
export async function measurePrecache(buildDir: string): Promise<Sizes & { entries: number }> {
	const sw = await readFile(join(buildDir, 'sw.js'), 'utf8');
	const urls = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1] ?? '');
	const total = { ...zero(), entries: urls.length };
	for (const url of urls) {
		const file = join(buildDir, url === 'index.html' ? 'index.html' : url.replace(/^\//, ''));
		if (existsSync(file)) add(total, await fileSizes(file));
	}
	return total;
}

/** First-visit pages (someone new) and pages a member loads (Yjs and the sync layer with them). */
export const FIRST_VISIT_PAGES = ['/', '/journal', '/journal/new', '/mood', '/crisis', '/settings'];
export const COMMUNITY_PAGES = ['/communities', '/communities/anxiety', '/activity'];

export const TARGETS = {
	journalJsGzip: 80 * 1024,
	communityJsGzip: 100 * 1024,
	precacheGzip: 300 * 1024
};

export const shippedBytesSection: BenchSection = async ({ browser, origin, buildDir }) => {
	const pages: PageBytes[] = [];
	for (const path of FIRST_VISIT_PAGES)
		pages.push(await measureShippedBytes(browser, origin, buildDir, path));
	const community = await measureCommunityPages(browser, origin, buildDir);
	const precache = await measurePrecache(buildDir);
	const journal = Math.max(
		...pages.filter((p) => p.path.startsWith('/journal')).map((p) => p.js.gzip)
	);
	const communityMax = Math.max(...community.map((p) => p.js.gzip));
	const row = (p: PageBytes) => ({
		page: p.path,
		'JS raw': kb(p.js.raw),
		'JS gzip': kb(p.js.gzip),
		'JS brotli': kb(p.js.brotli),
		'CSS raw': kb(p.css.raw),
		'CSS gzip': kb(p.css.gzip),
		'CSS brotli': kb(p.css.brotli),
		files: p.files,
		'downloaded by network idle (JS gzip)': `${kb(p.downloadedJs.gzip)} in ${p.downloadedFiles} files`
	});
	return {
		name: 'shipped-bytes',
		tables: [
			{
				caption:
					'First load of each page, someone new: the entry, layout and page with their static imports (KB = 1,024 bytes)',
				rows: pages.map(row)
			},
			{ caption: 'First load of community pages, a member (cache off)', rows: community.map(row) },
			{
				caption: 'The whole precache (what an install downloads in the background)',
				rows: [
					{
						files: precache.entries,
						raw: kb(precache.raw),
						gzip: kb(precache.gzip),
						brotli: kb(precache.brotli)
					}
				]
			}
		],
		targets: [
			{
				name: 'journal pages, first-load JS (gzip)',
				target: `≤ ${kb(TARGETS.journalJsGzip)}`,
				value: kb(journal),
				met: journal <= TARGETS.journalJsGzip,
				beside:
					'Svelte + SvelteKit alone: about 32 KB; storage (Dexie) loads after the first screen'
			},
			{
				name: 'community pages, first-load JS (gzip)',
				target: `≤ ${kb(TARGETS.communityJsGzip)}`,
				value: kb(communityMax),
				met: communityMax <= TARGETS.communityJsGzip
			},
			{
				name: 'whole precache (gzip)',
				target: `≤ ${kb(TARGETS.precacheGzip)}`,
				value: kb(precache.gzip),
				met: precache.gzip <= TARGETS.precacheGzip
			}
		],
		data: { pages, community, precache }
	};
};
