// The built app over real HTTP: types, caching, compression, deep links, and what is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from '../support/start-server';
import { fakeBuildPaths, makeTempFolders, writeFakeBuild, type TempFolders } from './fake-build';
import { rawRequest } from './raw-request';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const paths = fakeBuildPaths('v1');

let folders: TempFolders;
let files: Map<string, string>;
let app: TestServer;

beforeAll(async () => {
	folders = await makeTempFolders();
	files = await writeFakeBuild(folders.buildDir, { version: 'v1' });
	app = await startTestServer(folders);
});

afterAll(async () => {
	await app?.close();
	await folders?.remove();
});

const get = (path: string, headers: Record<string, string> = {}) =>
	fetch(`${app.url}${path}`, { headers: { 'accept-encoding': 'identity', ...headers } });

describe('content types and cache policy', () => {
	it.each([
		['/', 'text/html; charset=utf-8', 'no-cache'],
		['/index.html', 'text/html; charset=utf-8', 'no-cache'],
		['/sw.js', 'text/javascript; charset=utf-8', 'no-cache'],
		['/workbox-4a5b6c.js', 'text/javascript; charset=utf-8', 'no-cache'],
		['/manifest.webmanifest', 'application/manifest+json', 'no-cache'],
		['/_app/version.json', 'application/json', 'no-cache'],
		['/favicon.svg', 'image/svg+xml', 'no-cache'],
		[paths.entry, 'text/javascript; charset=utf-8', IMMUTABLE],
		[paths.sharedChunk, 'text/javascript; charset=utf-8', IMMUTABLE]
	])('%s is %s with Cache-Control %s', async (path, type, cacheControl) => {
		const res = await get(path);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe(type);
		expect(res.headers.get('cache-control')).toBe(cacheControl);
		expect(res.headers.get('vary')).toBe('Accept-Encoding');
		const file = path === '/' ? '/index.html' : path;
		expect(await res.text()).toBe(files.get(file));
	});
});

describe('precompressed variants', () => {
	it.each([
		['br, gzip', 'br'],
		['gzip, deflate, br', 'br'],
		['gzip', 'gzip'],
		['br;q=0, gzip', 'gzip'],
		['gzip;q=0.5, br;q=0.1', 'gzip'],
		['*', 'br'],
		['identity', undefined],
		['br;q=0, gzip;q=0', undefined]
	])('Accept-Encoding "%s" gets %s', async (acceptEncoding, expected) => {
		const res = await rawRequest(app.port, paths.entry, {
			headers: { 'accept-encoding': acceptEncoding }
		});
		expect(res.status).toBe(200);
		expect(res.headers['content-encoding']).toBe(expected);
		expect(res.headers.vary).toBe('Accept-Encoding');
		expect(res.headers['cache-control']).toBe(IMMUTABLE);
		expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
		expect(Number(res.headers['content-length'])).toBe(res.body.byteLength);
		const decode =
			{ br: brotliDecompressSync, gzip: gunzipSync }[expected ?? ''] ?? ((b: Buffer) => b);
		expect(decode(res.body).toString('utf8')).toBe(files.get(paths.entry));
	});

	it('compresses the app shell for deep links too', async () => {
		const res = await rawRequest(app.port, '/crisis', { headers: { 'accept-encoding': 'br' } });
		expect(res.headers['content-encoding']).toBe('br');
		expect(brotliDecompressSync(res.body).toString('utf8')).toBe(files.get('/index.html'));
	});

	it('gives each encoding its own ETag', async () => {
		const br = await get(paths.entry, { 'accept-encoding': 'br' });
		const plain = await get(paths.entry);
		expect(br.headers.get('etag')).toBeTruthy();
		expect(br.headers.get('etag')).not.toBe(plain.headers.get('etag'));
	});
});

describe('revalidation', () => {
	it('answers a matching If-None-Match with 304 and the caching headers, without a body', async () => {
		const first = await get('/sw.js');
		const etag = first.headers.get('etag') ?? '';
		const again = await get('/sw.js', { 'if-none-match': etag });
		expect(again.status).toBe(304);
		expect(again.headers.get('cache-control')).toBe('no-cache');
		expect(again.headers.get('etag')).toBe(etag);
		expect(again.headers.get('vary')).toBe('Accept-Encoding');
		expect(await again.text()).toBe('');
	});

	it('sends the file again when the ETag does not match', async () => {
		const res = await get('/sw.js', { 'if-none-match': 'W/"something-else"' });
		expect(res.status).toBe(200);
		expect(await res.text()).toBe(files.get('/sw.js'));
	});
});

