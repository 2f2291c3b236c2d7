// Safe communities in the browser: a member reports a reply (with the risk reason, which brings
// the crisis link and says that reporting is not an emergency service) and a person, with the
// mouse and by keyboard alone, online and offline.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { useBrowserSuite } from '../support/browser';
import { phoneInCommunity, type Phone } from '../support/onboarding';
import { reply, startThread } from '../support/posting';

const SYNC_TIMEOUT = { timeout: 30_000 };
const RISK = 'Someone may be at risk of harming themselves';
const THANKS = 'Thank you. Moderators will look at it. Only they can see your report.';

const suite = useBrowserSuite();

const newPhone = (name: string): Promise<Phone> =>
	phoneInCommunity(suite.browser(), suite.app().url, name);

function replyCard(page: Page, text: string) {
	return page
		.getByRole('region', { name: 'Replies' })
		.getByRole('article')
		.filter({ hasText: text });
}

describe('reporting', () => {
	const stamp = Date.now() % 100_000;
	const replyText = `I don't see the point of any of it any more ${stamp}`;
	const birch = `Birch ${stamp}`;
	let ash: Phone;
	let threadPath = '';

	it('a member reports a reply with the risk reason and sees the confirmation', async () => {
		ash = await newPhone(`Ash ${stamp}`);
		const other = await newPhone(birch);
		threadPath = await startThread(ash.page, `Long nights ${stamp}`, 'How are you all doing?');
		await other.page.goto(suite.app().url + threadPath);
		await other.page.getByRole('heading', { level: 1 }).waitFor(SYNC_TIMEOUT);
		await reply(other.page, replyText);
		await other.context.close();

		const page = ash.page;
		await page.goto(suite.app().url + threadPath);
		const card = replyCard(page, replyText);
		await card.waitFor(SYNC_TIMEOUT);
		// Nobody reports their own post: the thread Ash wrote offers no Report button.
		expect(
			await page.getByRole('article').first().getByRole('button', { name: 'Report' }).count()
		).toBe(0);

		await card.getByRole('button', { name: 'Report', exact: true }).click();
		const dialog = page.getByRole('dialog', { name: 'Report this post' });
		await dialog.waitFor();
		for (const reason of [
			'Harassment or bullying',
			RISK,
			'False or harmful information',
			'Spam',
			'Something else'
		]) {
			expect(await dialog.getByRole('radio', { name: reason, exact: true }).count()).toBe(1);
		}
		// Sending without a reason says what is missing, and sends nothing.
		await dialog.getByRole('button', { name: 'Send report' }).click();
		await dialog
			.getByRole('alert')
			.filter({ hasText: 'Please choose what is happening.' })
			.waitFor();

		await dialog.getByRole('radio', { name: RISK }).check();
		await dialog.getByText('Reporting is not an emergency service').waitFor();
		expect(await dialog.getByRole('link', { name: 'Find someone to talk to now' }).count()).toBe(1);
		await dialog
			.getByLabel('Anything the moderators should know (optional)')
			.fill('Worried about them.');
		await dialog.getByText('19 of 1000 characters').waitFor();
		await dialog.getByRole('button', { name: 'Send report' }).click();
		await dialog.getByText(THANKS).waitFor();
		await dialog.getByText('Reporting is not an emergency service').waitFor();
		await dialog.getByRole('button', { name: 'Close' }).click();
		expect(await page.getByRole('dialog').count()).toBe(0);
	});

	it('reports a person by keyboard alone, and focus comes back to where it was', async () => {
		const page = ash.page;
		const card = replyCard(page, replyText);
		// Birch goes by a pseudonym here, so the button names whatever name the reply shows.
		const reportPerson = card.getByRole('button', { name: /^Report .+/ });
		const personLabel = (await reportPerson.textContent())?.trim();
		await reportPerson.focus();
		await page.keyboard.press('Enter');
		const dialog = page.getByRole('dialog', { name: 'Report this person' });
		await dialog.waitFor();
		// The dialog opens on its heading; Tab reaches the first choice, Space picks it, and Tab
		// moves on to the note.
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
			.toBe('Report this person');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Space');
		expect(await dialog.getByRole('radio', { name: 'Harassment or bullying' }).isChecked()).toBe(
			true
		);
		await page.keyboard.press('Tab');
		await page.keyboard.type('Keeps messaging people.');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter');
		await dialog.getByText(THANKS).waitFor();
		await page.keyboard.press('Escape');
		await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
			.toBe(personLabel);
	});

	it('offline, keeps the report and says it will go when back online', async () => {
		const page = ash.page;
		await ash.context.setOffline(true);
		await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
		await replyCard(page, replyText).getByRole('button', { name: 'Report', exact: true }).click();
		const dialog = page.getByRole('dialog', { name: 'Report this post' });
		await dialog.getByRole('radio', { name: 'Spam' }).check();
		await dialog.getByRole('button', { name: 'Send report' }).click();
		await dialog.getByText('we’ll send it when you’re back online').waitFor();
		await dialog.getByRole('button', { name: 'Close' }).click();
		// Back online, the kept report goes by itself, and the server takes it.
		const sent = page.waitForResponse(
			(response) =>
				response.url().endsWith('/api/reports') && response.request().method() === 'POST',
			SYNC_TIMEOUT
		);
		await ash.context.setOffline(false);
		const response = await sent;
		expect(response.status()).toBe(201);
		expect(response.request().postDataJSON()).toMatchObject({
			communityId: 'anxiety',
			reason: 'spam',
			target: { kind: 'reply', thread: threadPath.split('/').at(-1) }
		});
		await ash.context.close();
	});
});

