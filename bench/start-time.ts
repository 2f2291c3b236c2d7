/**
 * Start time in a real Chromium with CDP network and CPU throttling (4x, a cheap phone): first
 * contentful paint, and when the journal's text box accepts typing. A first visit over each slow
 * link, and an offline start of the installed app (served by its service worker). Beside each
 * first visit, its floor: the bytes that visit transferred at the link's speed, plus its round
 * trips (page, entry scripts, lazy route code).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ms, type BenchSection } from './bench-section';

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
	/** The least time the bytes and round trips alone need on this link; null offline. */
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
	await page.getByLabel('What is on your mind?').waitFor({ state: 'visible', timeout: 120_000 });
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

async function offlineStart(browser: Browser, origin: string): Promise<StartTiming> {
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
		return { mode: 'offline start of the installed app', ...t, floorMs: null };
	} finally {
		await context.close();
	}
}

export const startTimeSection: BenchSection = async ({ browser, origin }) => {
	const starts = [
		await firstVisit(browser, origin, SLOW_3G),
		await firstVisit(browser, origin, TWO_G),
		await offlineStart(browser, origin)
	];
	const [slow, , offline] = starts;
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
				met: (offline?.interactiveMs ?? Infinity) <= TARGETS.offlineInteractiveMs
			}
		],
		data: { starts }
	};
};
