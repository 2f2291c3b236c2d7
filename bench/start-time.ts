/**
 * Start time in a real Chromium with CDP network and CPU throttling (4x, a cheap phone): first
 * contentful paint, and when the journal's text box accepts typing. A first visit over each slow
 * link, and an offline start of the installed app (served by its service worker): in the browser
 * that installed it, and after the browser was closed and started again, as a phone's is when it
 * has been away from the app a while (the second is the one the target is judged on). Beside each
 * first visit, its floor: the bytes that visit transferred at the link's speed, plus its round
 * trips (page, entry scripts, lazy route code). Beside each offline start, its floor: the same
 * start of a page holding only the text box, from a service worker of a few lines
 * (`start-floor.ts`), what the browser itself takes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from '../scripts/find-chromium.mjs';
import { ms, type BenchSection } from './bench-section';
import { startFloorSite, TEXT_BOX_LABEL } from './start-floor';

export interface LinkProfile {
	name: string;
	label: string;
	/** Round-trip time, ms. */
	latency: number;
	/** Bytes per second each way. */
	downloadThroughput: number;
	uploadThroughput: number;
}

const kbitPerSecond = (kbit: number) => (kbit * 1000) / 8;

export const TWO_G: LinkProfile = {
	name: '2g',
	label: '2G-like (250 kbit/s, 800 ms RTT)',
	latency: 800,
	downloadThroughput: kbitPerSecond(250),
	uploadThroughput: kbitPerSecond(250)
};

export const SLOW_3G: LinkProfile = {
	name: 'slow-3g',
	label: 'slow-3G-like (400 kbit/s, 400 ms RTT)',
	latency: 400,
	downloadThroughput: kbitPerSecond(400),
	uploadThroughput: kbitPerSecond(400)
};

const CPU_SLOWDOWN = 4;
/** Page, entry scripts and their imports, then the route's lazy code. */
const ROUND_TRIPS = 3;

export interface StartTiming {
	mode: string;
	fcpMs: number;
	interactiveMs: number;
	bytes: number;
	requests: number;
	/**
	 * First visits: the least time the bytes and round trips alone need on this link. Offline
	 * starts: the same start of a page holding only the text box (`start-floor.ts`).
	 */
	floorMs: number | null;
}

export const TARGETS = { slow3gInteractiveMs: 5000, offlineInteractiveMs: 1000 };

async function throttle(
	context: BrowserContext,
	page: Page,
	profile: LinkProfile | null
): Promise<void> {
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	if (profile) {
		await cdp.send('Network.emulateNetworkConditions', {
			offline: false,
			latency: profile.latency,
			downloadThroughput: profile.downloadThroughput,
			uploadThroughput: profile.uploadThroughput
		});
	}
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
}

async function timeStart(
	page: Page,
	url: string
): Promise<{ fcpMs: number; interactiveMs: number; bytes: number; requests: number }> {
	let bytes = 0;
	let requests = 0;
	page.on('requestfinished', (request) => {
		void request
			.sizes()
			.then((sizes) => {
				requests += 1;
				bytes += sizes.responseBodySize + sizes.responseHeadersSize;
			})
			.catch(() => undefined);
	});
	const started = Date.now();
	await page.goto(url, { waitUntil: 'commit' });
	await page.getByLabel(TEXT_BOX_LABEL).waitFor({ state: 'visible', timeout: 120_000 });
	const interactiveMs = Date.now() - started;
	const fcpMs = await page.evaluate(
		() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? performance.now()
	);
	return { fcpMs: Math.round(fcpMs), interactiveMs, bytes, requests };
}

async function firstVisit(
	browser: Browser,
	origin: string,
	profile: LinkProfile
): Promise<StartTiming> {
	const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
	try {
		const page = await context.newPage();
		await throttle(context, page, profile);
		const t = await timeStart(page, origin + '/journal/new');
		const floorMs = Math.round(
			(t.bytes / profile.downloadThroughput) * 1000 + profile.latency * ROUND_TRIPS
		);
		return { mode: `first visit, ${profile.label}`, ...t, floorMs };
	} finally {
		await context.close();
	}
}

