// Each person's own protections, in a real browser against the whole server: a content note folds
// a post until tapped; a post on a sensitive topic is folded by default and not once the setting
// is off; crisis language in a reply or a journal entry brings a gentle card that "Not now" hides
// and that never stops saving; blocking someone hides their reply, also after a reload, and
// unblocking from Settings brings it back.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { useBrowserSuite } from '../support/browser';
import { phoneInCommunity, type Phone } from '../support/onboarding';
import { storedSetting } from '../support/stored-rows';

const SYNC_TIMEOUT = { timeout: 30_000 };
const CARD = 'It sounds like things are really hard right now';

const suite = useBrowserSuite();

const newPhone = (name: string): Promise<Phone> =>
	phoneInCommunity(suite.browser(), suite.app().url, name);

async function startThread(
	page: Page,
	{ title, body, note = '' }: { title: string; body: string; note?: string }
): Promise<string> {
	await page.goto(`${suite.app().url}/communities/anxiety/new`);
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('What would you like to share?').fill(body);
	if (note) await page.getByLabel('Content note (optional)').fill(note);
	await page.getByRole('button', { name: 'Post' }).click();
	await page.waitForURL(/\/communities\/anxiety\/t\/[a-z0-9]+$/);
	return new URL(page.url()).pathname;
}

async function listPage(page: Page): Promise<void> {
	await page.goto(`${suite.app().url}/communities/anxiety`);
	await page.getByRole('heading', { level: 1, name: 'Anxiety' }).waitFor();
}

const replies = (page: Page) => page.getByRole('region', { name: 'Replies' }).getByRole('article');

async function noSeriousViolations(page: Page, where: string): Promise<void> {
	expect(await seriousViolations(page, where)).toEqual([]);
}

