// Discretion on a shared phone, in a real browser against the whole server: page titles stay
// generic wherever the page shows a name, a thread or a journal entry; while the app is out of
// sight a plain cover hides the entry being written, without taking focus, and goes when the app
// is back; and the Settings switch turns the cover off, also after a reload.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useBrowserSuite } from '../support/browser';
import { phoneInCommunity, type Phone } from '../support/onboarding';
import { storedSetting } from '../support/stored-rows';

const suite = useBrowserSuite();

/** The only titles a page may have: the app's name, and the welcome screens' own. */
const GENERIC_TITLES = ['Hearth', 'Welcome to Hearth · Hearth', 'I already use Hearth · Hearth'];
const COVER = '[data-privacy-cover]';
const ENTRY_LABEL = 'What is on your mind?';

/** Makes the page believe it is out of sight (or back), as a switch to another app does. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
	await page.evaluate((hide) => {
		if (hide) {
			Object.defineProperty(document, 'visibilityState', {
				configurable: true,
				get: () => 'hidden'
			});
			Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
		} else {
			// Removing the page's own getters brings back the browser's real ones.
			Reflect.deleteProperty(document, 'visibilityState');
			Reflect.deleteProperty(document, 'hidden');
		}
		document.dispatchEvent(new Event('visibilitychange'));
	}, hidden);
}

/** What a person would see at the middle of the entry's text box: the box, or the cover. */
async function topmostOverEntry(page: Page): Promise<'entry' | 'cover' | 'other'> {
	const box = await page.getByLabel(ENTRY_LABEL).boundingBox();
	if (!box) throw new Error('The entry’s text box is not on the screen');
	return page.evaluate(
		({ x, y, cover }) => {
			const top = document.elementFromPoint(x, y);
			if (top?.closest(cover)) return 'cover';
			return top instanceof HTMLTextAreaElement ? 'entry' : 'other';
		},
		{ x: box.x + box.width / 2, y: box.y + box.height / 2, cover: COVER }
	);
}

