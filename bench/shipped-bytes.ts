/**
 * Bytes each page ships on a first load, taken from what Chromium actually requested and sized
 * from the build's own precompressed files (what the server sends).
 */
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import type { Browser } from 'playwright-core';

export interface Sizes {
	raw: number;
	gzip: number;
	brotli: number;
}

export interface PageBytes {
	path: string;
	files: number;
	js: Sizes;
	css: Sizes;
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

export async function measureShippedBytes(
	browser: Browser,
	origin: string,
	buildDir: string,
	path: string
): Promise<PageBytes> {
	// A fresh context with service workers blocked: what a first visit downloads, no more.
	const context = await browser.newContext({ serviceWorkers: 'block' });
	const page = await context.newPage();
	const urls = new Set<string>();
	page.on('request', (request) => {
		const type = request.resourceType();
		if (type === 'script' || type === 'stylesheet') urls.add(new URL(request.url()).pathname);
	});
	await page.goto(origin + path, { waitUntil: 'networkidle' });
	await context.close();
	const result: PageBytes = { path, files: urls.size, js: zero(), css: zero() };
	for (const url of urls) {
		const file = join(buildDir, url);
		if (!existsSync(file)) continue;
		add(url.endsWith('.css') ? result.css : result.js, await fileSizes(file));
	}
	return result;
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