describe('HEAD', () => {
	it('sends the headers of GET without the body', async () => {
		const res = await rawRequest(app.port, '/sw.js', { method: 'HEAD' });
		expect(res.status).toBe(200);
		expect(Number(res.headers['content-length'])).toBe(
			Buffer.byteLength(files.get('/sw.js') ?? '')
		);
		expect(res.body.byteLength).toBe(0);
	});
});

describe('deep links (SPA fallback)', () => {
	it.each(['/journal/abc123', '/crisis', '/communities/anxiety/threads/t1/', '/journal?entry=1'])(
		'%s gets the app shell with 200 and no-cache',
		async (path) => {
			const res = await get(path);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
			expect(res.headers.get('cache-control')).toBe('no-cache');
			expect(await res.text()).toBe(files.get('/index.html'));
		}
	);
});

describe('missing files', () => {
	it.each([
		'/_app/immutable/chunks/missing.js',
		'/_app/immutable/chunks/missing',
		'/_app/missing',
		'/icons/missing.png',
		'/missing.js',
		'/.env'
	])('%s is a plain 404, never the app shell', async (path) => {
		const res = await get(path);
		expect(res.status).toBe(404);
		expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		expect(res.headers.get('cache-control')).toBe('no-store');
		const body = await res.text();
		expect(body).not.toContain('<html');
		expect(body.length).toBeLessThan(100);
	});
});

describe('methods', () => {
	it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
		'%s on a static path is 405 with Allow',
		async (method) => {
			for (const path of ['/', '/sw.js', '/journal/abc123']) {
				const res = await fetch(`${app.url}${path}`, { method });
				expect(res.status).toBe(405);
				expect(res.headers.get('allow')).toBe('GET, HEAD');
			}
		}
	);
});

describe('path traversal', () => {
	it.each([
		'/../secret.txt',
		'/../../../../etc/passwd',
		'/%2e%2e/secret.txt',
		'/%2E%2E/%2e%2e/etc/passwd',
		'/_app/immutable/..%2f..%2f..%2fsecret.txt',
		'/_app/immutable/%2e%2e/%2e%2e/%2e%2e/secret.txt',
		'/..%5csecret.txt',
		'/index.html%00.js',
		'/%00',
		'/./index.html',
		'/%zz'
	])('%s is refused with 400', async (path) => {
		const res = await rawRequest(app.port, path);
		expect(res.status).toBe(400);
		expect(res.body.toString('utf8')).not.toContain('TOP-SECRET');
	});

	it.each(['//secret.txt', '/secret.txt', '/build/index.html', '/data/previous-assets/index.json'])(
		'%s stays inside the build folder',
		async (path) => {
			const res = await rawRequest(app.port, path);
			expect(res.status).toBe(404);
			expect(res.body.toString('utf8')).not.toContain('TOP-SECRET');
		}
	);
});

describe('a precompressed variant older than its file', () => {
	it('is not served: the file was changed after compression (a half-written build, a hand edit)', async () => {
		const own = await makeTempFolders();
		try {
			await writeFakeBuild(own.buildDir, { version: 'v1' });
			const swPath = join(own.buildDir, 'sw.js');
			await writeFile(swPath, '/* edited */\n');
			const anHourAgo = new Date(Date.now() - 3_600_000);
			for (const suffix of ['.br', '.gz']) await utimes(`${swPath}${suffix}`, anHourAgo, anHourAgo);
			const server = await startTestServer(own);
			try {
				const res = await rawRequest(server.port, '/sw.js', {
					headers: { 'accept-encoding': 'br, gzip' }
				});
				expect(res.headers['content-encoding']).toBeUndefined();
				expect(res.body.toString('utf8')).toBe('/* edited */\n');
			} finally {
				await server.close();
			}
		} finally {
			await own.remove();
		}
	});
});
