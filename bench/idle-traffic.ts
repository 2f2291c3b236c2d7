/**
 * Idle traffic: what an open Hearth app sends and receives while nobody touches it.
 *
 * A person on a phone (360×640) has joined a community and leaves its page open, journal sync
 * off. Chromium reports every WebSocket data frame through the DevTools protocol
 * (`Network.webSocketFrameSent` / `Received`), and every HTTP request the page makes; those are
 * counted over FOREGROUND_MS in view, then over BACKGROUND_MS after the app went into the
 * background (the page's visibility is switched to hidden, as a phone does when another app
 * comes up) and its grace period has passed. Figures are extrapolated to an hour.
 *
 * Control frames (ping, pong, close) never reach DevTools, so the bytes on the wire are an
 * estimate: data payloads plus frame headers (2–10 bytes from the server; 6–14 from the client,
 * which masks), plus the server's ping (2 bytes) and the browser's pong (6 bytes) for each ping
 * interval a socket stayed open. Targets, from the issue: at most 2 KB of payload an hour while
 * open and idle, and nothing at all in the background once what was written has been sent.
 */
import type { CDPSession, Page } from 'playwright-core';
import { DEFAULT_PING_INTERVAL_MS } from '../server/sync/sync-endpoint';
import { BACKGROUND_GRACE_MS } from '../src/lib/sync/sync-connection';
import { phoneInCommunity } from '../tests/support/onboarding';
import { kb, ms, type BenchSection, type BenchTarget } from './bench-section';

/** Time for the first sync, the join's registration and the page's own loading to finish. */
const SETTLE_MS = 10_000;
const FOREGROUND_MS = 120_000;
const BACKGROUND_MS = 60_000;
/** Past the grace period, time for a socket's closing to finish before counting. */
const AFTER_GRACE_MS = BACKGROUND_GRACE_MS + 5_000;
/** How long the app may take to connect again once back in view, before we stop waiting. */
const RETURN_WAIT_MS = 15_000;
const HOUR_MS = 60 * 60_000;
const TARGET_OPEN_PER_HOUR = 2 * 1024;

interface Tally {
	framesSent: number;
	framesReceived: number;
	payloadSent: number;
	payloadReceived: number;
	/** Estimated frame headers (masking included) for the data frames counted. */
	headerBytes: number;
	/** Milliseconds of socket lifetime within the window, summed over sockets. */
	socketOpenMs: number;
	socketsOpened: number;
	httpRequests: number;
	httpBytes: number;
	ms: number;
}

/** A data frame's header: 2 bytes, 4 past 125 bytes, 10 past 65,535; a client's masks 4 more. */
function headerBytes(payload: number, fromClient: boolean): number {
	const base = payload <= 125 ? 2 : payload <= 65_535 ? 4 : 10;
	return base + (fromClient ? 4 : 0);
}

function payloadBytes(opcode: number, data: string): number {
	// Binary frames arrive base64-encoded; text frames as they are.
	return opcode === 2 ? Buffer.from(data, 'base64').byteLength : Buffer.byteLength(data);
}

/** Counts the page's WebSocket frames and HTTP requests from `reset()` to `take()`. */
function countTraffic(cdp: CDPSession) {
	const open = new Map<string, number>();
	let tally = empty();
	let windowStart = Date.now();
	const created: (() => void)[] = [];

	function empty(): Tally {
		return {
			framesSent: 0,
			framesReceived: 0,
			payloadSent: 0,
			payloadReceived: 0,
			headerBytes: 0,
			socketOpenMs: 0,
			socketsOpened: 0,
			httpRequests: 0,
			httpBytes: 0,
			ms: 0
		};
	}

	cdp.on('Network.webSocketCreated', ({ requestId }) => {
		open.set(requestId, Date.now());
		tally.socketsOpened++;
		for (const wake of created.splice(0)) wake();
	});
	cdp.on('Network.webSocketClosed', ({ requestId }) => {
		const since = open.get(requestId);
		if (since === undefined) return;
		open.delete(requestId);
		tally.socketOpenMs += Date.now() - Math.max(since, windowStart);
	});
	cdp.on('Network.webSocketFrameSent', ({ response }) => {
		const bytes = payloadBytes(response.opcode, response.payloadData);
		tally.framesSent++;
		tally.payloadSent += bytes;
		tally.headerBytes += headerBytes(bytes, true);
	});
	cdp.on('Network.webSocketFrameReceived', ({ response }) => {
		const bytes = payloadBytes(response.opcode, response.payloadData);
		tally.framesReceived++;
		tally.payloadReceived += bytes;
		tally.headerBytes += headerBytes(bytes, false);
	});
	cdp.on('Network.requestWillBeSent', ({ type }) => {
		if (type !== 'WebSocket') tally.httpRequests++;
	});
	cdp.on('Network.loadingFinished', ({ encodedDataLength }) => {
		tally.httpBytes += encodedDataLength;
	});

	return {
		reset(): void {
			tally = empty();
			windowStart = Date.now();
		},
		take(): Tally {
			const now = Date.now();
			for (const since of open.values()) tally.socketOpenMs += now - Math.max(since, windowStart);
			const taken = { ...tally, ms: now - windowStart };
			tally = empty();
			windowStart = now;
			return taken;
		},
		get openSockets(): number {
			return open.size;
		},
		/** Resolves when a socket opens, or with false after `timeoutMs`. */
		nextSocket(timeoutMs: number): Promise<boolean> {
			return new Promise((done) => {
				const timer = setTimeout(() => done(false), timeoutMs);
				created.push(() => {
					clearTimeout(timer);
					done(true);
				});
			});
		}
	};
}

