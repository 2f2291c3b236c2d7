// Communities in a real browser against the whole server (API and sync): one person sets up,
// joins a community, writes a thread and a reply with no connection, reloads still offline, then
// comes back online and sees both reach the server; reactions, editing, deleting (asked first)
// and searching with no connection.
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openControlled, phoneContext, useBrowserSuite } from '../support/browser';
import { onboard } from '../support/onboarding';

const NOT_SENT = 'Only on this phone so far';
const THREAD_TITLE = 'Nights are the hardest';
const THREAD_BODY = 'Does anyone else lie awake?\nI count the ceiling tiles.';
const REPLY_BODY = 'Me too. The kettle at midnight helps a little.';

const suite = useBrowserSuite();
let url = '';
let context: BrowserContext;
let page: Page;

// After the suite's own set-up, which starts the server and the browser.
beforeAll(async () => {
	url = suite.app().url;
	context = await phoneContext(suite.browser());
	page = await context.newPage();
});

const replies = () => page.getByRole('region', { name: 'Replies' }).getByRole('article');

describe('a community with and without a connection', () => {
	let threadPath = '';

	it('asks for set-up before writing, then joins by accepting the guidelines', async () => {
		await openControlled(page, url);
		await page.getByRole('link', { name: 'Communities', exact: true }).click();
		await page.getByRole('link', { name: 'Anxiety' }).click();
		await page.getByRole('heading', { name: 'About Anxiety' }).waitFor();
		// Not set up yet: a kind card leads to onboarding instead of the join button.
		await page.getByRole('link', { name: 'Set up now' }).waitFor();
		expect(await page.getByRole('button', { name: /join/i }).count()).toBe(0);

		await onboard(page, url, `Wren ${Date.now() % 100_000}`);
		await page.goto(`${url}/communities/anxiety/about`);
		await page.getByText('Joining means you accept these guidelines').waitFor();
		await page.getByRole('button', { name: 'Accept the guidelines and join' }).click();
		await page.waitForURL(/\/communities\/anxiety$/);
		await page.getByRole('heading', { level: 1, name: 'Anxiety' }).waitFor();
	});

	it('keeps a thread and a reply written offline, once each, through an offline reload', async () => {
		await context.setOffline(true);
		await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
		await page.getByRole('link', { name: 'Start a thread' }).click();

		// Nothing typed: the messages sit beside the fields, and nothing is saved.
		await page.getByRole('button', { name: 'Post' }).click();
		await page.getByText('Please give your thread a title.').waitFor();
		await page.getByText('Please write something first.').waitFor();
		expect(page.url()).toMatch(/\/new$/);

		await page.getByLabel('Title').fill(THREAD_TITLE);
		await page.getByLabel('What would you like to share?').fill(THREAD_BODY);
		await page.getByLabel('Tags (optional)').fill('sleep, nights');
		await page.getByRole('button', { name: 'Post' }).click();
		await page.waitForURL(/\/communities\/anxiety\/t\/[a-z0-9]+$/);
		threadPath = new URL(page.url()).pathname;
		await page.getByRole('heading', { level: 1, name: THREAD_TITLE }).waitFor();

		await page.getByLabel('Your reply').fill(REPLY_BODY);
		await page.getByRole('button', { name: 'Reply', exact: true }).click();
		await expect.poll(() => replies().count()).toBe(1);
		// Once saved, the box is emptied for the next reply.
		await expect.poll(() => page.getByLabel('Your reply').inputValue()).toBe('');

		await page.reload();
		await page.getByRole('heading', { level: 1, name: THREAD_TITLE }).waitFor();
		await expect.poll(() => page.getByText(REPLY_BODY, { exact: true }).count()).toBe(1);
		expect(await page.getByText('I count the ceiling tiles.').count()).toBe(1);
		expect(await replies().count()).toBe(1);
		expect(await page.getByText(NOT_SENT).count()).toBe(2);
		// The one indicator in the header says so too, without a count in its live region.
		await page.getByText(/\d+ changes? will be sent when you are back online\./).waitFor();
		const live =
			(await page.getByRole('status').filter({ hasText: 'Offline' }).textContent()) ?? '';
		expect(live).not.toMatch(/\d/);
	});

	it('finds a reply by searching with no connection, highlighted as text', async () => {
		await page.getByRole('link', { name: 'Back to Anxiety' }).click();
		await page.getByRole('link', { name: THREAD_TITLE }).waitFor();
		expect(await page.getByText(NOT_SENT).count()).toBe(1);
		await page.getByLabel('Search this community').fill('kettle');
		await page.getByText('1 match').waitFor();
		expect(await page.getByText('In a reply').count()).toBe(1);
		expect(await page.locator('mark').first().textContent()).toBe('kettle');
		await page.getByLabel('Search this community').fill('');
	});

	it('says earlier months need a connection while offline', async () => {
		await page.getByRole('button', { name: 'Show earlier months' }).click();
		await page.getByText('Earlier months need a connection.', { exact: false }).waitFor();
	});

	it('sends both when the connection comes back, and says so', async () => {
		await page.goto(url + threadPath);
		await page.getByRole('heading', { level: 1, name: THREAD_TITLE }).waitFor();
		await context.setOffline(false);
		await expect
			.poll(() => page.getByText(NOT_SENT).count(), { timeout: 30_000, interval: 500 })
			.toBe(0);
		expect(await page.getByText('Sent', { exact: true }).count()).toBe(2);
		await expect
			.poll(() => page.getByText(/will be sent when you are back online/).count())
			.toBe(0);
	});

	it('fetches earlier months when online, until there are none left', async () => {
		await page.getByRole('link', { name: 'Back to Anxiety' }).click();
		await page.getByRole('button', { name: 'Show earlier months' }).click();
		await page.getByText('You have reached the very beginning.').waitFor({ timeout: 45_000 });
		await page.goto(url + threadPath);
		await page.getByRole('heading', { level: 1, name: THREAD_TITLE }).waitFor();
	});

	it('toggles a response on and off, with its count', async () => {
		const thread = page.getByRole('article').first();
		const hearYou = thread.getByRole('button', { name: /^I hear you/ });
		expect(await hearYou.getAttribute('aria-pressed')).toBe('false');
		await hearYou.click();
		await expect.poll(() => hearYou.getAttribute('aria-pressed')).toBe('true');
		expect(await hearYou.getAttribute('aria-label')).toBe('I hear you, 1');
		await hearYou.click();
		await expect.poll(() => hearYou.getAttribute('aria-pressed')).toBe('false');
		expect(await hearYou.getAttribute('aria-label')).toBe('I hear you');
	});

	it('edits a reply, keeping it once, marked as edited', async () => {
		const reply = replies().first();
		await reply.getByRole('button', { name: 'Edit' }).click();
		const box = reply.getByLabel('Your reply');
		expect(await box.inputValue()).toBe(REPLY_BODY);
		await box.fill('Me too. Warm milk at midnight helps a little.');
		await reply.getByRole('button', { name: 'Save changes' }).click();
		await reply.getByText('Warm milk at midnight').waitFor();
		expect(await reply.getByText('edited', { exact: true }).count()).toBe(1);
		expect(await replies().count()).toBe(1);
	});

	it('asks before deleting, keeps the reply when told to, and deletes when confirmed', async () => {
		const reply = replies().first();
		await reply.getByRole('button', { name: 'Delete' }).click();
		await reply.getByText('Delete this reply? It will be removed for everyone.').waitFor();
		await reply.getByRole('button', { name: 'Keep it' }).click();
		expect(await replies().count()).toBe(1);

		await reply.getByRole('button', { name: 'Delete' }).click();
		await reply.getByRole('button', { name: 'Yes, delete' }).click();
		await expect.poll(() => replies().count()).toBe(0);
		await page.getByText('No replies yet.').waitFor();

		await page.reload();
		await page.getByRole('heading', { level: 1, name: THREAD_TITLE }).waitFor();
		expect(await page.getByText('Warm milk at midnight').count()).toBe(0);
	});

	it('deletes a whole thread after asking, and returns to the list', async () => {
		const thread = page.getByRole('article').first();
		await thread.getByRole('button', { name: 'Delete' }).click();
		await thread.getByRole('button', { name: 'Yes, delete' }).click();
		await page.waitForURL(/\/communities\/anxiety$/);
		await page.getByText('No one has started a conversation here yet').waitFor();
	});

	it('shows someone else’s reply and response in Activity, new until opened', async () => {
		await page.getByRole('link', { name: 'Start a thread' }).click();
		await page.getByLabel('Title').fill('Mornings are slow');
		await page.getByLabel('What would you like to share?').fill('It takes me an hour to get up.');
		await page.getByRole('button', { name: 'Post' }).click();
		await page.waitForURL(/\/t\/[a-z0-9]+$/);
		const path = new URL(page.url()).pathname;
		await expect.poll(() => page.getByText(NOT_SENT).count(), { timeout: 30_000 }).toBe(0);
		await page.getByRole('link', { name: 'Back to Anxiety' }).click();

		const other = await (await phoneContext(suite.browser())).newPage();
		await onboard(other, url, `Otter ${Date.now() % 100_000}`);
		await other.goto(`${url}/communities/anxiety/about`);
		await other.getByRole('button', { name: 'Accept the guidelines and join' }).click();
		await other.waitForURL(/\/communities\/anxiety$/);
		await other.goto(url + path);
		await other.getByRole('heading', { level: 1, name: 'Mornings are slow' }).waitFor();
		await other.getByLabel('Your reply').fill('Slow mornings here too.');
		await other.getByRole('button', { name: 'Reply', exact: true }).click();
		await other
			.getByRole('article')
			.first()
			.getByRole('button', { name: /^Sending strength/ })
			.click();
		await expect.poll(() => other.getByText(NOT_SENT).count(), { timeout: 30_000 }).toBe(0);

		// The thread is marked new in the list, in words, and the bottom bar counts the activity.
		const listed = page.getByRole('listitem').filter({ hasText: 'Mornings are slow' });
		await listed.getByText('New', { exact: true }).waitFor({ timeout: 30_000 });
		await page.getByRole('link', { name: /^Communities \(2 new replies or responses\)$/ }).waitFor({
			timeout: 30_000
		});
		await page.goto(`${url}/activity`);
		const items = page.getByRole('main').getByRole('listitem');
		await items.getByText(/replied to “Mornings are slow”/).waitFor();
		await items.getByText(/responded “Sending strength” to “Mornings are slow”/).waitFor();
		expect(await items.getByText('New', { exact: true }).count()).toBe(2);

		// Opening Activity marked them seen: the next visit shows them without the marker.
		await page.getByRole('link', { name: 'Communities', exact: true }).click();
		await page.goto(`${url}/activity`);
		await items.first().waitFor();
		expect(await items.getByText('New', { exact: true }).count()).toBe(0);
		await other.context().close();
	});

	it('leaves after saying what leaving does, and can be asked to stay', async () => {
		await page.goto(`${url}/communities/anxiety/about`);
		await page.getByRole('button', { name: 'Leave this community' }).click();
		await page.getByText('What you wrote stays in the community').waitFor();
		await page.getByRole('button', { name: 'Stay' }).click();
		await page.getByRole('button', { name: 'Leave this community' }).click();
		await page.getByRole('button', { name: 'Yes, leave' }).click();
		await page.waitForURL(/\/communities$/);
		await page.getByText('You have not joined a community yet.').waitFor();
	});
});
