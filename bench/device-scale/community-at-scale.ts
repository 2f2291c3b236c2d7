/**
 * A community with 10,000 threads and 50,000 replies on a phone: how long until its first threads
 * are on screen, how long reading its document from IndexedDB takes, how much heap it holds, and
 * what it weighs on the device before and after the app compacts its update log.
 *
 * Set-up, as a real device gets there: a person onboarded in the app; the community joined (its
 * row in `communities`, as `communities.join` writes it); its current month's document stored as
 * the update log the app's persistence writes during a first sync, one row per 64 KiB piece the
 * server sends. The device is then offline, so what is measured is the device alone: nothing
 * syncs, and the app starts from its service worker as an installed app does. (Online, the room
 * would also connect and exchange state vectors: a few bytes once the server has it all.)
 *
 * The first open finds the raw log; the app's persistence compacts it by itself after loading
 * (`persist-doc.ts`: past 50 updates or 256 KB), and the benchmark waits for that. The measured
 * opens then read the compacted document, as every later start does.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { communityRoom, monthOfTime } from '../../src/lib/domain/community/community-months';
import { openControlled, phoneContext } from '../../tests/support/browser';
import { onboard } from '../../tests/support/onboarding';
import { cachedBigCommunity } from '../fixtures/big-community';
import { profileBySource, type CpuProfile, type ProfileBreakdown } from '../profile-by-source';
import {
	appendToLog,
	countRows,
	documentLog,
	heapAfterGc,
	putRows,
	storageUse,
	type LogStats,
	type StorageUse
} from './page-probes';
import { shownCell, skippedStep, timeToVisible, type Shown } from './time-to-visible';

export const COMMUNITY_ID = 'bench-village';
const FIRST_THREAD_TITLE = 'main article.thread h3 a';
/** Shown while the first screen comes from the thread index and the document still loads. */
const FIRST_SCREEN_NOTE = 'Showing the latest conversations while the rest opens…';
/** Every wait is bounded, so a slow build still finishes the section within its budget. */
const OPEN_TIMEOUT_MS = 60_000;
const COMPACTION_TIMEOUT_MS = 60_000;
/** A 1x open slower than this would take minutes slowed 4x: the 4x open is skipped, and said so. */
const SLOW_OPEN_MS = 20_000;

export interface CommunityScaleOptions {
	threads: number;
	replies: number;
	authors: number;
	/** CPU slowdown of the cheap-phone open (this machine is 1x). */
	phoneRate: number;
	/** Told each step as it starts, for a progress line. */
	onStep?: (step: string) => void;
}

export interface CommunityOpen extends Shown {
	/** CPU slowdown (1 = this machine, 4 = a cheap phone). */
	rate: number;
}

export interface CommunityScale {
	threads: number;
	replies: number;
	authors: number;
	/** The whole document as one Yjs update, and the records' JSON alone. */
	documentBytes: number;
	jsonBytes: number;
	before: { log: LogStats; storage: StorageUse };
	/** Before anything was written: the app alone. */
	baseline: { storage: StorageUse; heapBytes: number };
	/** The open that found the raw log (CPU 1x). */
	firstOpen: CommunityOpen;
	/** From that reload until the log was one row again; null if not within the wait. */
	compactedAfterMs: number | null;
	/** From that reload until the thread index held every thread; null if not within the wait. */
	indexedAfterMs: number | null;
	after: { log: LogStats; storage: StorageUse };
	/** A CPU profile of one open (CPU 1x), by source: recorded even if it never showed. */
	profile: ProfileBreakdown;
	profiledOpen: CommunityOpen;
	/** The measured open at 1x, without the profiler. */
	machineOpen: CommunityOpen;
	/** The open slowed to a cheap phone's CPU (skipped when the 1x open was slow). */
	phoneOpen: CommunityOpen;
	/** Reading the compacted log in the page, per CPU slowdown. */
	logReadMs: { rate: number; ms: number }[];
	/** JS heap after a full GC with the community page open (or still opening). */
	heapAfterOpenBytes: number;
}

