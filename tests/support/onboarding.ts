/**
 * Onboarding as a person goes through it in the browser: a display name, the recovery code shown
 * in 14 groups, and the one group the app asks to have typed back.
 */
import type { Page } from 'playwright-core';

/** Sets up an identity on this page's device; returns the recovery code's groups as shown. */
export async function onboard(page: Page, origin: string, name: string): Promise<string[]> {
	await page.goto(`${origin}/welcome`);
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
