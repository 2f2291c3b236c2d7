// Security headers on every kind of response, and the CSP taken from the build's meta tag.
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../server/logger';
import { startTestServer, type TestServer } from '../support/start-server';
import { makeTempFolders, metaCspFor, writeFakeBuild, type TempFolders } from './fake-build';
import { rawRequest } from './raw-request';

const EVERY_RESPONSE = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-resource-policy': 'same-origin'
};

let folders: TempFolders | undefined;
let app: TestServer | undefined;

afterEach(async () => {
	await app?.close();
	await folders?.remove();
	app = undefined;
	folders = undefined;
});

async function start(csp?: string | null, log?: Logger): Promise<TestServer> {
	folders = await makeTempFolders();
	await writeFakeBuild(folders.buildDir, { version: 'v1', csp });
	app = await startTestServer({ ...folders, ...(log ? { log } : {}) });
	return app;
}

function collectingLogger(): Logger & { warnings: string[] } {
	const warnings: string[] = [];
	return { warnings, info: () => {}, warn: (message) => warnings.push(message), error: () => {} };
}

describe('headers on every response', () => {
	it.each([
		['GET', '/'],
		['GET', '/journal/abc123'],
		['GET', '/sw.js'],
		['GET', '/_app/immutable/chunks/shared.js'],
		['GET', '/missing.js'],
		['GET', '/%2e%2e/secret.txt'],
		['POST', '/'],
		['GET', '/healthz'],
		['GET', '/api/anything'],
		['GET', '/sync/room'],
		['GET', '/sw.js', { 'if-none-match': '*' }]
	])('%s %s', async (method, path, headers?: Record<string, string>) => {
		const { port } = await start();
		const res = await rawRequest(port, path, { method, headers });
		for (const [name, value] of Object.entries(EVERY_RESPONSE))
			expect(res.headers[name]).toBe(value);
		expect(res.headers['strict-transport-security']).toBeUndefined();
		const appFile = !/^\/(api|healthz|sync)\b/.test(path);
		if (appFile) {
			expect(res.headers['permissions-policy']).toMatch(/camera=\(\)/);
			expect(res.headers['permissions-policy']).toMatch(/microphone=\(\)/);
			expect(res.headers['permissions-policy']).toMatch(/geolocation=\(\)/);
		} else {
			// A JSON answer runs nothing (its CSP says so), and people pay for every byte of it.
			expect(res.headers['permissions-policy']).toBeUndefined();
		}
	});

	it('allows no powerful feature but writing to the clipboard from our own page', async () => {
		const { port } = await start();
		const res = await rawRequest(port, '/');
		const policy = String(res.headers['permissions-policy']);
		const rules = policy.split(', ').map((rule) => rule.split('='));
		expect(rules.length).toBeGreaterThan(25);
		for (const [feature, allow] of rules) {
			expect(allow, feature).toBe(feature === 'clipboard-write' ? '(self)' : '()');
		}
		for (const feature of ['payment', 'usb', 'serial', 'hid', 'idle-detection', 'sync-xhr']) {
			expect(policy).toContain(`${feature}=()`);
		}
	});
});

describe('Content-Security-Policy', () => {
	it("repeats the meta tag's policy as a header, with frame-ancestors 'none'", async () => {
		const { url } = await start();
		for (const path of ['/', '/index.html', '/journal/abc123']) {
			const res = await fetch(`${url}${path}`);
			expect(res.headers.get('content-security-policy')).toBe(
				`${metaCspFor('v1')}; frame-ancestors 'none'`
			);
		}
	});

	it('decodes HTML entities in the meta content', async () => {
		const { url } = await start('default-src &#39;self&#39;; script-src &#x27;self&#x27; &amp;x');
		const res = await fetch(url);
		expect(res.headers.get('content-security-policy')).toBe(
			"default-src 'self'; script-src 'self' &x; frame-ancestors 'none'"
		);
	});

	it('follows a rebuilt index.html without a restart', async () => {
		const { url } = await start();
		await writeFakeBuild(folders?.buildDir ?? '', { version: 'v2-longer' });
		const res = await fetch(`${url}/journal`, { headers: { 'accept-encoding': 'br' } });
		expect(res.headers.get('content-security-policy')).toBe(
			`${metaCspFor('v2-longer')}; frame-ancestors 'none'`
		);
		expect(await res.text()).toContain(`content="${metaCspFor('v2-longer')}"`);
	});

	it('falls back to a restrictive default, and says so, when the build has no policy', async () => {
		const log = collectingLogger();
		const { url } = await start(null, log);
		const res = await fetch(url);
		expect(res.headers.get('content-security-policy')).toBe(
			"default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
		);
		expect(log.warnings).toHaveLength(1);
		expect(log.warnings[0]).toMatch(/index\.html has no usable Content-Security-Policy/);
	});

	it('does not put the page policy on scripts (it would bind the service worker)', async () => {
		const { url } = await start();
		const res = await fetch(`${url}/sw.js`);
		expect(res.headers.get('content-security-policy')).toBeNull();
	});

	it("gives the server's own responses a policy that loads nothing", async () => {
		const { url } = await start();
		for (const path of ['/api/x', '/healthz', '/missing.js']) {
			const res = await fetch(`${url}${path}`);
			expect(res.headers.get('content-security-policy')).toBe(
				"default-src 'none'; frame-ancestors 'none'"
			);
		}
	});
});
