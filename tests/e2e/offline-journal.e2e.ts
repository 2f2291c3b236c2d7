import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
	launchBrowser,
	openControlled,
	phoneContext,
	startApp,
	type TestApp
} from '../support/browser';

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
	app = await startApp();
	browser = await launchBrowser();
	context = await phoneContext(browser);
	page = await context.newPage();
});

afterAll(async () => {
	await browser?.close();
	await app?.close();
});

async function writeEntry(text: string): Promise<string> {
	await page.getByRole('link', { name: 'Journal', exact: true }).click();
	await page.getByRole('link', { name: 'New entry' }).click();
	await page.getByLabel('What is on your mind?').fill(text);
	await page.getByText('Saved on this device').waitFor();
	await page.waitForURL(/\/journal\/(?!new$)[a-z0-9]+$/);
	return new URL(page.url()).pathname;
}

describe('the journal with no connection', () => {
	let entryPath = '';

	it('is controlled by the service worker after the first visit', async () => {
		await openControlled(page, app.url);
		await expect(page.getByRole('heading', { level: 1 })).toBeTruthy();
		const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
		expect(controlled).toBe(true);
	});

	it('opens, saves and finds an entry after going offline and reloading', async () => {
		await context.setOffline(true);
		await page.reload();
		await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
		entryPath = await writeEntry('Walked to the river at dusk. The heron was back.');
		await page.reload();
		await expect
			.poll(() => page.getByLabel('What is on your mind?').inputValue())
			.toBe('Walked to the river at dusk. The heron was back.');

		await page.getByRole('link', { name: 'Journal', exact: true }).click();
		await page.getByLabel('Search your journal').fill('heron');
		await expect.poll(() => page.getByText('1 entry found').count()).toBe(1);
		await expect.poll(() => page.locator('mark').first().textContent()).toMatch(/heron/i);
	});

	it('starts cold, offline, straight onto a deep link', async () => {
		expect(entryPath).toMatch(/^\/journal\//);
		await page.close();
		await app.stop(); // not only emulated: the server is gone
		page = await context.newPage();
		await page.goto(app.url + entryPath);
		await expect
			.poll(() => page.getByLabel('What is on your mind?').inputValue())
			.toContain('heron');
		await page.goto(app.url + '/crisis');
		await page.getByRole('heading', { name: 'Help right now' }).waitFor();
		await app.restart();
		await context.setOffline(false);
	});

	it('keeps the words typed up to a second before the tab is killed', async () => {
		await page.goto(app.url + '/journal/new');
		const text = 'Written just before the battery died';
		await page.getByLabel('What is on your mind?').pressSequentially(text, { delay: 15 });
		await page.waitForTimeout(1100);
		// Crash the renderer, as when the system kills a tab: no unload handlers run.
		const cdp = await context.newCDPSession(page);
		const crashed = page.waitForEvent('crash');
		void cdp.send('Page.crash').catch(() => undefined);
		await crashed;
		await page.close();
		page = await context.newPage();
		await page.goto(app.url + '/journal');
		await expect.poll(() => page.getByText(text).count(), { timeout: 10_000 }).toBe(1);
	});

	it('deletes an entry, undoes it, and deletes it for real', async () => {
		const path = await writeEntry('An entry to delete');
		await page.getByRole('button', { name: 'Delete entry' }).click();
		await page.waitForURL(/\/journal$/);
		await page.getByRole('button', { name: 'Undo' }).click();
		await expect.poll(() => page.getByText('An entry to delete').count()).toBe(1);
		await page.goto(app.url + path);
		await page.getByRole('button', { name: 'Delete entry' }).click();
		await page.waitForURL(/\/journal$/);
		await page.reload();
		await expect.poll(() => page.getByText('An entry to delete').count()).toBe(0);
		await page.goto(app.url + path);
		await page.getByText('This entry is not on this device').waitFor();
	});
});
