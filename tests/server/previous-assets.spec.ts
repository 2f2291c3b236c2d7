// A page still running an earlier build must be able to load its lazy chunks after build/ was
// replaced: the server archives each build's hashed assets and serves them from there.
import { afterEach, describe, expect, it } from 'vitest';
import { brotliDecompressSync } from 'node:zlib';
import { startTestServer, type TestServer } from '../support/start-server';
import {
	fakeBuildFiles,
	fakeBuildPaths,
	makeTempFolders,
	writeFakeBuild,
	type TempFolders
} from './fake-build';
import { rawRequest } from './raw-request';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const v1 = fakeBuildPaths('v1');
const v1Files = fakeBuildFiles({ version: 'v1' });

let folders: TempFolders;
const servers: TestServer[] = [];

afterEach(async () => {
	for (const server of servers.splice(0)) await server.close();
	await folders?.remove();
});

async function start(): Promise<TestServer> {
	const app = await startTestServer(folders);
	servers.push(app);
	return app;
}

async function deploy(app: TestServer, version: string): Promise<void> {
	await writeFakeBuild(folders.buildDir, { version });
	await app.server.refreshBuild();
}

describe('previous build assets', () => {
	it('serves the previous build’s chunks, with immutable caching, after build/ is replaced', async () => {
		folders = await makeTempFolders();
		await writeFakeBuild(folders.buildDir, { version: 'v1' });
		const app = await start();
		await writeFakeBuild(folders.buildDir, { version: 'v2' });

		for (const path of [v1.lazyChunk, v1.entry]) {
			const res = await fetch(`${app.url}${path}`, { headers: { 'accept-encoding': 'identity' } });
			expect(res.status).toBe(200);
			expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
			expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
			expect(await res.text()).toBe(v1Files.get(path));
		}
	});

	it('keeps their precompressed variants too', async () => {
		folders = await makeTempFolders();
		await writeFakeBuild(folders.buildDir, { version: 'v1' });
		const app = await start();
		await writeFakeBuild(folders.buildDir, { version: 'v2' });

		const res = await rawRequest(app.port, v1.lazyChunk, { headers: { 'accept-encoding': 'br' } });
		expect(res.status).toBe(200);
		expect(res.headers['content-encoding']).toBe('br');
		expect(res.headers['cache-control']).toBe(IMMUTABLE);
		expect(brotliDecompressSync(res.body).toString('utf8')).toBe(v1Files.get(v1.lazyChunk));
	});

	it('still serves the current build from build/ and 404s what no build had', async () => {
		folders = await makeTempFolders();
		await writeFakeBuild(folders.buildDir, { version: 'v1' });
		const app = await start();
		await deploy(app, 'v2');

		const current = await fetch(`${app.url}${fakeBuildPaths('v2').lazyChunk}`);
		expect(current.status).toBe(200);
		const never = await fetch(`${app.url}/_app/immutable/chunks/never-built.js`);
		expect(never.status).toBe(404);
	});

	it('keeps the last 3 versions and deletes older ones', async () => {
		folders = await makeTempFolders();
		await writeFakeBuild(folders.buildDir, { version: 'v1' });
		const app = await start();
		await deploy(app, 'v2');
		await deploy(app, 'v3');
		expect((await fetch(`${app.url}${v1.lazyChunk}`)).status).toBe(200);

		await deploy(app, 'v4');
		expect((await fetch(`${app.url}${v1.lazyChunk}`)).status).toBe(404);
		expect((await fetch(`${app.url}${v1.entry}`)).status).toBe(404);
		expect((await fetch(`${app.url}${fakeBuildPaths('v2').lazyChunk}`)).status).toBe(200);
		expect((await fetch(`${app.url}${fakeBuildPaths('v3').lazyChunk}`)).status).toBe(200);
		// A file every build shares stays, whichever version it came from.
		expect((await fetch(`${app.url}${v1.sharedChunk}`)).status).toBe(200);
	});

	it('survives a restart: a build replaced while the server was down keeps its predecessor servable', async () => {
		folders = await makeTempFolders();
		await writeFakeBuild(folders.buildDir, { version: 'v1' });
		const first = await start();
		await first.close();
		servers.splice(0);

		await writeFakeBuild(folders.buildDir, { version: 'v2' });
		const second = await start();
		const res = await fetch(`${second.url}${v1.lazyChunk}`);
		expect(res.status).toBe(200);
		expect(await res.text()).toBe(v1Files.get(v1.lazyChunk));
	});

	it('never serves old versions of files that keep their name (sw.js, index.html)', async () => {
		folders = await makeTempFolders();
		await writeFakeBuild(folders.buildDir, { version: 'v1' });
		const app = await start();
		await deploy(app, 'v2');

		const sw = await fetch(`${app.url}/sw.js`);
		expect(await sw.text()).toContain('service worker v2');
		const health = await (await fetch(`${app.url}/healthz`)).json();
		expect(health).toMatchObject({ version: 'v2' });
	});
});
