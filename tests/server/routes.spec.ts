// /healthz, /api and /sync over real HTTP, and how errors look on the wire.
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../server/config';
import { createHearthServer } from '../../server/create-server';
import type { HttpEndpoint } from '../../server/http/endpoints';
import { startTestServer, type TestServer } from '../support/start-server';
import { makeTempFolders, writeFakeBuild, type TempFolders } from './fake-build';
import { rawRequest } from './raw-request';

let folders: TempFolders | undefined;
let app: TestServer | undefined;

afterEach(async () => {
	await app?.close();
	await folders?.remove();
	app = undefined;
	folders = undefined;
});

async function start(options: { api?: HttpEndpoint; build?: boolean } = {}): Promise<TestServer> {
	folders = await makeTempFolders();
	if (options.build !== false) await writeFakeBuild(folders.buildDir, { version: 'v1' });
	app = await startTestServer({ ...folders, ...(options.api ? { api: options.api } : {}) });
	return app;
}

/** Sends a WebSocket upgrade request and returns the server's reply as text. */
function upgrade(port: number, path: string): Promise<string> {
	return new Promise((done, fail) => {
		const socket = connect(port, '127.0.0.1', () => {
			socket.write(
				`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
					'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'
			);
		});
		let reply = '';
		socket.on('data', (chunk: Buffer) => (reply += chunk.toString('utf8')));
		socket.on('close', () => done(reply));
		socket.on('error', fail);
	});
}

describe('GET /healthz', () => {
	it('reports ok, the build version and uptime, never cached', async () => {
		const { url } = await start();
		const res = await fetch(`${url}/healthz`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json');
		expect(res.headers.get('cache-control')).toBe('no-store');
		const body: unknown = await res.json();
		expect(body).toEqual({ ok: true, version: 'v1', uptime: expect.any(Number) });
	});

	it('reports version null when there is no build', async () => {
		const { url } = await start({ build: false });
		expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ ok: true, version: null });
	});

	it('refuses other methods with a JSON 405', async () => {
		const { url } = await start();
		const res = await fetch(`${url}/healthz`, { method: 'POST' });
		expect(res.status).toBe(405);
		expect(res.headers.get('allow')).toBe('GET, HEAD');
		expect(await res.json()).toEqual({
			error: { code: 'method-not-allowed', message: 'Use GET.' }
		});
	});
});

describe('/api', () => {
	it.each([
		['GET', '/api'],
		['GET', '/api/communities'],
		['POST', '/api/reports'],
		['DELETE', '/api/x/y?z=1']
	])('%s %s is a JSON 404 for now', async (method, path) => {
		const { url } = await start();
		const res = await fetch(`${url}${path}`, { method });
		expect(res.status).toBe(404);
		expect(res.headers.get('content-type')).toBe('application/json');
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(await res.json()).toEqual({
			error: { code: 'not-found', message: 'No such endpoint.' }
		});
	});

	it('answers a malformed path with a JSON 400', async () => {
		const { port } = await start();
		const res = await rawRequest(port, '/api/%2e%2e/secret');
		expect(res.status).toBe(400);
		expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({ error: { code: 'bad-request' } });
	});

	it('turns an endpoint’s uncaught error into a JSON 500 without the stack', async () => {
		const failing: HttpEndpoint = {
			handle() {
				throw new Error('database exploded at /secret/path.ts:42');
			}
		};
		const { url } = await start({ api: failing });
		const res = await fetch(`${url}/api/anything`);
		expect(res.status).toBe(500);
		const text = await res.text();
		expect(JSON.parse(text)).toEqual({
			error: { code: 'internal', message: 'Something went wrong on the server.' }
		});
		expect(text).not.toContain('exploded');
	});
});

describe('/sync', () => {
	it.each(['/sync', '/sync/community-1', '/sync/journal?token=abc'])(
		'a plain request to %s is a JSON 426',
		async (path) => {
			const { url } = await start();
			const res = await fetch(`${url}${path}`);
			expect(res.status).toBe(426);
			expect(res.headers.get('upgrade')).toBe('websocket');
			expect(await res.json()).toMatchObject({ error: { code: 'upgrade-required' } });
		}
	);

	it('refuses WebSocket upgrades until sync exists, and anywhere but /sync', async () => {
		const { port } = await start();
		const sync = await upgrade(port, '/sync/community-1?token=abc');
		expect(sync).toMatch(/^HTTP\/1\.1 501 /);
		expect(sync).toContain('"code":"not-implemented"');
		expect(sync).toContain('X-Content-Type-Options: nosniff');
		expect(await upgrade(port, '/elsewhere')).toMatch(/^HTTP\/1\.1 404 /);
		expect(await upgrade(port, '/sync/%2e%2e')).toMatch(/^HTTP\/1\.1 400 /);
	});
});

describe('configuration', () => {
	it('refuses a data folder inside the build folder, where it would be public', async () => {
		folders = await makeTempFolders();
		const buildDir = folders.buildDir;
		expect(() => createHearthServer({ buildDir, dataDir: join(buildDir, 'data') })).toThrow(
			/must not be inside the build folder/
		);
		expect(() => createHearthServer({ buildDir, dataDir: buildDir })).toThrow(ConfigError);
	});
});

describe('without a build', () => {
	it('says so with a 503 instead of an empty page', async () => {
		const { url } = await start({ build: false });
		const res = await fetch(`${url}/journal`);
		expect(res.status).toBe(503);
		expect(await res.text()).toMatch(/npm run build/);
	});
});
