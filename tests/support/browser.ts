/**
 * The browser tests' toolkit: the whole Hearth server as `npm start` assembles it (app, API and
 * sync, with its own temporary data) on port 0 serving a copy of a build, and a real Chromium
 * driven by playwright-core. Everything is torn down by `close()`.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { DEFAULT_COMMUNITIES_FILE } from '../../server/api/communities';
import {
	assembleServer,
	type AssembledServer,
	type AssembleOptions
} from '../../server/assemble-server';
import type { ListeningServer } from '../../server/create-server';
import { silentLogger } from '../../server/logger';
import { newPersonKey, signInPerson } from './assembled-server';

export interface TestApp {
	url: string;
	buildDir: string;
	dataDir: string;
	/** Replaces the served build with another one, as a deploy would. */
	deploy(buildDir: string): Promise<void>;
	/** Stops the server: the truest "offline" there is. */
	stop(): Promise<void>;
	/** Starts it again on the same port. */
	restart(): Promise<void>;
	/**
	 * Makes the person with `userId` a moderator of `communityId`, as an administrator would:
	 * through the API, signed in as the suite's own operator (an administrator from the start).
	 */
	appointModerator(communityId: string, userId: string): Promise<void>;
	/** Whether a sync room's sockets share one compressed stream now, and how many are on it. */
	roomStream(room: string): { members: number; epochs: number } | null;
	close(): Promise<void>;
}

export interface StartAppOptions {
	/** User ids of the server's administrators (the suite's operator is always one). */
	admins?: string[];
	/** When a busy room's sockets share one compressed stream (the server's defaults if absent). */
	roomStream?: AssembleOptions['roomStream'];
}

export async function startApp(options: StartAppOptions = {}): Promise<TestApp> {
	const work = await mkdtemp(join(tmpdir(), 'hearth-e2e-'));
	const buildDir = join(work, 'build');
	const dataDir = join(work, 'data');
	await cp(inject('buildDir'), buildDir, { recursive: true });
	let port = 0;
	let server: AssembledServer | null = null;
	let running: ListeningServer | null = null;
	const operator = newPersonKey();
	let operatorSession: Promise<string> | null = null;

	async function start() {
		server = await assembleServer({
			buildDir,
			dataDir,
			communitiesFile: DEFAULT_COMMUNITIES_FILE,
			log: silentLogger,
			buildPollMs: 0,
			admins: [operator.userId, ...(options.admins ?? [])],
			roomStream: options.roomStream
		});
		running = await server.listen(port, '127.0.0.1');
		port = running.port;
	}
	await start();

	return {
		get url() {
			return `http://localhost:${port}`;
		},
		buildDir,
		dataDir,
		async deploy(next: string) {
			await rm(buildDir, { recursive: true, force: true });
			await cp(next, buildDir, { recursive: true });
			await server?.refreshBuild();
		},
		async stop() {
			await running?.close();
			await server?.close();
			running = null;
		},
		async restart() {
			if (!running) await start();
		},
		roomStream: (room) => server?.roomStream(room) ?? null,
		async appointModerator(communityId: string, userId: string) {
			const origin = `http://localhost:${port}`;
			operatorSession ??= signInPerson(origin, 'Operator', communityId, operator.root).then(
				(person) => person.session
			);
			const response = await fetch(
				`${origin}/api/communities/${encodeURIComponent(communityId)}/moderators/${encodeURIComponent(userId)}`,
				{ method: 'PUT', headers: { authorization: `Bearer ${await operatorSession}` } }
			);
			if (response.status !== 204) {
				throw new Error(
					`Appointing a moderator answered ${response.status}: ${await response.text()}`
				);
			}
		},
		async close() {
			await running?.close();
			await server?.close();
			await rm(work, { recursive: true, force: true });
		}
	};
}

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: inject('chromiumPath'),
		args: [
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-quic'
		]
	});
}

/** A phone-sized context, as most of Hearth's people use it. */
export async function phoneContext(
	browser: Browser,
	options: { bypassCSP?: boolean } = {}
): Promise<BrowserContext> {
	return browser.newContext({
		viewport: { width: 360, height: 640 },
		deviceScaleFactor: 2,
		isMobile: true,
		hasTouch: true,
		bypassCSP: options.bypassCSP ?? false
	});
}

/** Loads the app and waits until its service worker controls the page. */
export async function openControlled(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, {
		timeout: 30_000
	});
}

/** Waits until the service worker has finished precaching (it is active and controlling). */
export async function waitForPrecache(page: Page): Promise<void> {
	await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.ready;
		return registration.active?.state;
	});
}

/**
 * Registers the usual suite set-up: a fresh server with its own data, and one browser, both
 * closed after the suite. Returns getters, since both exist only once `beforeAll` has run.
 */
export function useBrowserSuite(options: StartAppOptions = {}): {
	app: () => TestApp;
	browser: () => Browser;
} {
	let app: TestApp | undefined;
	let browser: Browser | undefined;
	beforeAll(async () => {
		app = await startApp(options);
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await app?.close();
	});
	const need = <T>(value: T | undefined, what: string): T => {
		if (value === undefined) throw new Error(`${what} is not ready: use it inside a test`);
		return value;
	};
	return { app: () => need(app, 'The app'), browser: () => need(browser, 'The browser') };
}