export async function measureCommunityAtScale(
	browser: Browser,
	origin: string,
	buildDir: string,
	options: CommunityScaleOptions
): Promise<CommunityScale> {
	const step = options.onStep ?? (() => {});
	step('building the community document (kept for the rest of the run)');
	const community = cachedBigCommunity(options);
	const docName = communityRoom(COMMUNITY_ID, monthOfTime(community.now));
	const pagePath = `${origin}/communities/${COMMUNITY_ID}`;

	const context = await phoneContext(browser);
	try {
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		step('setting up a person');
		await openControlled(page, origin);
		await onboard(page, origin, 'Bench');
		// Offline before the community exists on this device: nothing it holds may go to a server.
		await context.setOffline(true);
		await page.goto(`${origin}/settings`);
		await page.locator('main h1').waitFor();
		const baseline = { storage: await storageUse(page), heapBytes: await heapAfterGc(cdp) };

		step(`storing the document as ${community.pieces.length} log rows`);
		await appendToLog(page, docName, community.pieces);
		await putRows(page, 'communities', [{ id: COMMUNITY_ID, value: joinedRecord(community.now) }]);
		const before = { log: await documentLog(page, docName), storage: await storageUse(page) };

		step('first open, over the raw log');
		const firstStarted = Date.now();
		const firstOpen = await openOnce(page, cdp, pagePath, 1);
		step(`first screen: ${said(firstOpen)}; waiting for the app to compact the log`);
		const compactedAfterMs = await waitForCompaction(page, docName, firstStarted);
		step(
			`compacted: ${compactedAfterMs === null ? 'not within the wait' : `${compactedAfterMs} ms`}`
		);
		step('waiting for the app to fill the thread index');
		const indexedAfterMs = await waitForIndex(page, community.threads, firstStarted);
		step(
			`thread index: ${indexedAfterMs === null ? 'not within the wait' : `${indexedAfterMs} ms`}`
		);
		const after = { log: await documentLog(page, docName), storage: await storageUse(page) };

		step('one open under the CPU profiler (1x)');
		const profiled = await profiledOpen(page, cdp, pagePath, buildDir, origin);
		step(`first screen: ${said(profiled.open)}`);
		// Each later open needs the one before to have shown in reasonable time: a screen that
		// takes minutes is already the finding, and waiting again would only spend the budget.
		const machineOpen =
			profiled.open.ms === null
				? { rate: 1, ...skippedStep('the profiled open did not show') }
				: await openOnce(page, cdp, pagePath, 1);
		step(`one open at 1x: ${said(machineOpen)}`);
		const heapAfterOpenBytes = await heapAfterGc(cdp);
		const phoneOpen =
			machineOpen.ms === null || machineOpen.ms > SLOW_OPEN_MS
				? {
						rate: options.phoneRate,
						...skippedStep(`the 1x open took more than ${SLOW_OPEN_MS / 1000} s`)
					}
				: await openOnce(page, cdp, pagePath, options.phoneRate);
		step(`one open with the CPU slowed ${options.phoneRate}x: ${said(phoneOpen)}`);

		const logReadMs: { rate: number; ms: number }[] = [];
		for (const rate of [1, options.phoneRate]) {
			await cdp.send('Emulation.setCPUThrottlingRate', { rate });
			logReadMs.push({ rate, ms: (await documentLog(page, docName)).readMs });
			await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
		}

		return {
			threads: community.threads,
			replies: community.replies,
			authors: community.authors,
			documentBytes: community.update.byteLength,
			jsonBytes: community.jsonBytes,
			before,
			baseline,
			firstOpen,
			compactedAfterMs,
			indexedAfterMs,
			after,
			profile: profiled.profile,
			profiledOpen: profiled.open,
			machineOpen,
			phoneOpen,
			logReadMs,
			heapAfterOpenBytes
		};
	} finally {
		await context.close();
	}
}

function said(open: CommunityOpen): string {
	const cell = shownCell(open);
	return typeof cell === 'number' ? `${cell} ms` : cell;
}

/** The row `communities.join` writes, for a community joined just now. */
function joinedRecord(now: number) {
	return {
		id: COMMUNITY_ID,
		info: {
			id: COMMUNITY_ID,
			name: 'Village of ten thousand threads',
			description: 'A large community, for measuring.',
			guidelines: ['Be kind.']
		},
		joinedAt: now,
		guidelinesAcceptedAt: now,
		guidelinesVersion: null,
		guidelinesSent: null,
		chosenName: null,
		authoredMonths: [],
		openedMonths: []
	};
}

/** Opens (or reloads) the community page at a CPU slowdown until its first thread title shows. */
async function openOnce(
	page: Page,
	cdp: CDPSession,
	url: string,
	rate: number
): Promise<CommunityOpen> {
	await settle(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate });
	try {
		const navigate = () =>
			page.url() === url
				? page.reload({ waitUntil: 'commit', timeout: OPEN_TIMEOUT_MS })
				: page.goto(url, { waitUntil: 'commit', timeout: OPEN_TIMEOUT_MS });
		const shown = await timeToVisible(page, navigate, page.locator(FIRST_THREAD_TITLE), {
			timeoutMs: OPEN_TIMEOUT_MS,
			navigated: true
		});
		return { rate, ...shown };
	} finally {
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
	}
}

/**
 * Lets the open page finish what follows its first screen (the big document decoding behind it)
 * before the next open, so each open starts as a person's fresh start does, not queued behind the
 * last one's work (a reload waits for the page's running script). Bounded: a page that never
 * settles is measured as it is.
 */
async function settle(page: Page): Promise<void> {
	await page
		.getByText(FIRST_SCREEN_NOTE)
		.waitFor({ state: 'hidden', timeout: OPEN_TIMEOUT_MS })
		.catch(() => {});
	await page
		.evaluate(
			() =>
				new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 10_000 }))
		)
		.catch(() => {});
}

/** Polls the thread index until it holds every thread; ms since `since`, or null. */
async function waitForIndex(page: Page, threads: number, since: number) {
	const deadline = Date.now() + COMPACTION_TIMEOUT_MS;
	while (Date.now() < deadline) {
		const rows = await countRows(page, 'threadIndex').catch(() => null);
		if (rows === threads) return Date.now() - since;
		await page.waitForTimeout(500);
	}
	return null;
}

/** Polls the log until the app's compaction left it one row; ms since `since`, or null. */
async function waitForCompaction(page: Page, docName: string, since: number) {
	const deadline = Date.now() + COMPACTION_TIMEOUT_MS;
	while (Date.now() < deadline) {
		const rows = await documentLog(page, docName)
			.then((log) => log.rows)
			.catch(() => null);
		if (rows === 1) return Date.now() - since;
		await page.waitForTimeout(500);
	}
	return null;
}

async function profiledOpen(
	page: Page,
	cdp: CDPSession,
	url: string,
	buildDir: string,
	origin: string
): Promise<{ open: CommunityOpen; profile: ProfileBreakdown }> {
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
	await cdp.send('Profiler.start');
	let open: CommunityOpen;
	let profile: CpuProfile;
	try {
		open = await openOnce(page, cdp, url, 1);
	} finally {
		profile = (await cdp.send('Profiler.stop')).profile;
		await cdp.send('Profiler.disable');
	}
	return { open, profile: await profileBySource(profile, buildDir, origin) };
}
