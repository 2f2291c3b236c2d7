/**
 * Start time in a real Chromium with CDP network and CPU throttling: first contentful paint,
 * and when the journal's text box accepts typing. Two cases: a first visit over a slow link, and
 * an offline start of the installed app (served by its service worker).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const SLOW_3G = {
	label: 'slow 3G (400 kbit/s, 400 ms RTT)',
	latency: 400,
	downloadThroughput: (400 * 1024) / 8,
	uploadThroughput: (400 * 1024) / 8
};
const CPU_SLOWDOWN = 4;

export interface StartTiming {
	mode: 'first-visit-slow-3g' | 'offline-installed';
	fcpMs: number;
	interactiveMs: number;
	/** The least time the bytes and round trips alone need on this link. */
	floorMs: number | null;
}

async function throttle(context: BrowserContext, page: Page, offline: boolean) {
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', { offline, ...SLOW_3G });
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
}

async function timeStart(
	page: Page,
	url: string
): Promise<{ fcpMs: number; interactiveMs: number; bytes: number; requests: number }> {
	let bytes = 0;
	let requests = 0;
	page.on('requestfinished', async (request) => {
		const sizes = await request.sizes().catch(() => null);
		requests += 1;
		bytes += (sizes?.responseBodySize ?? 0) + (sizes?.responseHeadersSize ?? 0);
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

export async function measureStart(
	browser: Browser,
	origin: string,
	mode: StartTiming['mode']
): Promise<StartTiming> {
	const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
	try {
		if (mode === 'first-visit-slow-3g') {
			const page = await context.newPage();
			await throttle(context, page, false);
			const t = await timeStart(page, origin + '/journal/new');
			// Bytes over the link plus one round trip for the page and one per dependency wave.
			const floorMs = Math.round(
				(t.bytes / SLOW_3G.downloadThroughput) * 1000 + SLOW_3G.latency * 3
			);
			return { mode, fcpMs: t.fcpMs, interactiveMs: t.interactiveMs, floorMs };
		}
		const install = await context.newPage();
		await install.goto(origin + '/');
		await install.waitForFunction(() => navigator.serviceWorker?.controller !== null);
		await install.close();
		await context.setOffline(true);
		const page = await context.newPage();
		await throttle(context, page, true);
		const t = await timeStart(page, origin + '/journal/new');
		return { mode, fcpMs: t.fcpMs, interactiveMs: t.interactiveMs, floorMs: null };
	} finally {
		await context.close();
	}
}
