// A journal kept on two of one person's phones, end-to-end encrypted, against the whole server.
// Phone A sets up and writes; phone B is linked with a code and finds A's entry; B writes and A
// sees it. The server's files (database and write-ahead log) hold none of the words. Then A
// unlinks B: the journal key is rotated, and what A writes next never opens on B, which says it
// was unlinked.
import type { BrowserContext, Page } from 'playwright-core';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { phoneContext, useBrowserSuite } from '../support/browser';
import { onboard } from '../support/onboarding';

const suite = useBrowserSuite();

const ENTRY_LABEL = 'What is on your mind?';
const SLOW = { timeout: 20_000 };

async function newPhone(contexts: BrowserContext[]): Promise<Page> {
	const context = await phoneContext(suite.browser());
	contexts.push(context);
	return context.newPage();
}

async function writeEntry(page: Page, url: string, text: string): Promise<void> {
	await page.goto(url + '/journal/new');
	await page.getByLabel(ENTRY_LABEL).fill(text);
	await page.waitForURL(/\/journal\/(?!new$)[a-z0-9]+$/);
	await page.getByText('Saved on this device').waitFor();
}

/** Every byte the server keeps, from every file in its data folder. */
async function serverBytes(dir: string): Promise<string> {
	const names = await readdir(dir, { recursive: true });
	const parts = await Promise.all(
		names.map((name) => readFile(join(dir, name)).catch(() => Buffer.alloc(0)))
	);
	return Buffer.concat(parts).toString('latin1');
}

async function waitUpToDate(page: Page, url: string): Promise<void> {
	await page.goto(url + '/settings');
	await page.locator('#journal-sync-heading').waitFor();
	await page.getByText('Up to date.').waitFor(SLOW);
}

describe('a journal on two linked phones', () => {
	const stamp = Date.now() % 100_000;
	const fromA = `Morning walk by the canal ${stamp}`;
	const fromB = `Evening call with my sister ${stamp}`;
	const afterUnlink = `Written after the old phone went ${stamp}`;
	const contexts: BrowserContext[] = [];
	const url = (path = '') => suite.app().url + path;
	let phoneA: Page;
	let phoneB: Page;

	afterAll(async () => {
		await Promise.all(contexts.map((context) => context.close()));
	});

	it('links a second phone, which then finds the first phone’s entry', async () => {
		phoneA = await newPhone(contexts);
		await onboard(phoneA, url(), `Ash ${stamp}`);
		await writeEntry(phoneA, url(), fromA);
		await phoneA.goto(url('/settings'));
		const section = phoneA.locator('#your-devices');
		await section.getByRole('button', { name: 'Link another phone' }).click();
		await section.getByRole('heading', { name: 'Your link code' }).waitFor(SLOW);
		const groups = await section.getByTestId('link-code').locator('code').allTextContents();
		expect(groups).toHaveLength(9);
		// Linking turned the journal's sync on: A's entry goes to the server, sealed.
		await waitUpToDate(phoneA, url());

		phoneB = await newPhone(contexts);
		await phoneB.goto(url('/welcome/link'));
		await phoneB.getByLabel('Link code').fill(groups.join('-'));
		await phoneB.getByRole('button', { name: 'Link this phone' }).click();
		await phoneB.getByRole('heading', { name: 'This phone is linked' }).waitFor(SLOW);
		await phoneB.goto(url('/journal'));
		await phoneB.getByText(fromA).waitFor(SLOW);
	});

	it('carries what the second phone writes back to the first', async () => {
		await writeEntry(phoneB, url(), fromB);
		await waitUpToDate(phoneB, url());
		await phoneA.goto(url('/journal'));
		await phoneA.getByText(fromB).waitFor(SLOW);
		await phoneA.getByText(fromA).waitFor();
	});

	it('leaves no word of either entry in the server’s files', async () => {
		const bytes = await serverBytes(suite.app().dataDir);
		expect(bytes.length).toBeGreaterThan(0);
		for (const words of [fromA, fromB, 'canal', 'sister']) {
			expect(bytes).not.toContain(words);
		}
	});

	it('unlinks the second phone: what is written next never opens there', async () => {
		await phoneA.goto(url('/settings'));
		const section = phoneA.locator('section', {
			has: phoneA.locator('#journal-sync-heading')
		});
		await section.getByText('(this phone)').waitFor(SLOW);
		const unlink = section.getByRole('button', { name: /^Unlink / });
		await expect.poll(() => unlink.count(), SLOW).toBe(1);
		expect(await seriousViolations(phoneA, 'settings, linked phones')).toEqual([]);
		await unlink.click();
		await section.getByRole('button', { name: 'Unlink it' }).click();
		await section
			.getByText(/is unlinked\. It can’t read what you write from now on\./)
			.waitFor(SLOW);
		await expect.poll(() => unlink.count()).toBe(0);

		await writeEntry(phoneA, url(), afterUnlink);
		await waitUpToDate(phoneA, url());

		await phoneB.goto(url('/settings'));
		await phoneB.getByText('This phone was unlinked from your journal').waitFor(SLOW);
		await phoneB.goto(url('/journal'));
		await phoneB.getByText(fromA).waitFor(SLOW);
		expect(await phoneB.getByText(afterUnlink).count()).toBe(0);
		expect(await phoneB.content()).not.toContain(afterUnlink);
	});
});
