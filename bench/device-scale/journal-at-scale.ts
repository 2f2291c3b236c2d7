/**
 * A journal of 5,000 entries on a cheap phone (CPU slowed 4x): how long until the list shows
 * its newest entry after a reload, until the whole journal is open (the list's count says how
 * many of all the entries it shows), the JS heap then, and how long until a search answers and
 * the mood view shows its chart.
 *
 * Journal rows are sealed (AES-GCM) with a key only this device's vault holds, so a benchmark
 * cannot write them itself, and a plain row written after the app sealed its journal is refused
 * as unreadable. So the set-up goes the way an older device does: plain rows, and no
 * `journal-sealed` marker; the app's next start seals every row (`rewriteStale`) and sets the
 * marker. The time that takes is reported too; the measured opens then read sealed rows only.
 */
import type { Browser, CDPSession } from 'playwright-core';
import { phoneContext, openControlled } from '../../tests/support/browser';
import { journalEntries } from '../fixtures/journal-entries';
import { deleteRow, heapAfterGc, journalRowKinds, putRows, readValue } from './page-probes';
import { skippedStep, timeToVisible, type Shown } from './time-to-visible';

const SEALED_MARKER = 'journal-sealed';
const SEARCHED = 'entry4242';
/** Every wait is bounded, so a slow build still finishes the section within its budget. */
const TIMEOUT_MS = 60_000;
const NO_LIST = 'the list did not show';

export interface JournalScale {
	entries: number;
	/** The app's first start over the plain rows, until every row was sealed; null if not in time. */
	sealedAfterMs: number | null;
	/** CPU slowdown of the measured steps. */
	rate: number;
	/** Reload of /journal until the newest entry's link is visible. */
	list: Shown;
	/** From then until the whole journal is open: the list says "… of 5000 entries". */
	rest: Shown;
	/** JS heap after a full GC with the whole journal open on /journal; null if it did not open. */
	heapBytes: number | null;
	/** From typing the search until "1 entry found" shows. */
	search: Shown;
	/** Tapping "Mood" in the menu (the journal already open) until the chart shows. */
	moodFromMenu: Shown;
	/** Reloading /mood (the journal opened and decrypted again) until the chart shows. */
	moodReload: Shown;
}

export async function measureJournalAtScale(
	browser: Browser,
	origin: string,
	count: number,
	rate: number
): Promise<JournalScale> {
	const rows = journalEntries(count, Date.now());
	const newest = rows[0]?.id ?? '';
	const context = await phoneContext(browser);
	try {
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await openControlled(page, `${origin}/journal`);
		await waitFor(() => readValue(page, 'meta', SEALED_MARKER).then((v) => v === true));
		await context.setOffline(true);
		for (let i = 0; i < rows.length; i += 500)
			await putRows(page, 'journal', rows.slice(i, i + 500));
		await deleteRow(page, 'meta', SEALED_MARKER);

		const sealStarted = Date.now();
		await page.reload();
		const sealed = await waitFor(async () => {
			const kinds = await journalRowKinds(page);
			const marked = (await readValue(page, 'meta', SEALED_MARKER)) === true;
			return marked && kinds.plain === 0 && kinds.rows === count;
		});
		const sealedAfterMs = sealed ? Date.now() - sealStarted : null;

		await throttle(cdp, rate);
		try {
			const list = await timeToVisible(
				page,
				() => page.reload({ waitUntil: 'commit', timeout: TIMEOUT_MS }),
				page.locator(`main a[href="/journal/${newest}"]`),
				{ timeoutMs: TIMEOUT_MS, navigated: true }
			);
			const rest =
				list.ms !== null
					? await timeToVisible(
							page,
							async () => undefined,
							page.locator('main [role="status"]', { hasText: ` of ${count} entries` }),
							{ timeoutMs: TIMEOUT_MS, navigated: false }
						)
					: skippedStep(NO_LIST);
			// Searching and tapping through need the whole list: when it did not open, not tried.
			const listReady = rest.ms !== null;
			const heapBytes = listReady ? await heapAfterGc(cdp) : null;
			const search = listReady
				? await timeToVisible(
						page,
						() => page.getByLabel('Search your journal').fill(SEARCHED, { timeout: TIMEOUT_MS }),
						page.getByText('1 entry found'),
						{ timeoutMs: TIMEOUT_MS, navigated: false }
					)
				: skippedStep(NO_LIST);
			const moodFromMenu = listReady
				? await timeToVisible(
						page,
						() => page.locator('nav a[href="/mood"]').first().click({ timeout: TIMEOUT_MS }),
						page.locator('main .view'),
						{ timeoutMs: TIMEOUT_MS, navigated: false }
					)
				: skippedStep(NO_LIST);
			// Opening /mood afresh decrypts the same journal: as slow as the list, so tried only if
			// the list showed.
			const moodReload = listReady
				? await timeToVisible(
						page,
						() => page.goto(`${origin}/mood`, { waitUntil: 'commit', timeout: TIMEOUT_MS }),
						page.locator('main .view'),
						{ timeoutMs: TIMEOUT_MS, navigated: true }
					)
				: skippedStep(NO_LIST);
			return {
				entries: count,
				sealedAfterMs,
				rate,
				list,
				rest,
				heapBytes,
				search,
				moodFromMenu,
				moodReload
			};
		} finally {
			await throttle(cdp, 1);
		}
	} finally {
		await context.close();
	}
}

async function throttle(cdp: CDPSession, rate: number): Promise<void> {
	await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** Polls `done` every half second until it holds or the time is up; whether it held. */
async function waitFor(done: () => Promise<boolean>): Promise<boolean> {
	const deadline = Date.now() + TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (await done().catch(() => false)) return true;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	return false;
}
