import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openControlled, phoneContext, useBrowserSuite } from '../support/browser';

const NEUTRAL = 'https://www.google.com/search?q=weather+forecast';

const suite = useBrowserSuite();

/** A context where the neutral page is answered locally: no request ever leaves the machine. */
async function contextWithNeutralPage(): Promise<BrowserContext> {
	const context = await phoneContext(suite.browser());
	await context.route('https://www.google.com/**', (route) =>
		route.fulfill({ contentType: 'text/html', body: '<title>Weather</title><p>Weather</p>' })
	);
	return context;
}

async function expectLeftHearth(page: Page) {
	await page.waitForURL(NEUTRAL);
	// Back must not return to Hearth: its one history entry was replaced by the neutral page.
	await page.goBack().catch(() => null);
	expect(page.url().startsWith(suite.app().url)).toBe(false);
}

describe('quick exit', () => {
	it('leaves at once from the button, and Back does not return', async () => {
		const context = await contextWithNeutralPage();
		const page = await context.newPage();
		await page.goto(suite.app().url);
		await page.getByRole('link', { name: 'Journal', exact: true }).click();
		await page.getByRole('link', { name: 'New entry' }).click();
		await page.getByRole('button', { name: /Leave quickly/ }).click();
		await expectLeftHearth(page);
		await context.close();
	});

	it('leaves when Escape is pressed twice, even while typing', async () => {
		const context = await contextWithNeutralPage();
		const page = await context.newPage();
		await page.goto(suite.app().url + '/journal/new');
		await page.getByLabel('What is on your mind?').fill('private words');
		await page.keyboard.press('Escape');
		await page.keyboard.press('Escape');
		await expectLeftHearth(page);
		await context.close();
	});

	it('does not leave on a single Escape', async () => {
		const context = await contextWithNeutralPage();
		const page = await context.newPage();
		await page.goto(suite.app().url + '/settings');
		await page.keyboard.press('Escape');
		await page.waitForTimeout(1000);
		await page.keyboard.press('Escape');
		expect(new URL(page.url()).origin).toBe(suite.app().url);
		await context.close();
	});
});

describe('crisis help', () => {
	it('is one tap away on every screen and works offline', async () => {
		const context = await phoneContext(suite.browser());
		const page = await context.newPage();
		await openControlled(page, suite.app().url);
		await context.setOffline(true);
		for (const path of ['/', '/journal', '/journal/new', '/mood', '/settings']) {
			await page.goto(suite.app().url + path);
			await page.getByRole('link', { name: /help/i }).first().click();
			await page.getByRole('heading', { name: 'Help right now' }).waitFor();
		}
		await page.getByLabel('Your country').selectOption('GB');
		const call = page.getByRole('link', { name: /^Call 116 123/ });
		expect(await call.getAttribute('href')).toBe('tel:116123');
		await page
			.getByText(/Last confirmed/)
			.first()
			.waitFor();
		// The choice is remembered.
		await page.reload();
		await expect.poll(() => page.getByLabel('Your country').inputValue()).toBe('GB');
		await context.close();
	});

	it('never requests anything from another origin, and breaks no rule of its own CSP or Permissions-Policy', async () => {
		const context = await phoneContext(suite.browser());
		const page = await context.newPage();
		const foreign: string[] = [];
		const consoleErrors: string[] = [];
		page.on('console', (message) => {
			if (message.type() === 'error') consoleErrors.push(message.text());
			// An unknown feature in Permissions-Policy is only a warning, but it protects nothing.
			if (message.text().includes('Permissions-Policy')) consoleErrors.push(message.text());
		});
		page.on('request', (request) => {
			const url = new URL(request.url());
			if (url.origin !== suite.app().url && url.protocol !== 'data:') foreign.push(request.url());
		});
		for (const path of ['/', '/journal', '/journal/new', '/mood', '/crisis', '/settings']) {
			await page.goto(suite.app().url + path);
			await page.locator('main h1').first().waitFor();
			await page.waitForTimeout(500);
		}
		expect(foreign).toEqual([]);
		expect(consoleErrors).toEqual([]);
		await context.close();
	});
});
