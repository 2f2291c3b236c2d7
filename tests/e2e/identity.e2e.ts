// Pseudonymous identity in a real browser, against the whole server (API included): onboarding
// on one phone, restoring that identity on another from its recovery code, a wrong code, a name
// someone already has, and replacing an identity already in use.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { openControlled, phoneContext, useBrowserSuite, waitForPrecache } from '../support/browser';
import { onboard } from '../support/onboarding';

const { app, browser } = useBrowserSuite();

async function newPhone(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
	const context = await phoneContext(browser());
	const page = await context.newPage();
	await page.emulateMedia({ colorScheme });
	return page;
}

/** Onboarding as it starts for a person: the home page's "Set up now" link. */
async function onboardFromHome(page: Page, name: string): Promise<string[]> {
	await page.goto(`${app().url}/`);
	return onboard(page, app().url, name, { viaSetUpLink: true });
}

async function userIdShownIn(page: Page): Promise<string> {
	await page.goto(`${app().url}/settings`);
	const text = (await page.getByTestId('identity-user-id').textContent()) ?? '';
	return /[a-z2-7]{26}/.exec(text)?.[0] ?? '';
}

describe('identity', () => {
	const name = `Heron ${Date.now() % 100_000}`;
	let groups: string[] = [];
	let userId = '';

	it('onboards on a first phone: a name, the code in 14 groups, one group typed back', async () => {
		const page = await newPhone();
		groups = await onboardFromHome(page, name);
		expect(groups).toHaveLength(14);
		for (const group of groups) expect(group).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}$/);
		userId = await userIdShownIn(page);
		expect(userId).toMatch(/^[a-z2-7]{26}$/);
		await expect
			.poll(() => page.getByTestId('identity-name').textContent())
			.toBe(`You are ${name}.`);
		// The set-up card leaves the home page once set-up is done.
		await page.goto(`${app().url}/`);
		await page.getByRole('heading', { level: 1 }).waitFor();
		expect(await page.getByRole('heading', { name: 'Set up your Hearth name' }).count()).toBe(0);
	});

	it('explains a wrong code on a second phone and keeps what was typed', async () => {
		const page = await newPhone();
		await page.goto(`${app().url}/welcome/restore`);
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
		await page.goto(`${app().url}/welcome/restore`);
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
		await onboardFromHome(page, name.toUpperCase());
		const notice = page.getByRole('region', { name: 'That name is taken' });
		await notice.waitFor({ timeout: 15_000 });
		await notice.getByText(`already uses the name “${name.toUpperCase()}”`).waitFor();
		const suggestion = await notice.getByLabel('Display name').inputValue();
		expect(suggestion).toMatch(new RegExp(`^${name.toUpperCase()} \\d\\d$`));
		await notice.getByRole('button', { name: 'Use this name' }).click();
		await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(0);
		await page.goto(`${app().url}/settings`);
		await expect
			.poll(() => page.getByTestId('identity-name').textContent())
			.toBe(`You are ${suggestion}.`);
	});

	it('asks before replacing an identity already in use, saying what happens', async () => {
		const page = await newPhone();
		await onboardFromHome(page, `Wren ${Date.now() % 100_000}`);
		await page.goto(`${app().url}/welcome/restore`);
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
		await openControlled(page, `${app().url}/`);
		await waitForPrecache(page);
		await page.context().setOffline(true);
		const name = `Fern ${Date.now() % 100_000}`;
		// Offline, from the home page already open: the set-up link, with nothing loaded.
		const groups = await onboard(page, app().url, name, { viaSetUpLink: true });
		await page.context().setOffline(false);
		// Another phone restoring this code gets the name back only if the first one registered.
		const other = await newPhone();
		await other.goto(`${app().url}/welcome/restore`);
		await other.getByLabel('Recovery code').fill(groups.join(''));
		await other.getByRole('button', { name: 'Restore my identity' }).click();
		await other.getByRole('heading', { name: 'Welcome back' }).waitFor();
		await expect
			.poll(
				async () => {
					await other.goto(`${app().url}/settings`);
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
			await page.goto(`${app().url}/`);
			await page.getByRole('heading', { name: 'Set up your Hearth name' }).waitFor();
			await check('home with the set-up card');
			await page.goto(`${app().url}/welcome`);
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
			await page.goto(`${app().url}/welcome/restore`);
			await page.getByLabel('Recovery code').fill('abc');
			await page.getByRole('button', { name: 'Restore my identity' }).click();
			await page.getByRole('alert').waitFor();
			await check('restore with a short code');
			await page.goto(`${app().url}/settings`);
			await page.getByRole('heading', { name: 'You on Hearth' }).waitFor();
			await check('settings before set-up');
			expect(report).toEqual([]);
			await page.context().close();
		});
	}
});