describe('discretion on a shared phone', () => {
	const stamp = Date.now() % 100_000;
	const name = `Rowan ${stamp}`;
	const threadTitle = `Cannot sleep again ${stamp}`;
	const entryText = `Told nobody about the letter from the clinic ${stamp}`;
	let phone: Phone;
	let entryPath = '';
	let threadPath = '';

	afterAll(async () => {
		await phone?.context.close();
	});

	it('keeps every page title generic, whatever the page shows', async () => {
		const origin = suite.app().url;
		phone = await phoneInCommunity(suite.browser(), origin, name);
		const { page } = phone;

		await page.goto(`${origin}/communities/anxiety/new`);
		await page.getByLabel('Title').fill(threadTitle);
		await page.getByLabel('What would you like to share?').fill('The nights are long.');
		await page.getByRole('button', { name: 'Post' }).click();
		await page.waitForURL(/\/communities\/anxiety\/t\/[a-z0-9]+$/);
		threadPath = new URL(page.url()).pathname;

		await page.goto(`${origin}/journal/new`);
		await page.getByLabel(ENTRY_LABEL).fill(entryText);
		await page.getByText('Saved on this device').waitFor();
		await page.waitForURL(/\/journal\/(?!new$)[a-z0-9]+$/);
		entryPath = new URL(page.url()).pathname;

		const visited: Record<string, string> = {};
		for (const path of [
			'/',
			'/journal',
			'/journal/new',
			entryPath,
			'/mood',
			'/communities',
			'/communities/anxiety',
			threadPath,
			'/crisis',
			'/settings',
			'/welcome'
		]) {
			await page.goto(origin + path);
			await page.getByRole('heading', { level: 1 }).first().waitFor();
			visited[path] = await page.title();
		}
		// The pages really show what the titles must not: else this test could not fail.
		await page.goto(origin + threadPath);
		await page.getByRole('heading', { level: 1, name: threadTitle }).waitFor();
		for (const [path, title] of Object.entries(visited)) {
			expect(GENERIC_TITLES, `the title of ${path}`).toContain(title);
		}
	});

	it('covers the entry while the app is out of sight, and uncovers it on return', async () => {
		const { page } = phone;
		await page.goto(suite.app().url + entryPath);
		const entry = page.getByLabel(ENTRY_LABEL);
		await expect.poll(() => entry.inputValue()).toBe(entryText);
		await entry.focus();
		expect(await topmostOverEntry(page)).toBe('entry');

		await setHidden(page, true);
		const cover = page.locator(COVER);
		expect(await cover.count()).toBe(1);
		expect(await topmostOverEntry(page)).toBe('cover');
		expect(await cover.getAttribute('aria-hidden')).toBe('true');
		expect((await cover.innerText()).trim()).toBe('Hearth');
		// What the task switcher would keep: the cover fills the whole screen, corner to corner.
		const corners = await page.evaluate((selector) => {
			const points: [number, number][] = [
				[1, 1],
				[innerWidth - 2, 1],
				[1, innerHeight - 2],
				[innerWidth - 2, innerHeight - 2]
			];
			return points.map(([x, y]) => Boolean(document.elementFromPoint(x, y)?.closest(selector)));
		}, COVER);
		expect(corners).toEqual([true, true, true, true]);
		expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');

		await setHidden(page, false);
		expect(await cover.count()).toBe(0);
		expect(await topmostOverEntry(page)).toBe('entry');
		// Focus stayed in the entry, so typing carries on where it was.
		expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
		expect(await entry.inputValue()).toBe(entryText);

		// In a browser tab a lost focus is only a click elsewhere (the address bar): no cover.
		await page.evaluate(() => window.dispatchEvent(new Event('blur')));
		expect(await topmostOverEntry(page)).toBe('entry');
	});

	it('covers an open modal dialog too, which sits above every other layer', async () => {
		const { page } = phone;
		await page.evaluate(() => {
			const dialog = document.createElement('dialog');
			dialog.id = 'report';
			dialog.textContent = 'Why are you reporting this post?';
			document.body.append(dialog);
			dialog.showModal();
		});
		await setHidden(page, true);
		// A modal dialog makes the rest of the page inert, which hit tests skip: so compare what is
		// drawn. The cover over the dialog must look exactly like the cover alone.
		const overDialog = await page.screenshot();
		await page.evaluate(() => document.getElementById('report')?.remove());
		const alone = await page.screenshot();
		expect(overDialog.equals(alone)).toBe(true);
		await setHidden(page, false);
	});

	it('covers the installed app when its window loses focus', async () => {
		// Chromium cannot emulate an installed app's display mode, so this page answers the
		// display-mode query as an installed app would ('all' always matches).
		const page = await phone.context.newPage();
		await page.addInitScript(() => {
			const real = window.matchMedia.bind(window);
			window.matchMedia = (query: string) =>
				real(query.includes('display-mode: standalone') ? 'all' : query);
		});
		await page.goto(suite.app().url + entryPath);
		await expect.poll(() => page.getByLabel(ENTRY_LABEL).inputValue()).toBe(entryText);
		await page.evaluate(() => window.dispatchEvent(new Event('blur')));
		expect(await topmostOverEntry(page)).toBe('cover');
		await page.evaluate(() => window.dispatchEvent(new Event('focus')));
		expect(await topmostOverEntry(page)).toBe('entry');
		await page.close();
	});

	it('does not cover the app once the setting is off, and remembers that', async () => {
		const { page } = phone;
		const origin = suite.app().url;
		await page.goto(`${origin}/settings`);
		const toggle = page.getByLabel('Hide Hearth’s screen when I switch apps');
		expect(await toggle.isChecked()).toBe(true);
		await toggle.uncheck();
		// The setting is written to the device after the tap: reload only once it is there.
		await expect.poll(() => storedSetting(page, 'hideWhenAway')).toBe(false);
		await page.reload();
		await expect.poll(() => toggle.isChecked()).toBe(false);

		await page.goto(origin + entryPath);
		await expect.poll(() => page.getByLabel(ENTRY_LABEL).inputValue()).toBe(entryText);
		await setHidden(page, true);
		expect(await page.locator(COVER).count()).toBe(0);
		expect(await topmostOverEntry(page)).toBe('entry');
		await setHidden(page, false);
	});
});
