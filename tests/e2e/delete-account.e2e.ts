// Deleting an account, as two people on two phones see it. A writes a thread and a reply to B's
// thread; B sees both. A deletes the account from Settings, confirming in the dialog; A's phone
// is back at /welcome with nothing of theirs left, and B's phone no longer shows A's posts.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { useBrowserSuite } from '../support/browser';
import { phoneInCommunity, type Phone } from '../support/onboarding';

const NOT_SENT = 'Only on this phone so far';
const SYNC_TIMEOUT = { timeout: 30_000 };

const suite = useBrowserSuite();

async function startThread(page: Page, title: string, body: string): Promise<string> {
	await page.goto(`${suite.app().url}/communities/anxiety`);
	await page.getByRole('link', { name: 'Start a thread' }).click();
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('What would you like to share?').fill(body);
	await page.getByRole('button', { name: 'Post' }).click();
	await page.waitForURL(/\/communities\/anxiety\/t\/[a-z0-9]+$/);
	await expect.poll(() => page.getByText(NOT_SENT).count(), SYNC_TIMEOUT).toBe(0);
	return new URL(page.url()).pathname;
}

async function reply(page: Page, body: string): Promise<void> {
	await page.getByLabel('Your reply').fill(body);
	await page.getByRole('button', { name: 'Reply', exact: true }).click();
	await expect.poll(() => page.getByLabel('Your reply').inputValue()).toBe('');
	await expect.poll(() => page.getByText(NOT_SENT).count(), SYNC_TIMEOUT).toBe(0);
}

async function titlesListed(page: Page): Promise<string[]> {
	await page.goto(`${suite.app().url}/communities/anxiety`);
	await page.getByRole('heading', { level: 1, name: 'Anxiety' }).waitFor();
	await page.locator('main article h3').first().waitFor();
	// The list as the community's documents give it, not the first screen's copy shown meanwhile.
	await page
		.getByText('Showing the latest conversations while the rest opens…')
		.waitFor({ state: 'hidden' });
	return (await page.locator('main article h3').allTextContents()).map((title) => title.trim());
}

/**
 * What the device's database holds of a person: rows of their journal, communities and synced
 * documents, and the display name of the identity (a fresh one is made as the app starts anew).
 */
function keptOnDevice(page: Page): Promise<{ rows: number; name: unknown }> {
	return page.evaluate(
		() =>
			new Promise<{ rows: number; name: unknown }>((done, fail) => {
				const request = indexedDB.open('hearth');
				request.onerror = () => fail(request.error);
				request.onsuccess = () => {
					const db = request.result;
					const stores = ['identity', 'journal', 'communities', 'docUpdates', 'readMarks'].filter(
						(name) => db.objectStoreNames.contains(name)
					);
					if (stores.length === 0) {
						db.close();
						done({ rows: 0, name: null });
						return;
					}
					const tx = db.transaction(stores, 'readonly');
					const found = { rows: 0, name: null as unknown };
					for (const name of stores) {
						if (name === 'identity') {
							const row = tx.objectStore(name).get('displayName');
							row.onsuccess = () =>
								(found.name = (row.result as { value?: unknown })?.value ?? null);
							continue;
						}
						const count = tx.objectStore(name).count();
						count.onsuccess = () => (found.rows += count.result);
					}
					tx.oncomplete = () => {
						db.close();
						done(found);
					};
					tx.onerror = () => fail(tx.error);
				};
			})
	);
}

describe('deleting an account', () => {
	const stamp = Date.now() % 100_000;
	const bTitle = `Morning light ${stamp}`;
	const aTitle = `Lanterns in the fog ${stamp}`;
	const aReply = `Mornings are kinder to me too ${stamp}`;
	let a: Phone;
	let b: Phone;
	let bPath = '';

	it('B sees the thread and the reply A wrote', async () => {
		a = await phoneInCommunity(suite.browser(), suite.app().url, `Ash ${stamp}`);
		b = await phoneInCommunity(suite.browser(), suite.app().url, `Birch ${stamp}`);
		bPath = await startThread(b.page, bTitle, 'When do you feel steadiest?');
		await a.page.goto(suite.app().url + bPath);
		await a.page.getByRole('heading', { level: 1, name: bTitle }).waitFor(SYNC_TIMEOUT);
		await reply(a.page, aReply);
		await startThread(a.page, aTitle, 'The fog rolls in early here.');

		await b.page.goto(suite.app().url + bPath);
		await b.page.getByText(aReply).waitFor(SYNC_TIMEOUT);
		await expect.poll(() => titlesListed(b.page), SYNC_TIMEOUT).toContain(aTitle);
	});

	it('says what will happen, and needs the word typed', async () => {
		const { page } = a;
		await page.goto(`${suite.app().url}/settings`);
		await page.getByRole('button', { name: 'Delete my account' }).click();
		const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
		await dialog.waitFor();
		await dialog.getByText('your posts and replies, in every community').waitFor();
		expect(await seriousViolations(page, '/settings with the account dialog open')).toEqual([]);

		await dialog.getByRole('button', { name: 'Delete my account' }).click();
		await dialog.getByRole('alert').filter({ hasText: 'Type delete to confirm.' }).waitFor();
		await dialog.getByRole('button', { name: 'Keep everything' }).click();
		await dialog.waitFor({ state: 'hidden' });

		await page.getByRole('button', { name: 'Delete everything on this phone' }).click();
		const device = page.getByRole('dialog', { name: 'Delete everything on this phone?' });
		await device
			.getByText('Your posts and replies stay in the communities.', { exact: false })
			.waitFor();
		expect(await seriousViolations(page, '/settings with the device dialog open')).toEqual([]);
		await device.getByRole('button', { name: 'Keep everything' }).click();
		await device.waitFor({ state: 'hidden' });
	});

	it('deletes the account: A starts afresh with nothing on the phone', async () => {
		const { page } = a;
		await page.getByRole('button', { name: 'Delete my account' }).click();
		const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
		await dialog.getByLabel('To confirm, type the word delete').fill('delete');
		await dialog.getByRole('button', { name: 'Delete my account' }).click();
		await page.waitForURL(/\/welcome$/, SYNC_TIMEOUT);
		await page.getByRole('heading', { name: 'Welcome to Hearth' }).waitFor();
		expect(await keptOnDevice(page)).toEqual({ rows: 0, name: null });
	});

	it('B no longer sees A’s thread or reply', async () => {
		const { page } = b;
		await expect
			.poll(async () => {
				await page.goto(suite.app().url + bPath);
				await page.getByRole('heading', { level: 1, name: bTitle }).waitFor();
				return page.getByText(aReply).count();
			}, SYNC_TIMEOUT)
			.toBe(0);
		expect(await titlesListed(page)).toEqual([bTitle]);
		await a.context.close();
		await b.context.close();
	});
});
