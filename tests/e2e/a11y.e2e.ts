import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_COMMUNITIES_FILE } from '../../server/api/communities';
import { assembleServer } from '../../server/assemble-server';
import type { HearthServer } from '../../server/create-server';
import { silentLogger } from '../../server/logger';
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

// The community pages need the whole server (API and sync) and a person who is set up and has
// joined, so they get a server of their own.
describe('accessibility of the community pages', () => {
	let work = '';
	let server: HearthServer | undefined;
	let url = '';

	beforeAll(async () => {
		work = await mkdtemp(join(tmpdir(), 'hearth-a11y-communities-'));
		const buildDir = join(work, 'build');
		await cp(inject('buildDir'), buildDir, { recursive: true });
		server = await assembleServer({
			buildDir,
			dataDir: join(work, 'data'),
			communitiesFile: DEFAULT_COMMUNITIES_FILE,
			log: silentLogger,
			buildPollMs: 0
		});
		url = `http://localhost:${(await server.listen(0, '127.0.0.1')).port}`;
	});

	afterAll(async () => {
		await server?.close();
		if (work) await rm(work, { recursive: true, force: true });
	});

	async function onboard(page: Page, name: string) {
		await page.goto(`${url}/welcome`);
		await page.getByRole('button', { name: 'Choose my name' }).click();
		await page.getByLabel('Display name').fill(name);
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.getByRole('heading', { name: 'Your recovery code' }).waitFor();
		const groups = await page.getByTestId('recovery-code').locator('code').allTextContents();
		await page.getByRole('button', { name: 'I have saved it' }).click();
		const label = (await page.locator('label[for="confirm-group"]').textContent()) ?? '';
		const group = Number(/\d+/.exec(label)?.[0]);
		await page.getByLabel(`Group ${group}`).fill(groups[group - 1] ?? '');
		await page.getByRole('button', { name: 'Check' }).click();
		await page.getByRole('heading', { name: `You are all set, ${name}` }).waitFor();
	}

	for (const scheme of ['light', 'dark'] as const) {
		it(`has no serious or critical axe violations (${scheme})`, async () => {
			const context = await phoneContext(suite.browser());
			const page = await context.newPage();
			await page.emulateMedia({ colorScheme: scheme });
			const report: string[] = [];
			const audit = async (label: string) => {
				for (const v of await seriousViolations(page)) report.push(`${label}: ${v}`);
			};

			// Before set-up: the kind card in place of the join button.
			await page.goto(`${url}/communities/anxiety/about`);
			await page.getByRole('link', { name: 'Set up now' }).waitFor();
			await audit('/communities/anxiety/about before set-up');

			await onboard(page, `Kestrel ${scheme} ${Date.now() % 100_000}`);
			await page.goto(`${url}/communities`);
			await page.getByRole('link', { name: 'Anxiety' }).first().waitFor();
			await audit('/communities');
			await page.goto(`${url}/communities/anxiety/about`);
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
			await page.goto(`${url}/activity`);
			await page.locator('main h1').waitFor();
			await audit('/activity');

			expect(report).toEqual([]);
			await context.close();
		});
	}
});
