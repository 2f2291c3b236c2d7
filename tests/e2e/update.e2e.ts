import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openControlled, phoneContext, useBrowserSuite } from '../support/browser';

const suite = useBrowserSuite();

const version = (page: Page): Promise<string> =>
	page.evaluate(
		async () => (await (await fetch('/_app/version.json', { cache: 'no-store' })).json()).version
	);

describe('updates', () => {
	it('offers a new version with a banner, and reloads only the tab that accepts it', async () => {
		const context = await phoneContext(suite.browser());
		const first = await context.newPage();
		await openControlled(first, suite.app().url + '/journal/new');
		const second = await context.newPage();
		await second.goto(suite.app().url + '/settings');
		const oldVersion = await version(first);

		await suite.app().deploy(inject('nextBuildDir'));
		const newVersion = await version(first);
		expect(newVersion).not.toBe(oldVersion);

		// Coming back to the app looks for an update; emulate that by asking the registration.
		await first.evaluate(async () => (await navigator.serviceWorker.ready).update());
		const banner = first.getByText('A new version of Hearth is ready.');
		await banner.waitFor({ timeout: 30_000 });

		// It never reloads by itself: the page and what is typed are still there.
		await first.getByLabel('What is on your mind?').fill('Half a thought');
		await expect
			.poll(() => first.getByLabel('What is on your mind?').inputValue())
			.toBe('Half a thought');

		let secondReloaded = false;
		second.on('framenavigated', (frame) => {
			if (frame === second.mainFrame()) secondReloaded = true;
		});
		// While typing, the banner waits.
		await expect.poll(() => banner.count()).toBe(0);
		await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(1);
		await Promise.all([
			first.waitForEvent('load'),
			first.getByRole('button', { name: 'Reload now' }).click()
		]);
		// The reloaded tab runs the new build, and what was typed before the reload was kept.
		await expect
			.poll(() => first.getByLabel('What is on your mind?').inputValue())
			.toBe('Half a thought');
		await first.getByRole('link', { name: 'Settings' }).click();
		await first.getByText(`Version ${newVersion}`).waitFor();

		// The other tab was not reloaded; it says an update happened elsewhere, and still works.
		expect(secondReloaded).toBe(false);
		await second.getByText('Hearth was updated in another tab').waitFor({ timeout: 15_000 });
		await second.getByRole('link', { name: 'Journal', exact: true }).click();
		// Settings has a "Journal" heading too: the journal page is known by its address first.
		await second.waitForURL(/\/journal$/);
		await second.getByRole('heading', { name: 'Journal', exact: true, level: 1 }).waitFor();
		await context.close();
	});
});