/** Pings the server sent (and pongs the browser answered) while sockets were open. */
function pingsIn(tally: Tally): number {
	return Math.floor(tally.socketOpenMs / DEFAULT_PING_INTERVAL_MS);
}

/** Payload, headers and pings on the wire, both ways. */
function wireBytes(tally: Tally): number {
	const payload = tally.payloadSent + tally.payloadReceived;
	return payload + tally.headerBytes + pingsIn(tally) * (2 + 6);
}

const perHour = (value: number, windowMs: number) => (value * HOUR_MS) / Math.max(windowMs, 1);

function row(phase: string, tally: Tally): Record<string, string | number> {
	const hourly = (value: number) => Math.round(perHour(value, tally.ms));
	return {
		phase,
		minutes: +(tally.ms / 60_000).toFixed(1),
		'frames sent / h': hourly(tally.framesSent),
		'frames received / h': hourly(tally.framesReceived),
		'payload / h': kb(perHour(tally.payloadSent + tally.payloadReceived, tally.ms)),
		'pings / h (est.)': hourly(pingsIn(tally)),
		'on the wire / h (est.)': kb(perHour(wireBytes(tally), tally.ms)),
		'sockets opened': tally.socketsOpened,
		'HTTP requests / h': hourly(tally.httpRequests),
		'HTTP / h': kb(perHour(tally.httpBytes, tally.ms))
	};
}

/**
 * The app goes into (or out of) the background, as far as the page can tell. Sent as source
 * text: a compiled function could carry helpers of the bench's own bundler into the page.
 */
async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
	const hidden = state === 'hidden';
	await page.evaluate(`{
		Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' });
		Object.defineProperty(document, 'hidden', { configurable: true, get: () => ${hidden} });
		document.dispatchEvent(new Event('visibilitychange'));
	}`);
}

export const idleTrafficSection: BenchSection = async ({ browser, origin }) => {
	const { context, page } = await phoneInCommunity(browser, origin, 'Idris');
	try {
		const cdp = await context.newCDPSession(page);
		const traffic = countTraffic(cdp);
		await cdp.send('Network.enable');
		// Sockets opened before DevTools listened are counted from the reload on.
		await page.reload();
		await page.getByRole('heading', { level: 1 }).first().waitFor();
		await page.waitForTimeout(SETTLE_MS);

		traffic.reset();
		await page.waitForTimeout(FOREGROUND_MS);
		const foreground = traffic.take();

		await setVisibility(page, 'hidden');
		await page.waitForTimeout(AFTER_GRACE_MS);
		const grace = traffic.take();
		await page.waitForTimeout(BACKGROUND_MS);
		const background = traffic.take();
		const openInBackground = traffic.openSockets;

		const started = Date.now();
		const reconnecting = traffic.nextSocket(RETURN_WAIT_MS);
		await setVisibility(page, 'visible');
		const reconnected = await reconnecting;
		const returnMs = Date.now() - started;

		const openPayload = perHour(foreground.payloadSent + foreground.payloadReceived, foreground.ms);
		const backgroundWire = wireBytes(background);
		const targets: BenchTarget[] = [
			{
				name: 'idle traffic, app open (payload per hour)',
				target: `≤ ${kb(TARGET_OPEN_PER_HOUR)}`,
				value: kb(openPayload),
				met: openPayload <= TARGET_OPEN_PER_HOUR,
				beside: `about ${kb(perHour(wireBytes(foreground), foreground.ms))} an hour on the wire`
			},
			{
				name: 'idle traffic in the background once sent',
				target: '0 B',
				value: `${backgroundWire} B in ${(background.ms / 60_000).toFixed(1)} min`,
				met: backgroundWire === 0 && openInBackground === 0
			}
		];
		return {
			name: 'idle',
			tables: [
				{
					caption: `Idle traffic: a joined community's page left open, then in the background (pings every ${DEFAULT_PING_INTERVAL_MS / 1000} s)`,
					rows: [
						row('open, in view', foreground),
						row(`hidden: first ${AFTER_GRACE_MS / 1000} s (grace)`, grace),
						row('hidden, after the grace', background)
					]
				},
				{
					caption: 'Back in view after the background',
					rows: [
						{
							'sockets open in the background': openInBackground,
							'connected again': reconnected ? 'yes' : 'no',
							'new socket after': reconnected ? ms(returnMs) : `> ${ms(RETURN_WAIT_MS)}`
						}
					]
				}
			],
			targets,
			data: {
				foreground,
				grace,
				background,
				openInBackground,
				returnMs: reconnected ? returnMs : null,
				pingIntervalMs: DEFAULT_PING_INTERVAL_MS
			}
		};
	} finally {
		await context.close();
	}
};
