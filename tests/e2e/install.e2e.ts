import { describe, expect, it } from 'vitest';
import { openControlled, phoneContext, useBrowserSuite } from '../support/browser';

const suite = useBrowserSuite();

describe('installing', () => {
	it('has a manifest Chromium accepts for installing', async () => {
		const context = await phoneContext(suite.browser());
		const page = await context.newPage();
		await openControlled(page, suite.app().url);
		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
		// Test contexts are incognito, where Chromium never offers to install; every other reason
		// it could give (manifest fields, icons, service worker, start URL) must be absent.
		const errors = installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
		expect(errors).toEqual([]);

		const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
		expect(manifest).toMatchObject({
			name: expect.stringContaining('Hearth'),
			short_name: 'Hearth',
			display: 'standalone',
			start_url: '/',
			scope: '/'
		});
		const purposes = manifest.icons.map(
			(icon: { sizes: string; purpose: string }) => `${icon.sizes} ${icon.purpose}`
		);
		expect(purposes).toEqual(
			expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable'])
		);
		await context.close();
	});

	it('says in settings how much space Hearth uses and whether the browser keeps it', async () => {
		const context = await phoneContext(suite.browser());
		const page = await context.newPage();
		await page.goto(suite.app().url + '/settings');
		await page.getByText(/Hearth uses about/).waitFor();
		await page
			.getByText(/promised to keep|agreed to keep|does not say whether/)
			.first()
			.waitFor();
		await context.close();
	});
});
