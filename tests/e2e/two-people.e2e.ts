// Two people on two phones hold a conversation in a community, each offline at a different time.
// A goes offline and writes a thread and a reply; B, online, replies to the same thread after A
// did; A comes back. Both must then see everything exactly once, in the order it was written,
// and still see it after a reload with no connection.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from '../support/browser';
import { phoneInCommunity, type Phone } from '../support/onboarding';
import { reply, startThread } from '../support/posting';

const NOT_SENT = 'Only on this phone so far';
const SYNC_TIMEOUT = { timeout: 30_000 };

const suite = useBrowserSuite();

const newPhone = (name: string): Promise<Phone> =>
	phoneInCommunity(suite.browser(), suite.app().url, name);

/** The replies on a thread page, as their text, in the order shown. */
async function repliesShown(page: Page): Promise<string[]> {
	const articles = page.getByRole('region', { name: 'Replies' }).getByRole('article');
	const texts = await articles.allTextContents();
	return texts.map((text) => text.replace(/\s+/g, ' ').trim());
}

/** Each expected text appears in exactly one reply, and in this order. */
function inOrderOnce(shown: string[], expected: string[]): boolean {
	const positions = expected.map((text) => shown.findIndex((reply) => reply.includes(text)));
	const once = expected.every((text) => shown.filter((reply) => reply.includes(text)).length === 1);
	return once && positions.every((position, i) => i === 0 || position > (positions[i - 1] ?? -1));
}

async function threadTitlesListed(page: Page): Promise<string[]> {
	await page.goto(`${suite.app().url}/communities/anxiety`);
	await page.getByRole('heading', { level: 1, name: 'Anxiety' }).waitFor();
	await page.locator('main article h3').first().waitFor();
	return (await page.locator('main article h3').allTextContents()).map((title) => title.trim());
}

describe('two people, each offline at different times', () => {
	const stamp = Date.now() % 100_000;
	const walkTitle = `Evening walks ${stamp}`;
	const nightTitle = `Written in the dark ${stamp}`;
	const fromAOffline = 'The lane past the church is quiet after six.';
	const fromBOnline = 'I go that way too; the dog likes the hedges.';
	const threadBodyA = 'No signal here tonight, so this waits on my phone.';
	let a: Phone;
	let b: Phone;
	let walkPath = '';
	let nightPath = '';

	it('both see a thread B starts online', async () => {
		a = await newPhone(`Ash ${stamp}`);
		b = await newPhone(`Birch ${stamp}`);
		walkPath = await startThread(b.page, walkTitle, 'Who else walks to clear their head?');
		await expect.poll(() => b.page.getByText(NOT_SENT).count(), SYNC_TIMEOUT).toBe(0);
		await a.page.goto(suite.app().url + walkPath);
		await a.page.getByRole('heading', { level: 1, name: walkTitle }).waitFor(SYNC_TIMEOUT);
	});

	it('A writes a thread and a reply offline; B replies online afterwards', async () => {
		await a.context.setOffline(true);
		await a.page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
		await reply(a.page, fromAOffline);
		await a.page.goto(`${suite.app().url}/communities/anxiety`);
		nightPath = await startThread(a.page, nightTitle, threadBodyA);
		await expect.poll(() => a.page.getByText(NOT_SENT).count()).toBe(1);

		// B cannot see any of it yet, and writes after A did.
		await b.page.goto(suite.app().url + walkPath);
		await b.page.getByRole('heading', { level: 1, name: walkTitle }).waitFor();
		await reply(b.page, fromBOnline);
		await expect.poll(() => b.page.getByText(NOT_SENT).count(), SYNC_TIMEOUT).toBe(0);
		expect(await b.page.getByText(fromAOffline).count()).toBe(0);
	});

	it('A comes back: both see everything exactly once, in the order it was written', async () => {
		await a.context.setOffline(false);
		await a.page.goto(suite.app().url + walkPath);
		await a.page.getByText(fromBOnline).waitFor(SYNC_TIMEOUT);
		await expect.poll(() => a.page.getByText(NOT_SENT).count(), SYNC_TIMEOUT).toBe(0);

		await b.page.getByText(fromAOffline).waitFor(SYNC_TIMEOUT);
		for (const { page } of [a, b]) {
			await page.goto(suite.app().url + walkPath);
			await page.getByText(fromBOnline).waitFor(SYNC_TIMEOUT);
			await page.getByText(fromAOffline).waitFor(SYNC_TIMEOUT);
			const shown = await repliesShown(page);
			expect(shown).toHaveLength(2);
			expect(inOrderOnce(shown, [fromAOffline, fromBOnline])).toBe(true);

			await page.goto(suite.app().url + nightPath);
			await page.getByRole('heading', { level: 1, name: nightTitle }).waitFor(SYNC_TIMEOUT);
			expect(await page.getByText(threadBodyA).count()).toBe(1);

			// Latest activity first: B's reply came after A started the second thread.
			expect(await threadTitlesListed(page)).toEqual([walkTitle, nightTitle]);
		}
	});

	it('both still see it all after a reload with no connection', async () => {
		for (const { context, page } of [a, b]) {
			await context.setOffline(true);
			await page.goto(suite.app().url + walkPath);
			await page.getByRole('heading', { level: 1, name: walkTitle }).waitFor();
			await page.getByText(fromAOffline).waitFor();
			const shown = await repliesShown(page);
			expect(shown).toHaveLength(2);
			expect(inOrderOnce(shown, [fromAOffline, fromBOnline])).toBe(true);
			expect(await page.getByText(NOT_SENT).count()).toBe(0);

			expect(await threadTitlesListed(page)).toEqual([walkTitle, nightTitle]);
			await context.close();
		}
	});
});
