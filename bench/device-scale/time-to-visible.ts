/**
 * How long until something shows, timed from Node: the clock starts when the navigation (or the
 * tap, or the typing) is sent and stops when Playwright sees the element visible (in the DOM, laid
 * out, with a size). Playwright checks on each animation frame, so the figure includes the frame
 * that drew it, plus a few ms of the protocol's round trip: slightly pessimistic, never flattering.
 *
 * Beside it, the page's own clock read just after (`performance.now()`, ms since the navigation
 * began) as a cross-check for reloads. It is read when the page next answers, so it runs later
 * than the Node figure by however long the page stayed busy after drawing: that gap is itself
 * worth seeing (work still running after the first screen).
 *
 * A wait is bounded: what did not show in time is reported as such, never thrown, with the first
 * words the page showed instead, so a slow screen reads differently from a broken one.
 */
import type { Locator, Page } from 'playwright-core';

export interface Shown {
	/** Ms from the action to the element visible, by Node's clock; null if not within the wait. */
	ms: number | null;
	/** The page's clock when it was seen (ms since its navigation began), for reloads only. */
	pageMs: number | null;
	/** How long the benchmark was ready to wait. */
	timeoutMs: number;
	/** When it did not show: the start of what the page showed instead. */
	showing: string | null;
	/** Why the step was not tried (what it needs did not show); null when it was. */
	skipped: string | null;
}

/** A step not tried, and why: it needs a screen that did not show in time. */
export function skippedStep(reason: string): Shown {
	return { ms: null, pageMs: null, timeoutMs: 0, showing: null, skipped: reason };
}

/**
 * Runs `action` (a navigation, a tap, typing) and waits up to `timeoutMs` for `target` to be
 * visible. `navigated` says whether `action` started a new document, so the page's clock means
 * "since the navigation".
 */
export async function timeToVisible(
	page: Page,
	action: () => Promise<unknown>,
	target: Locator,
	options: { timeoutMs: number; navigated: boolean }
): Promise<Shown> {
	const started = performance.now();
	try {
		await action();
		await target.first().waitFor({ state: 'visible', timeout: options.timeoutMs });
	} catch {
		// The navigation itself can time out on a page this busy: the same "not in time".
		return {
			ms: null,
			pageMs: null,
			timeoutMs: options.timeoutMs,
			showing: await showing(page),
			skipped: null
		};
	}
	const ms = performance.now() - started;
	const pageMs = options.navigated
		? await page.evaluate(() => performance.now()).catch(() => null)
		: null;
	return { ms, pageMs, timeoutMs: options.timeoutMs, showing: null, skipped: null };
}

/** The first words of the page's main region, for a screen that did not show in time. */
async function showing(page: Page): Promise<string> {
	const text = await page
		.locator('main')
		.innerText({ timeout: 5_000 })
		.catch(() => '(the page did not answer)');
	return text.replace(/\s+/g, ' ').trim().slice(0, 80);
}

/** "1234", "not shown within 60 s" or "skipped: …", for a table cell. */
export function shownCell(shown: Shown): string | number {
	if (shown.skipped !== null) return `skipped: ${shown.skipped}`;
	return shown.ms === null
		? `not shown within ${Math.round(shown.timeoutMs / 1000)} s`
		: Math.round(shown.ms);
}