/** The installed app started offline in the browser process that installed it. */
async function offlineStart(
	browser: Browser,
	origin: string,
	mode = 'offline start, in the browser that installed it'
): Promise<StartTiming> {
	const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
	try {
		const install = await context.newPage();
		await install.goto(origin + '/');
		await install.waitForFunction(() => navigator.serviceWorker?.controller !== null);
		await install.close();
		await context.setOffline(true);
		const page = await context.newPage();
		await throttle(context, page, null);
		const t = await timeStart(page, origin + '/journal/new');
		return { mode, ...t, floorMs: null };
	} finally {
		await context.close();
	}
}

/**
 * The installed app started offline in a browser started afresh: its own profile on disk, the
 * app installed and the journal opened once, the browser closed, then started again offline.
 * Nothing the first process compiled or kept in memory helps, only what the browser kept on disk.
 */
async function coldOfflineStart(
	origin: string,
	mode = 'offline start, browser started afresh'
): Promise<StartTiming> {
	const profile = await mkdtemp(join(tmpdir(), 'hearth-cold-start-'));
	const launch = () =>
		chromium.launchPersistentContext(profile, {
			executablePath: findChromium().path,
			args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
			viewport: { width: 360, height: 640 }
		});
	try {
		const first = await launch();
		try {
			const install = first.pages()[0] ?? (await first.newPage());
			await install.goto(origin + '/');
			await install.waitForFunction(() => navigator.serviceWorker?.controller !== null);
			await install.goto(origin + '/journal/new');
			await install.getByLabel(TEXT_BOX_LABEL).waitFor({ state: 'visible' });
		} finally {
			await first.close();
		}
		const second = await launch();
		try {
			await second.setOffline(true);
			const page = second.pages()[0] ?? (await second.newPage());
			await throttle(second, page, null);
			const t = await timeStart(page, origin + '/journal/new');
			return { mode, ...t, floorMs: null };
		} finally {
			await second.close();
		}
	} finally {
		await rm(profile, { recursive: true, force: true });
	}
}

export const startTimeSection: BenchSection = async ({ browser, origin }) => {
	const floor = await startFloorSite();
	let starts: StartTiming[];
	try {
		const warmFloor = await offlineStart(browser, floor.origin, 'floor');
		const coldFloor = await coldOfflineStart(floor.origin, 'floor');
		starts = [
			await firstVisit(browser, origin, SLOW_3G),
			await firstVisit(browser, origin, TWO_G),
			{ ...(await offlineStart(browser, origin)), floorMs: warmFloor.interactiveMs },
			{ ...(await coldOfflineStart(origin)), floorMs: coldFloor.interactiveMs }
		];
	} finally {
		await floor.close();
	}
	const [slow, , warm, cold] = starts;
	// A phone's browser is often started afresh: the slower of the two offline starts is judged.
	const offline = [warm, cold].reduce<StartTiming | undefined>(
		(worst, s) => (s && (!worst || s.interactiveMs > worst.interactiveMs) ? s : worst),
		undefined
	);
	return {
		name: 'start',
		tables: [
			{
				caption: `Start of /journal/new, CPU slowed ${CPU_SLOWDOWN}x, 360×640`,
				rows: starts.map((s) => ({
					start: s.mode,
					'first contentful paint': ms(s.fcpMs),
					'journal accepts typing': ms(s.interactiveMs),
					floor: s.floorMs === null ? '-' : ms(s.floorMs),
					transferred: `${(s.bytes / 1024).toFixed(1)} KB in ${s.requests} requests`
				}))
			}
		],
		targets: [
			{
				name: 'first visit, slow 3G: journal accepts typing',
				target: `≤ ${ms(TARGETS.slow3gInteractiveMs)}`,
				value: ms(slow?.interactiveMs ?? Infinity),
				met: (slow?.interactiveMs ?? Infinity) <= TARGETS.slow3gInteractiveMs,
				beside: `floor ${ms(slow?.floorMs ?? 0)}`
			},
			{
				name: 'offline start of the installed app: journal accepts typing',
				target: `≤ ${ms(TARGETS.offlineInteractiveMs)}`,
				value: ms(offline?.interactiveMs ?? Infinity),
				met: (offline?.interactiveMs ?? Infinity) <= TARGETS.offlineInteractiveMs,
				beside: offline
					? `${offline.mode}; floor ${ms(offline.floorMs ?? 0)}, a page of only the text box`
					: 'not measured'
			}
		],
		data: { starts }
	};
};
