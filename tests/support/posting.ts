/**
 * Writing in a community the way a person does, for browser tests: start a thread from the
 * community page, or reply on a thread page.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** From a community's page: starts a thread and returns its page's path once it shows. */
export async function startThread(page: Page, title: string, body: string): Promise<string> {
	await page.getByRole('link', { name: 'Start a thread' }).click();
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('What would you like to share?').fill(body);
	await page.getByRole('button', { name: 'Post' }).click();
	await page.waitForURL(/\/communities\/anxiety\/t\/[a-z0-9]+$/);
	return new URL(page.url()).pathname;
}

/** On a thread's page: replies, and waits until the form has taken it. */
export async function reply(page: Page, body: string): Promise<void> {
	await page.getByLabel('Your reply').fill(body);
	await page.getByRole('button', { name: 'Reply', exact: true }).click();
	await expect.poll(() => page.getByLabel('Your reply').inputValue()).toBe('');
}
