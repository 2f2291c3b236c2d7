/**
 * Onboarding as a person goes through it in the browser: a display name, the recovery code shown
 * in 14 groups, and the one group the app asks to have typed back.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openControlled, phoneContext } from './browser';

export interface OnboardOptions {
	/**
	 * Start by following the "Set up now" link on the page already open, as a person would from
	 * the home page, instead of loading /welcome; nothing is loaded, so it also works offline.
	 */
	viaSetUpLink?: boolean;
}

/** Sets up an identity on this page's device; returns the recovery code's groups as shown. */
export async function onboard(
	page: Page,
	origin: string,
	name: string,
	{ viaSetUpLink = false }: OnboardOptions = {}
): Promise<string[]> {
	if (viaSetUpLink) await page.getByRole('link', { name: 'Set up now' }).click();
	else await page.goto(`${origin}/welcome`);
	await page.getByRole('heading', { name: 'Welcome to Hearth' }).waitFor();
	await page.getByRole('button', { name: 'Choose my name' }).click();
	await page.getByLabel('Display name').fill(name);
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('heading', { name: 'Your recovery code' }).waitFor();
	const groups = await page.getByTestId('recovery-code').locator('code').allTextContents();
	await page.getByRole('button', { name: 'I have saved it' }).click();
	const label = (await page.locator('label[for="confirm-group"]').textContent()) ?? '';
	const group = Number(/\d+/.exec(label)?.[0]);
	// Typed back the way a person might: lower case, with stray spaces.
	await page.getByLabel(`Group ${group}`).fill(` ${groups[group - 1]?.toLowerCase()} `);
	await page.getByRole('button', { name: 'Check' }).click();
	await page.getByRole('heading', { name: `You are all set, ${name}` }).waitFor();
	return groups;
}

export interface Phone {
	context: BrowserContext;
	page: Page;
}

/**
 * A person on a phone of their own: the app controlled by its service worker (so it opens with no
 * connection later), set up with `name`, and a member of `communityId` (its guidelines accepted).
 */
export async function phoneInCommunity(
	browser: Browser,
	origin: string,
	name: string,
	communityId = 'anxiety'
): Promise<Phone> {
	const context = await phoneContext(browser);
	const page = await context.newPage();
	await openControlled(page, origin);
	await onboard(page, origin, name);
	await page.goto(`${origin}/communities/${communityId}/about`);
	await page.getByRole('button', { name: 'Accept the guidelines and join' }).click();
	await page.waitForURL(new RegExp(`/communities/${communityId}$`));
	return { context, page };
}