// The moderators' side: reports reach the queue with risk first; hiding from the queue makes the
// post vanish for a member on their next sync; the author is told kindly, with the reason, and
// their request for a second look reaches the queue; a pause on posting is told to the person.
// In a community of its own, so the reports above do not crowd its queue.
describe('moderating', () => {
	// Three phones, each set up, writing and syncing through the real server: minutes, not seconds.
	const STEP_TIMEOUT = 180_000;
	const stamp = Date.now() % 100_000;
	const spamTitle = `Cheap deals ${stamp}`;
	const spamBody = 'Message me for a good price.';
	const riskReply = `Nothing matters any more ${stamp}`;
	const rudeTitle = `You lot ${stamp}`;
	const hideReason = 'Selling is not allowed here.';
	const muteReason = 'Please take a short break and come back kinder.';
	let rowan: Phone;
	let ash: Phone;
	let birch: Phone;
	let spamPath = '';
	const COMMUNITY = 'caregivers';
	const community = (path = '') => `${suite.app().url}/communities/${COMMUNITY}${path}`;

	const phoneHere = (name: string): Promise<Phone> =>
		phoneInCommunity(suite.browser(), suite.app().url, name, COMMUNITY);

	async function writeThread(page: Page, title: string, body: string): Promise<string> {
		await page.goto(community('/new'));
		await page.getByLabel('Title').fill(title);
		await page.getByLabel('What would you like to share?').fill(body);
		await page.getByRole('button', { name: 'Post' }).click();
		await page.waitForURL(new RegExp(`/communities/${COMMUNITY}/t/[a-z0-9]+$`));
		return new URL(page.url()).pathname;
	}

	async function reportPost(page: Page, post: Locator, reason: string): Promise<void> {
		await post.getByRole('button', { name: 'Report', exact: true }).click();
		const dialog = page.getByRole('dialog', { name: 'Report this post' });
		await dialog.getByRole('radio', { name: reason, exact: true }).check();
		await dialog.getByRole('button', { name: 'Send report' }).click();
		await dialog.getByText(THANKS).waitFor();
		await dialog.getByRole('button', { name: 'Close' }).click();
	}

	async function userIdOf(page: Page): Promise<string> {
		await page.goto(`${suite.app().url}/settings`);
		const text = (await page.getByTestId('identity-user-id').textContent()) ?? '';
		return text.trim().split(' ').at(-1) ?? '';
	}

	const reportCards = (page: Page) => page.getByRole('main').getByRole('article');

	async function openNotice(page: Page, title: string): Promise<Locator> {
		const notice = page.getByRole('article').filter({ hasText: title });
		// The server writes the notice as the moderator's change arrives: look again until it is there.
		await expect
			.poll(async () => {
				await page.goto(`${suite.app().url}/notices`);
				await page.getByRole('heading', { level: 1, name: 'Notices from moderators' }).waitFor();
				await page.getByText('Looking for notices…').waitFor({ state: 'detached' });
				return notice.count();
			}, SYNC_TIMEOUT)
			.toBe(1);
		return notice;
	}

	it(
		'shows reports in the moderator’s queue, the person at risk first',
		async () => {
			rowan = await phoneHere(`Rowan ${stamp}`);
			await suite.app().appointModerator(COMMUNITY, await userIdOf(rowan.page));

			ash = await phoneHere(`Ash M ${stamp}`);
			spamPath = await writeThread(ash.page, spamTitle, spamBody);
			await reply(ash.page, riskReply);
			const rudePath = await writeThread(ash.page, rudeTitle, 'Nobody here knows anything.');

			birch = await phoneHere(`Birch M ${stamp}`);
			await birch.page.goto(suite.app().url + spamPath);
			await birch.page.getByText(spamBody).waitFor(SYNC_TIMEOUT);
			await reportPost(birch.page, birch.page.getByRole('article').first(), 'Spam');
			await replyCard(birch.page, riskReply).waitFor(SYNC_TIMEOUT);
			await reportPost(birch.page, replyCard(birch.page, riskReply), RISK);
			await birch.page.goto(suite.app().url + rudePath);
			await birch.page.getByText('Nobody here knows anything.').waitFor(SYNC_TIMEOUT);
			await reportPost(
				birch.page,
				birch.page.getByRole('article').first(),
				'Harassment or bullying'
			);

			// A fresh start asks the server for Rowan's roles: the community page offers the queue.
			await rowan.page.goto(community());
			await rowan.page.getByRole('link', { name: 'Moderation' }).click();
			await rowan.page.getByRole('heading', { level: 1, name: 'Reports in Caregivers' }).waitFor();
			const cards = reportCards(rowan.page);
			await expect.poll(() => cards.count(), SYNC_TIMEOUT).toBe(3);
			const first = cards.first();
			await first.getByText('May be at risk').waitFor();
			await first.getByRole('heading', { name: RISK }).waitFor();
			expect(await first.getByRole('link', { name: 'crisis lines' }).getAttribute('href')).toBe(
				'/crisis'
			);
			// The post's words are there to read before acting, with a way to open it.
			await first.getByText(riskReply).waitFor(SYNC_TIMEOUT);
			expect(await first.getByRole('link', { name: 'Open the post' }).getAttribute('href')).toBe(
				spamPath
			);
			expect(await seriousViolations(rowan.page, 'the queue')).toEqual([]);
			// Nobody else sees the queue.
			await birch.page.goto(community('/moderate'));
			await birch.page.getByText('This page is for the community’s moderators.').waitFor();
		},
		STEP_TIMEOUT
	);

	it(
		'hides a post from the queue, and it vanishes for a member on their next sync',
		async () => {
			await birch.page.goto(community());
			await birch.page.getByRole('link', { name: spamTitle }).waitFor(SYNC_TIMEOUT);

			const card = reportCards(rowan.page).filter({ hasText: spamTitle });
			await card.getByRole('button', { name: 'Hide', exact: true }).click();
			await card.getByLabel('Reason (the author will see it)').fill(hideReason);
			await card.getByRole('button', { name: 'Hide the post' }).click();
			await rowan.page.getByText('The post is hidden, and the report is closed.').waitFor();
			await expect.poll(() => reportCards(rowan.page).count()).toBe(2);

			// Birch's page stays open: the hide arrives by sync, and the thread leaves the list.
			await expect
				.poll(() => birch.page.getByRole('link', { name: spamTitle }).count(), SYNC_TIMEOUT)
				.toBe(0);
		},
		STEP_TIMEOUT
	);

	it(
		'tells the author kindly, and their request for a second look reaches the queue',
		async () => {
			const notice = await openNotice(ash.page, 'Your post in Caregivers is hidden for now');
			await notice.getByText(`Their reason: “${hideReason}”`).waitFor();
			await notice.getByRole('button', { name: 'Ask for a second look' }).click();
			await notice
				.getByLabel('Anything you would like them to know? (optional)')
				.fill('I was only sharing a tip.');
			await notice.getByRole('button', { name: 'Send the request' }).click();
			await notice.getByText('Moderators will look again.').waitFor();
			await ash.page.reload();
			await notice.getByText(/^You asked for a second look on /).waitFor();
			expect(await seriousViolations(ash.page, 'notices')).toEqual([]);

			await rowan.page.reload();
			const card = reportCards(rowan.page).filter({ hasText: 'The author asks for a second look' });
			await card.waitFor(SYNC_TIMEOUT);
			await card.getByText('The author wrote: “I was only sharing a tip.”').waitFor();
			await card.getByText(`Moderators’ reason before: “${hideReason}”`).waitFor();
			await card.getByRole('button', { name: 'Keep hidden' }).click();
			await card.getByRole('button', { name: 'Keep it hidden' }).click();
			await rowan.page.getByText('The post stays hidden, and the request is closed.').waitFor();
		},
		STEP_TIMEOUT
	);

	it(
		'pauses someone’s posting, and they are told',
		async () => {
			const card = reportCards(rowan.page).filter({ hasText: rudeTitle });
			await card.getByText(rudeTitle).waitFor(SYNC_TIMEOUT);
			await card.getByRole('button', { name: 'Pause posting' }).click();
			await card.getByRole('radio', { name: '3 days' }).check();
			await card.getByLabel('Reason (the author will see it)').fill(muteReason);
			await card.getByRole('button', { name: 'Pause their posting' }).click();
			await rowan.page.getByText('Their posting is paused, and the report is closed.').waitFor();

			const notice = await openNotice(ash.page, 'Posting in Caregivers is paused for you');
			await notice.getByText(`Their reason: “${muteReason}”`).waitFor();
			await notice.getByText(/You can post here again from /).waitFor();
		},
		STEP_TIMEOUT
	);

	it('closes the last report and keeps every action in the log', async () => {
		const card = reportCards(rowan.page).first();
		await card.getByRole('button', { name: 'No action needed' }).click();
		await card.getByRole('button', { name: 'Close the report' }).click();
		await rowan.page.getByText('Nothing to look at right now.', { exact: false }).waitFor();

		await rowan.page.getByRole('link', { name: 'Moderators’ log' }).click();
		await rowan.page
			.getByRole('heading', { level: 1, name: 'Moderators’ log in Caregivers' })
			.waitFor();
		await rowan.page.getByText('You hid a post').waitFor();
		await rowan.page.getByText(`Why: ${hideReason}`).first().waitFor();
		await rowan.page.getByText('You paused someone’s posting').waitFor();
		await rowan.page.getByText('An administrator made someone a moderator').waitFor();
		expect(await seriousViolations(rowan.page, 'the log')).toEqual([]);
		for (const phone of [rowan, ash, birch]) await phone.context.close();
	});
});