describe('protections', () => {
	const stamp = Date.now() % 100_000;
	const birchName = `Birch ${stamp}`;
	const hardTitle = `After the funeral ${stamp}`;
	const soberTitle = `Two weeks sober ${stamp}`;
	const crisisReply = 'Some nights I just want to die, honestly.';
	let ash: Phone;
	let birch: Phone;
	let hardPath = '';

	it('folds a post with a content note until it is tapped', async () => {
		ash = await newPhone(`Ash ${stamp}`);
		birch = await newPhone(birchName);
		hardPath = await startThread(ash.page, {
			title: hardTitle,
			body: 'The house is so quiet now.',
			note: 'loss'
		});
		// On the thread page the title waits too.
		await ash.page.getByRole('heading', { level: 1, name: 'Content note: loss' }).waitFor();
		expect(await ash.page.getByText('The house is so quiet now.').count()).toBe(0);

		await listPage(ash.page);
		const fold = ash.page.getByRole('button', { name: /Content note: loss/ });
		await fold.waitFor();
		expect(await fold.getAttribute('aria-expanded')).toBe('false');
		expect(await ash.page.getByRole('link', { name: hardTitle }).count()).toBe(0);
		await fold.click();
		await ash.page.getByRole('link', { name: hardTitle }).waitFor();
		expect(await fold.getAttribute('aria-expanded')).toBe('true');
	});

	it('folds a post on a sensitive topic by default, and not once the setting is off', async () => {
		await startThread(ash.page, {
			title: soberTitle,
			body: 'I nearly relapsed last night, but I called a friend instead.'
		});
		await listPage(ash.page);
		const fold = ash.page.getByRole('button', { name: /This post mentions substances\./ });
		await fold.waitFor();
		expect(await ash.page.getByRole('link', { name: soberTitle }).count()).toBe(0);
		await noSeriousViolations(ash.page, 'thread list with folds');

		await ash.page.goto(`${suite.app().url}/settings`);
		const setting = ash.page.getByLabel('Fold posts about sensitive topics');
		expect(await setting.isChecked()).toBe(true);
		await noSeriousViolations(ash.page, 'settings');
		await setting.uncheck();
		// Leaving the page at once could abort the write: wait until the device holds the choice.
		await expect.poll(() => storedSetting(ash.page, 'foldSensitive')).toBe(false);

		await listPage(ash.page);
		await ash.page.getByRole('link', { name: soberTitle }).waitFor();
		expect(await ash.page.getByRole('button', { name: /This post mentions/ }).count()).toBe(0);
		// The author's own content note still folds, whatever the setting.
		await ash.page.getByRole('button', { name: /Content note: loss/ }).waitFor();

		// And the choice is kept on this device.
		await ash.page.reload();
		await ash.page.getByRole('link', { name: soberTitle }).waitFor();
	});

	it('offers crisis help beside a reply with crisis language, without stopping it', async () => {
		const { page } = birch;
		await page.goto(suite.app().url + hardPath);
		await page.getByRole('button', { name: /Content note: loss/ }).waitFor(SYNC_TIMEOUT);
		expect(await page.getByText(CARD).count()).toBe(0);

		await page.getByLabel('Your reply').fill(crisisReply);
		await page.getByText(CARD).waitFor();
		await page.getByRole('link', { name: 'Find someone to talk to now' }).waitFor();
		expect(
			await page.getByRole('link', { name: 'Find someone to talk to now' }).getAttribute('href')
		).toBe('/crisis');
		await noSeriousViolations(page, 'reply form with crisis card');

		await page.getByRole('button', { name: 'Not now' }).click();
		await expect.poll(() => page.getByText(CARD).count()).toBe(0);
		// Still hidden while the same words stay in the box.
		await page.getByLabel('Your reply').press('End');
		await page.getByLabel('Your reply').pressSequentially(' Sorry.');
		expect(await page.getByText(CARD).count()).toBe(0);

		await page.getByRole('button', { name: 'Reply', exact: true }).click();
		await expect.poll(() => page.getByLabel('Your reply').inputValue()).toBe('');
		await expect.poll(() => replies(page).count()).toBe(1);
		// Birch folds sensitive topics (the default), so even their own words wait behind a fold.
		await replies(page)
			.getByRole('button', { name: /This post mentions suicide\./ })
			.click();
		await replies(page).filter({ hasText: crisisReply }).waitFor();
	});

	it('shows the writer of a thread a quiet link to help on a reply with crisis language', async () => {
		const { page } = ash;
		await page.goto(suite.app().url + hardPath);
		await page.getByRole('button', { name: /Content note: loss/ }).click();
		const reply = replies(page).filter({ hasText: crisisReply });
		await reply.waitFor(SYNC_TIMEOUT);
		await reply.getByRole('link', { name: 'help is here' }).waitFor();
		expect(await page.getByText(CARD).count()).toBe(0);
	});

	it('offers crisis help in the journal, where the words stay on the device', async () => {
		const { page } = ash;
		await page.goto(`${suite.app().url}/journal/new`);
		const text = page.getByLabel('What is on your mind?');
		await text.fill('Tired of everything. I keep thinking about ending it all.');
		await page.getByText(CARD).waitFor();
		await page.getByText('Only this device noticed these words.').waitFor();
		await noSeriousViolations(page, 'journal editor with crisis card');
		await page.getByRole('button', { name: 'Not now' }).click();
		await expect.poll(() => page.getByText(CARD).count()).toBe(0);

		await page.getByRole('button', { name: 'Done' }).click();
		await page.waitForURL(/\/journal$/);
		await page.getByText('I keep thinking about ending it all.').waitFor();
	});

	it('hides a blocked person’s reply, also after a reload, until unblocked in Settings', async () => {
		const { page } = ash;
		await page.goto(suite.app().url + hardPath);
		await page.getByRole('button', { name: /Content note: loss/ }).click();
		const reply = replies(page).filter({ hasText: crisisReply });
		await reply.waitFor(SYNC_TIMEOUT);
		// Nobody can block themselves: the thread is Ash's own.
		expect(
			await page
				.getByRole('article', { name: /Ash/ })
				.getByRole('button', { name: 'Block' })
				.count()
		).toBe(0);

		// Their name in this community, which is not the name they chose for their device.
		const birchHere = (await reply.getAttribute('aria-label')) ?? '';
		expect(birchHere).not.toBe('');
		await reply.getByRole('button', { name: 'Block' }).click();
		await reply.getByText(`Block ${birchHere}?`).waitFor();
		await reply.getByText('You can undo this in Settings').waitFor();
		await noSeriousViolations(page, 'block question');
		await reply.getByRole('button', { name: 'Keep showing' }).click();
		await reply.getByRole('button', { name: 'Block' }).click();
		await reply.getByRole('button', { name: 'Block them' }).click();
		await expect.poll(() => replies(page).count()).toBe(0);
		await page.getByText(`${birchHere} is blocked.`).waitFor();
		// Focus does not fall off the page with the button that went.
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('replies-title');

		await page.reload();
		await page.getByRole('button', { name: /Content note: loss/ }).click();
		await page.getByText('No replies yet.').waitFor();
		expect(await page.getByText(crisisReply).count()).toBe(0);

		await page.goto(`${suite.app().url}/settings`);
		await page.getByRole('heading', { name: 'People you blocked' }).waitFor();
		await page.getByText(`${birchHere}, in Anxiety`).waitFor();
		await noSeriousViolations(page, 'settings with a blocked person');
		await page.getByRole('button', { name: `Unblock ${birchHere} in Anxiety` }).click();
		await page.getByText(`${birchHere} is unblocked.`).waitFor();
		await page.getByText('You have not blocked anyone.').waitFor();

		await page.goto(suite.app().url + hardPath);
		await page.getByRole('button', { name: /Content note: loss/ }).click();
		await replies(page).filter({ hasText: crisisReply }).waitFor();
		await ash.context.close();
		await birch.context.close();
	});
});
