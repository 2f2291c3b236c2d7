// Storage controls in a real browser against the whole server: a person joins a community and
// writes in it, sees what it takes in Settings, tidies it up (its update log merged into one row,
// the size down or the same), is told before leaving that something is still unsent, and after
// leaving finds neither the community in Settings nor any of its rows in IndexedDB.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { useBrowserSuite } from '../support/browser';
import { phoneInCommunity, type Phone } from '../support/onboarding';

const suite = useBrowserSuite();
let url = '';
let phone: Phone;
let page: Page;

beforeAll(async () => {
	url = suite.app().url;
	phone = await phoneInCommunity(suite.browser(), url, `Ash ${Date.now() % 100_000}`);
	page = phone.page;
}, 90_000);

/** Every row of every table in the app's database, as text (bytes decoded), led by its table. */
function allRows(): Promise<string[]> {
	return page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('hearth');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error ?? new Error('open failed'));
		});
		const rows: string[] = [];
		for (const name of Array.from(db.objectStoreNames)) {
			const values = await new Promise<unknown[]>((resolve, reject) => {
				const request = db.transaction(name).objectStore(name).getAll();
				request.onsuccess = () => resolve(request.result as unknown[]);
				request.onerror = () => reject(request.error ?? new Error('read failed'));
			});
			for (const value of values) {
				const text = JSON.stringify(value, (_, v: unknown) =>
					v instanceof Uint8Array ? new TextDecoder().decode(v) : v
				);
				rows.push(`${name}: ${text}`);
			}
		}
		db.close();
		return rows;
	});
}

const anxietyLogRows = async () =>
	(await allRows()).filter(
		(row) => row.startsWith('docUpdates: ') && row.includes('community:anxiety:')
	).length;

async function write(title: string, replies: number): Promise<void> {
	await page.goto(`${url}/communities/anxiety`);
	await page.getByRole('link', { name: 'Start a thread' }).click();
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('What would you like to share?').fill(`${title}: a few words.`);
	await page.getByRole('button', { name: 'Post' }).click();
	await page.getByRole('heading', { level: 1, name: title }).waitFor();
	for (let i = 0; i < replies; i++) {
		await page.getByLabel('Your reply').fill(`Reply ${i} to ${title}`);
		await page.getByRole('button', { name: 'Reply', exact: true }).click();
		await expect.poll(() => page.getByLabel('Your reply').inputValue()).toBe('');
	}
}

const anxietyItem = () => page.getByTestId('storage-community').filter({ hasText: 'Anxiety' });

function bytesIn(text: string): number {
	const match = /([\d.,]+)\s*(bytes?|KB|MB)/.exec(text);
	if (match === null) throw new Error(`no size in “${text}”`);
	const value = Number((match[1] ?? '').replace(/,/g, ''));
	return match[2] === 'MB' ? value * 1024 ** 2 : match[2] === 'KB' ? value * 1024 : value;
}

describe('storage controls', () => {
	let before = 0;

	it('shows what a community takes, after writing in it', async () => {
		await write('Mornings', 4);
		await write('Small wins', 3);
		expect(await anxietyLogRows()).toBeGreaterThan(3);
		await page.goto(`${url}/settings`);
		await page.getByRole('heading', { name: 'What takes room' }).waitFor();
		await anxietyItem()
			.getByText(/months? kept/)
			.waitFor();
		before = bytesIn((await anxietyItem().textContent()) ?? '');
		expect(before).toBeGreaterThan(0);
		await page.getByText('Your journal', { exact: true }).waitFor();
		await page.getByText('Settings and other').waitFor();
		expect(await seriousViolations(page, '/settings storage')).toEqual([]);
		await page
			.getByRole('region', { name: 'Storage on this device' })
			.screenshot({ path: '.tmp/storage-controls.png' });
	});

	it('tidies the community up: one row per month, the size down or the same', async () => {
		await page.getByRole('button', { name: 'Tidy up Anxiety' }).click();
		const note = page.getByRole('status').filter({ hasText: 'Tidied up Anxiety' });
		await note.waitFor();
		expect(await note.textContent()).toMatch(/before, .* now\./);
		await expect.poll(anxietyLogRows).toBe(1);
		await anxietyItem()
			.getByText(/months? kept/)
			.waitFor();
		const after = bytesIn((await anxietyItem().textContent()) ?? '');
		expect(after).toBeLessThanOrEqual(before);
		await page
			.getByRole('region', { name: 'Storage on this device' })
			.screenshot({ path: '.tmp/storage-controls-tidied.png' });
	});

	it('says what is unsent before leaving, then leaves nothing of the community behind', async () => {
		await phone.context.setOffline(true);
		await write('Written offline', 0);
		await page.goto(`${url}/communities/anxiety/about`);
		await page.getByRole('button', { name: 'Leave this community' }).click();
		await page.getByText(/has not been sent yet/).waitFor();
		await page.getByRole('button', { name: 'Stay' }).click();
		await phone.context.setOffline(false);

		await page.getByRole('button', { name: 'Leave this community' }).click();
		await page.getByRole('button', { name: 'Yes, leave' }).click();
		await page.waitForURL(/\/communities$/);

		await page.goto(`${url}/settings`);
		await page.getByText('Settings and other').waitFor();
		expect(await anxietyItem().count()).toBe(0);
		const left = (await allRows()).filter(
			// Kept on purpose: the catalogue lists every community on offer, so the person can come
			// back; the name they registered there is their identity's (the server lists it too).
			(row) =>
				row.includes('anxiety') &&
				!row.startsWith('meta: {"key":"community-catalogue"') &&
				!row.startsWith('identity: {"key":"pseudonyms"')
		);
		expect(left).toEqual([]);
	});
});
