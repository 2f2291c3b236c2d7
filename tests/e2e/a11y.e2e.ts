import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { phoneContext, useBrowserSuite } from '../support/browser';

const require = createRequire(import.meta.url);

const suite = useBrowserSuite();
let axeSource = '';

beforeAll(async () => {
	axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
});

interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: string[] }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
	// Evaluated through the debugging protocol, so the page's strict CSP need not be loosened.
	await page.evaluate(axeSource);
	const violations = await page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } })
			.axe;
		return (await axe.run()).violations;
	});
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map(
			(v) =>
				`${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
		);
}

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
				for (const v of await seriousViolations(page)) report.push(`${path}: ${v}`);
			}
			await page.goto(suite.app().url + '/crisis');
			await page.getByLabel('Your country').selectOption('GB');
			for (const v of await seriousViolations(page)) report.push(`/crisis with a country: ${v}`);
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
