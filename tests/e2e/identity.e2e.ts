// Pseudonymous identity in a real browser, against the whole server (API included): onboarding
// on one phone, restoring that identity on another from its recovery code, a wrong code, a name
// someone already has, and replacing an identity already in use.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_COMMUNITIES_FILE } from '../../server/api/communities';
import { assembleServer } from '../../server/assemble-server';
import type { HearthServer, ListeningServer } from '../../server/create-server';
import { silentLogger } from '../../server/logger';
import { launchBrowser, openControlled, phoneContext, waitForPrecache } from '../support/browser';

let work = '';
let server: HearthServer | undefined;
let listening: ListeningServer | undefined;
let url = '';
let browser: Browser;
let axeSource = '';

beforeAll(async () => {
	work = await mkdtemp(join(tmpdir(), 'hearth-identity-e2e-'));
	const buildDir = join(work, 'build');
	await cp(inject('buildDir'), buildDir, { recursive: true });
	server = await assembleServer({
		buildDir,
		dataDir: join(work, 'data'),
		communitiesFile: DEFAULT_COMMUNITIES_FILE,
		log: silentLogger,
		buildPollMs: 0
	});
	listening = await server.listen(0, '127.0.0.1');
	// localhost, as a person's browser would name it: sign-ins are signed for this origin.
	url = `http://localhost:${listening.port}`;
	browser = await launchBrowser();
	axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
});

afterAll(async () => {
	await browser?.close();
	await server?.close();
	if (work) await rm(work, { recursive: true, force: true });
});

async function newPhone(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
	const context = await phoneContext(browser);
	const page = await context.newPage();
	await page.emulateMedia({ colorScheme });
	return page;
}

interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: string[] }[];
}

