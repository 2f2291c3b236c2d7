import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { phoneContext, useBrowserSuite } from '../support/browser';
import { onboard } from '../support/onboarding';

const suite = useBrowserSuite();

async function seedEntry(page: Page) {
	await page.goto(suite.app().url + '/journal/new');
	await page.getByLabel('What is on your mind?').fill('A calm evening. #grateful');
	await page.getByRole('radio', { name: 'Good', exact: true }).check();
	await page.getByRole('button', { name: 'calm' }).click();
	await page.getByText('Saved on this device').waitFor();
}

describe('accessibility', () => {
	for (const scheme of ['light', 'dark'] as const) {
		it(`has no serious or critical axe violations on any page (${scheme})`, async () => {
			const context = await phoneContext(suite.browser());
			const page = await context.newPage();
			await page.emulateMedia({ colorScheme: scheme });
			await seedEntry(page);
			const entryPath = new URL(page.url()).pathname;
			const report: string[] = [];
			for (const path of [
				'/',
				'/journal',
				'/journal/new',
				entryPath,
				'/mood',
				'/crisis',
				'/settings',
				'/no-such-page'
			]) {
				await page.goto(suite.app().url + path);
				await page.locator('main h1').first().waitFor();
				report.push(...(await seriousViolations(page, path)));
			}
			await page.goto(suite.app().url + '/crisis');
			await page.getByLabel('Your country').selectOption('GB');
			report.push(...(await seriousViolations(page, '/crisis with a country')));
			expect(report).toEqual([]);
			await context.close();
		});
	}

	it('can be used by keyboard alone: skip link, then write an entry', async () => {
		const context = await phoneContext(suite.browser());
		const page = await context.newPage();
		await page.goto(suite.app().url + '/journal/new');
		await page.getByLabel('What is on your mind?').waitFor();
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.textContent)).toContain(
			'Skip to main content'
		);
		await page.keyboard.press('Enter');
		let reached = false;
		for (let i = 0; i < 30 && !reached; i++) {
			await page.keyboard.press('Tab');
			reached = await page.evaluate(() => document.activeElement?.id === 'entry-text');
		}
		expect(reached).toBe(true);
		await page.keyboard.type('Typed with the keyboard');
		await page.getByText('Saved on this device').waitFor();
		await context.close();
	});
});

// The community pages, as a person who is set up and has joined sees them.
describe('accessibility of the community pages', () => {
	for (const scheme of ['light', 'dark'] as const) {
		it(`has no serious or critical axe violations (${scheme})`, async () => {
			const context = await phoneContext(suite.browser());
			const page = await context.newPage();
			await page.emulateMedia({ colorScheme: scheme });
			const report: string[] = [];
			const audit = async (label: string) => {
				report.push(...(await seriousViolations(page, label)));
			};

			// Before set-up: the kind card in place of the join button.
			await page.goto(`${suite.app().url}/communities/anxiety/about`);
			await page.getByRole('link', { name: 'Set up now' }).waitFor();
			await audit('/communities/anxiety/about before set-up');

			await onboard(page, suite.app().url, `Kestrel ${scheme} ${Date.now() % 100_000}`);
			await page.goto(`${suite.app().url}/communities`);
			await page.getByRole('link', { name: 'Anxiety' }).first().waitFor();
			await audit('/communities');
			await page.goto(`${suite.app().url}/communities/anxiety/about`);
			await page.getByRole('button', { name: 'Accept the guidelines and join' }).click();
			await page.waitForURL(/\/communities\/anxiety$/);
			await page.getByRole('heading', { level: 1, name: 'Anxiety' }).waitFor();
			await audit('/communities/anxiety (empty)');

			await page.getByRole('link', { name: 'Start a thread' }).click();
			await page.getByRole('button', { name: 'Post' }).click();
			await page.getByText('Please give your thread a title.').waitFor();
			await audit('/communities/anxiety/new with problems');
			await page.getByLabel('Title').fill('A hard anniversary');
			await page.getByLabel('What would you like to share?').fill('It has been a year today.');
			await page.getByLabel('Content note (optional)').fill('loss');
			await page.getByLabel('Tags (optional)').fill('grief');
			await page.getByRole('button', { name: 'Post' }).click();
			await page.waitForURL(/\/t\/[a-z0-9]+$/);
			await page.getByRole('heading', { level: 1 }).waitFor();
			await audit('a thread with a content note, folded');
			await page
				.getByRole('button', { name: /Content note: loss/ })
				.first()
				.click();
			await page.getByLabel('Your reply').fill('Thinking of you today.');
			await page.getByRole('button', { name: 'Reply', exact: true }).click();
			await page.getByRole('region', { name: 'Replies' }).getByRole('article').waitFor();
			await page
				.getByRole('button', { name: /^I hear you/ })
				.first()
				.click();
			await audit('a thread with a reply and a response');
			await page
				.getByRole('region', { name: 'Replies' })
				.getByRole('button', { name: 'Delete' })
				.click();
			await audit('a thread asking before deleting a reply');

			await page.getByRole('link', { name: 'Back to Anxiety' }).click();
			await page.getByRole('link', { name: 'Start a thread' }).waitFor();
			await audit('/communities/anxiety with threads');
			await page.getByLabel('Search this community').fill('today');
			await page.getByText(/\d+ match/).waitFor();
			await audit('/communities/anxiety searching');
			await page.goto(`${suite.app().url}/activity`);
			await page.locator('main h1').waitFor();
			await audit('/activity');

			expect(report).toEqual([]);
			await context.close();
		});
	}
});