/** axe-core's serious and critical findings on the page as it is now, one line each. */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
	// Evaluated through the debugging protocol, so the page's strict CSP need not be loosened.
	await page.evaluate(axeSource);
	const violations = await page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } })
			.axe;
		return (await axe.run()).violations;
	});
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${where}: ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' '))}`);
}

/** Goes through onboarding; returns the recovery code's 14 groups as shown. */
async function onboard(page: Page, name: string, open = true): Promise<string[]> {
	if (open) await page.goto(`${url}/`);
	await page.getByRole('link', { name: 'Set up now' }).click();
	await page.getByRole('heading', { name: 'Welcome to Hearth' }).waitFor();
	await page.getByRole('button', { name: 'Choose my name' }).click();
	await page.getByLabel('Display name').fill(name);
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('heading', { name: 'Your recovery code' }).waitFor();
	const groups = await page.getByTestId('recovery-code').locator('code').allTextContents();
	await page.getByRole('button', { name: 'I have saved it' }).click();
	const label = (await page.locator('label[for="confirm-group"]').textContent()) ?? '';
	const group = Number(/\d+/.exec(label)?.[0]);
	await page.getByLabel(`Group ${group}`).fill(` ${groups[group - 1]?.toLowerCase()} `);
	await page.getByRole('button', { name: 'Check' }).click();
	await page.getByRole('heading', { name: `You are all set, ${name}` }).waitFor();
	return groups;
}

async function userIdShownIn(page: Page): Promise<string> {
	await page.goto(`${url}/settings`);
	const text = (await page.getByTestId('identity-user-id').textContent()) ?? '';
	return /[a-z2-7]{26}/.exec(text)?.[0] ?? '';
}

describe('identity', () => {
	const name = `Heron ${Date.now() % 100_000}`;
	let groups: string[] = [];
	let userId = '';

	it('onboards on a first phone: a name, the code in 14 groups, one group typed back', async () => {
		const page = await newPhone();
		groups = await onboard(page, name);
		expect(groups).toHaveLength(14);
		for (const group of groups) expect(group).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}$/);
		userId = await userIdShownIn(page);
		expect(userId).toMatch(/^[a-z2-7]{26}$/);
		await expect
			.poll(() => page.getByTestId('identity-name').textContent())
			.toBe(`You are ${name}.`);
		// The set-up card leaves the home page once set-up is done.
		await page.goto(`${url}/`);
		await page.getByRole('heading', { level: 1 }).waitFor();
		expect(await page.getByRole('heading', { name: 'Set up your Hearth name' }).count()).toBe(0);
	});

	it('explains a wrong code on a second phone and keeps what was typed', async () => {
		const page = await newPhone();
		await page.goto(`${url}/welcome/restore`);
		const box = page.getByLabel('Recovery code');
		const short = groups.slice(0, 13).join(' ');
		await box.fill(short);
		await page.getByRole('button', { name: 'Restore my identity' }).click();
		await page.getByText('A recovery code has 56 letters and numbers; this one has 52.').waitFor();
		expect(await box.inputValue()).toBe(short);

		const first = groups[0] ?? '';
		const typo = [(first[0] === 'A' ? 'B' : 'A') + first.slice(1), ...groups.slice(1)].join('-');
		await box.fill(typo);
		await page.getByRole('button', { name: 'Restore my identity' }).click();
		await page.getByText('This code does not add up').waitFor();
		expect(await box.inputValue()).toBe(typo);
	});

	it('restores the same identity on a second phone, and the name comes back', async () => {
		const page = await newPhone();
		await page.goto(`${url}/welcome/restore`);
		await page.getByLabel('Recovery code').fill(groups.join(' ').toLowerCase());
		await page.getByRole('button', { name: 'Restore my identity' }).click();
		await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
		expect(await userIdShownIn(page)).toBe(userId);
		await expect
			.poll(() => page.getByTestId('identity-name').textContent(), { timeout: 15_000 })
			.toBe(`You are ${name}.`);
	});

	it('asks for another name when someone already has it, suggesting one', async () => {
		const page = await newPhone();
		await onboard(page, name.toUpperCase());
		const notice = page.getByRole('region', { name: 'That name is taken' });
		await notice.waitFor({ timeout: 15_000 });
		await notice.getByText(`already uses the name “${name.toUpperCase()}”`).waitFor();
		const suggestion = await notice.getByLabel('Display name').inputValue();
		expect(suggestion).toMatch(new RegExp(`^${name.toUpperCase()} \\d\\d$`));
		await notice.getByRole('button', { name: 'Use this name' }).click();
		await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(0);
		await page.goto(`${url}/settings`);
		await expect
			.poll(() => page.getByTestId('identity-name').textContent())
			.toBe(`You are ${suggestion}.`);
	});

	it('asks before replacing an identity already in use, saying what happens', async () => {
		const page = await newPhone();
		await onboard(page, `Wren ${Date.now() % 100_000}`);
		await page.goto(`${url}/welcome/restore`);
		await page.getByLabel('Recovery code').fill(groups.join('-'));
		await page.getByRole('button', { name: 'Restore my identity' }).click();
		const dialog = page.getByRole('alertdialog', { name: 'Replace the identity on this phone?' });
		await dialog.getByText('Your journal on this phone is not affected.').waitFor();
		await dialog.getByRole('button', { name: 'Yes, replace it' }).click();
		await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
		expect(await userIdShownIn(page)).toBe(userId);
	});
});

describe('before the phone has ever reached the server', () => {
	it('sets up offline, and registers when the connection comes back', async () => {
		const page = await newPhone();
		await openControlled(page, `${url}/`);
		await waitForPrecache(page);
		await page.context().setOffline(true);
		const name = `Fern ${Date.now() % 100_000}`;
		const groups = await onboard(page, name, false);
		await page.context().setOffline(false);
		// Another phone restoring this code gets the name back only if the first one registered.
		const other = await newPhone();
		await other.goto(`${url}/welcome/restore`);
		await other.getByLabel('Recovery code').fill(groups.join(''));
		await other.getByRole('button', { name: 'Restore my identity' }).click();
		await other.getByRole('heading', { name: 'Welcome back' }).waitFor();
		await expect
			.poll(
				async () => {
					await other.goto(`${url}/settings`);
					return other.getByTestId('identity-name').textContent();
				},
				{ timeout: 20_000, interval: 1000 }
			)
			.toBe(`You are ${name}.`);
	});
});

describe('identity screens, for everyone', () => {
	for (const scheme of ['light', 'dark'] as const) {
		it(`have no serious or critical axe violations (${scheme})`, async () => {
			const page = await newPhone(scheme);
			const report: string[] = [];
			const check = async (where: string) => report.push(...(await seriousViolations(page, where)));
			await page.goto(`${url}/`);
			await page.getByRole('heading', { name: 'Set up your Hearth name' }).waitFor();
			await check('home with the set-up card');
			await page.goto(`${url}/welcome`);
			await page.getByRole('heading', { name: 'Welcome to Hearth' }).waitFor();
			await check('welcome');
			await page.getByRole('button', { name: 'Choose my name' }).click();
			await page.getByRole('button', { name: 'Continue' }).click();
			await page.getByRole('alert').waitFor();
			await check('a name left empty');
			await page.getByLabel('Display name').fill(`Moss ${scheme} ${Date.now() % 100_000}`);
			await page.getByRole('button', { name: 'Continue' }).click();
			await page.getByRole('heading', { name: 'Your recovery code' }).waitFor();
			await check('the recovery code');
			await page.getByRole('button', { name: 'I have saved it' }).click();
			await page.getByRole('button', { name: 'Check' }).click();
			await page.getByRole('alert').waitFor();
			await check('a group left empty');
			await page.goto(`${url}/welcome/restore`);
			await page.getByLabel('Recovery code').fill('abc');
			await page.getByRole('button', { name: 'Restore my identity' }).click();
			await page.getByRole('alert').waitFor();
			await check('restore with a short code');
			await page.goto(`${url}/settings`);
			await page.getByRole('heading', { name: 'You on Hearth' }).waitFor();
			await check('settings before set-up');
			expect(report).toEqual([]);
			await page.context().close();
		});
	}
});
