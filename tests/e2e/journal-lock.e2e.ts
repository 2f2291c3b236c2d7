// The journal lock in a real browser against the whole server: the journal's rows in IndexedDB
// never hold its words, mood or feelings; a passphrase set in Settings (with its journal recovery
// code) is needed after a reload, and the entry's words are nowhere on the page until it is
// typed; the Lock button, the recovery code and hiding the app all work; and axe finds nothing
// serious on the unlock screen or the lock's part of Settings.
//
// Each unlock and each new passphrase costs a full key derivation (600,000 PBKDF2 rounds, about a
// second in headless Chromium): the generous timeouts below are for that, not for flakiness.
import type { BrowserContext, Page } from 'playwright-core';
import { FREE_ATTEMPTS } from '../../src/lib/domain/journal-crypto/attempt-delay';
import { afterAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { phoneContext, useBrowserSuite } from '../support/browser';
import { storedRows } from '../support/stored-rows';

const suite = useBrowserSuite();

const ENTRY_LABEL = 'What is on your mind?';
const PASSPHRASE = 'kettle river seven blue';
const SLOW = { timeout: 20_000 };

/** Makes the page believe it is out of sight, as a switch to another app does. */
async function hidePage(page: Page): Promise<void> {
	await page.evaluate(() => {
		Object.defineProperty(document, 'visibilityState', {
			configurable: true,
			get: () => 'hidden'
		});
		Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
		document.dispatchEvent(new Event('visibilitychange'));
	});
}

async function showPage(page: Page): Promise<void> {
	await page.evaluate(() => {
		// Removing the page's own getters brings back the browser's real ones.
		Reflect.deleteProperty(document, 'visibilityState');
		Reflect.deleteProperty(document, 'hidden');
		document.dispatchEvent(new Event('visibilitychange'));
	});
}

describe('the journal lock', () => {
	const stamp = Date.now() % 100_000;
	const words = `The letter from my sister made me cry ${stamp}`;
	const feeling = `homesick${stamp}`;
	let context: BrowserContext;
	let page: Page;
	let entryPath = '';
	let recoveryCode = '';

	const url = (path: string) => suite.app().url + path;
	const unlockForm = () => page.getByTestId('journal-unlock');
	const entryText = () => page.getByText(words);

	/** The entry's words are nowhere in the page: not shown, not hidden, not in an attribute. */
	async function wordsInDom(): Promise<boolean> {
		return page.evaluate((needle) => document.documentElement.outerHTML.includes(needle), words);
	}

	async function unlockWithPassphrase(secret: string): Promise<void> {
		await page.getByLabel('Your passphrase').fill(secret);
		await page.getByRole('button', { name: 'Unlock', exact: true }).click();
	}

	afterAll(async () => {
		await context?.close();
	});

	it('keeps no words, mood or feelings readable in the stored rows, even without a lock', async () => {
		context = await phoneContext(suite.browser());
		await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
			origin: suite.app().url
		});
		page = await context.newPage();
		await page.goto(url('/journal/new'));
		await page.getByLabel(ENTRY_LABEL).fill(words);
		await page.getByRole('radio', { name: 'Very low' }).check();
		await page.getByRole('button', { name: 'lonely', exact: true }).click();
		await page.getByPlaceholder('Add your own feeling').fill(feeling);
		await page.getByRole('button', { name: 'Add', exact: true }).click();
		await page.waitForURL(/\/journal\/(?!new$)[a-z0-9]+$/);
		await page.getByText('Saved on this device').waitFor();
		entryPath = new URL(page.url()).pathname;
		const id = entryPath.split('/').pop();

		const rows = await storedRows(page, 'journal');
		expect(rows).toHaveLength(1);
		const row = rows[0] as { id: string; record: Record<string, unknown> };
		expect(row.id).toBe(id);
		expect(Object.keys(row).sort()).toEqual(['id', 'record']);
		expect(Object.keys(row.record).sort()).toEqual(['ct', 'iv', 'kid', 'v']);
		const stored = JSON.stringify(rows);
		for (const secret of [words, feeling, 'lonely', 'mood', 'tags', 'text']) {
			expect(stored, `the stored rows hold “${secret}”`).not.toContain(secret);
		}
	});

	it('sets a passphrase lock in Settings, with a journal recovery code shown once', async () => {
		await page.goto(url('/settings'));
		const section = page.locator('#journal-lock');
		await section.getByRole('button', { name: 'Set up a lock' }).click();
		await section.getByLabel('A passphrase (recommended)').check();

		// Problems are found before anything is saved, and said beside their field.
		await section.getByLabel('Passphrase', { exact: true }).fill('short');
		await section.getByLabel('Type the passphrase again').fill('short');
		await section.getByRole('button', { name: 'Turn on the lock' }).click();
		await expect
			.poll(() => section.getByLabel('Passphrase', { exact: true }).getAttribute('aria-invalid'))
			.toBe('true');
		await section.getByText('Please use at least 8 characters').waitFor();

		await section.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
		await section.getByLabel('Type the passphrase again').fill(PASSPHRASE + ' ');
		await section.getByRole('button', { name: 'Turn on the lock' }).click();
		await section.getByText('The two do not match').waitFor();
		await section.getByLabel('Type the passphrase again').fill(PASSPHRASE);
		await section.getByRole('button', { name: 'Turn on the lock' }).click();

		await section.getByRole('heading', { name: 'Your journal recovery code' }).waitFor(SLOW);
		await section.getByText('This is not your account recovery code').waitFor();
		const groups = await section
			.getByTestId('journal-recovery-code')
			.locator('code')
			.allTextContents();
		expect(groups).toHaveLength(14);
		recoveryCode = groups.join('-');

		// What reaches the clipboard is noted on its way (the page's policy allows writing it, not
		// reading it back).
		await page.evaluate(() => {
			const clipboard = navigator.clipboard;
			const write = clipboard.writeText.bind(clipboard);
			clipboard.writeText = (text: string) => {
				document.body.dataset.copied = text;
				return write(text);
			};
		});
		await section.getByRole('button', { name: 'Copy' }).click();
		await section.getByText('Copied.').waitFor();
		expect(await page.evaluate(() => document.body.dataset.copied)).toBe(recoveryCode);
		await page.evaluate(() => delete document.body.dataset.copied);

		// Done asks for the tick box first.
		await section.getByRole('button', { name: 'Done' }).click();
		await section.getByText('Please tick the box').waitFor();
		await section.getByLabel('I’ve written it down somewhere safe').check();
		await section.getByRole('button', { name: 'Done' }).click();
		await section.getByText('The lock is on.').waitFor();
		await section.getByRole('button', { name: 'Lock now' }).waitFor();
		expect(await section.getByTestId('journal-recovery-code').count()).toBe(0);
	});

	it('asks for the passphrase after a reload, showing none of the journal until then', async () => {
		await page.goto(url('/journal'));
		await unlockForm().waitFor(SLOW);
		expect(await wordsInDom()).toBe(false);
		await page.goto(url(entryPath));
		await unlockForm().waitFor();
		expect(await wordsInDom()).toBe(false);
		await page.goto(url('/'));
		await page.getByText('Your journal is locked').waitFor();
		expect(await wordsInDom()).toBe(false);
		await page.getByRole('link', { name: 'Unlock your journal' }).click();
		await unlockForm().waitFor();
		// Arriving at the form puts the person in its field.
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('unlock-secret');

		await unlockWithPassphrase('kettle river seven green');
		await page.getByText('That passphrase does not open this journal').waitFor(SLOW);
		expect(await wordsInDom()).toBe(false);
		expect(await page.getByLabel('Your passphrase').getAttribute('aria-invalid')).toBe('true');

		await unlockWithPassphrase(PASSPHRASE);
		await entryText().waitFor(SLOW);
		expect(await unlockForm().count()).toBe(0);
	});

	it('locks with the Lock button', async () => {
		await page.getByRole('button', { name: 'Lock your journal now' }).click();
		await unlockForm().waitFor();
		expect(await wordsInDom()).toBe(false);
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('unlock-secret');
		await unlockWithPassphrase(PASSPHRASE);
		await entryText().waitFor(SLOW);
	});

	it('opens with the journal recovery code too, then invites a new passphrase', async () => {
		await page.getByRole('button', { name: 'Lock your journal now' }).click();
		await page.getByRole('button', { name: 'Forgot it?' }).click();
		await page.getByText('not even the Hearth team').waitFor();
		const field = page.getByLabel('Journal recovery code');
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('unlock-code');

		// A slip of the finger is caught by the code's checksum, and said kindly.
		const slipped = (recoveryCode[0] === 'A' ? 'B' : 'A') + recoveryCode.slice(1);
		await field.fill(slipped);
		await page.getByRole('button', { name: 'Unlock with the code' }).click();
		await page.getByText('That code has a typing mistake somewhere').waitFor(SLOW);

		// Typed the way a person might: lower case, spaces for dashes.
		await field.fill(recoveryCode.toLowerCase().replaceAll('-', ' '));
		await page.getByRole('button', { name: 'Unlock with the code' }).click();
		await entryText().waitFor(SLOW);
		await page.getByRole('heading', { name: 'Your journal is open' }).waitFor();
		await page.getByRole('button', { name: 'Not now' }).click();
		expect(await page.getByRole('heading', { name: 'Your journal is open' }).count()).toBe(0);
	});

	it('locks when the app goes out of sight', async () => {
		// Within the app: loading a page afresh would start locked.
		await entryText().click();
		await page.waitForURL(url(entryPath));
		await expect.poll(() => page.getByLabel(ENTRY_LABEL).inputValue(), SLOW).toBe(words);
		await hidePage(page);
		await unlockForm().waitFor();
		await showPage(page);
		expect(await wordsInDom()).toBe(false);
		await unlockWithPassphrase(PASSPHRASE);
		await expect.poll(() => page.getByLabel(ENTRY_LABEL).inputValue(), SLOW).toBe(words);
	});

	it('has no serious accessibility problems on the unlock screen or in Settings', async () => {
		await page.getByRole('link', { name: 'Journal', exact: true }).click();
		await page.getByRole('button', { name: 'Lock your journal now' }).click();
		await unlockForm().waitFor();
		await unlockWithPassphrase('not the one at all');
		await page.getByText('That passphrase does not open this journal').waitFor(SLOW);
		const problems = await seriousViolations(page, 'unlock');
		await page.getByRole('button', { name: 'Forgot it?' }).click();
		problems.push(...(await seriousViolations(page, 'unlock with the code')));

		await page.getByRole('button', { name: 'Use my passphrase instead' }).click();
		await unlockWithPassphrase(PASSPHRASE);
		await entryText().waitFor(SLOW);
		await page.getByRole('link', { name: 'Settings', exact: true }).click();
		const section = page.locator('#journal-lock');
		await section.getByRole('button', { name: 'Lock now' }).waitFor();
		problems.push(...(await seriousViolations(page, 'settings with the lock on')));
		await section.getByRole('button', { name: 'Change passphrase or PIN' }).click();
		await section.getByRole('button', { name: 'Save the new one' }).click();
		problems.push(...(await seriousViolations(page, 'settings changing the passphrase')));
		expect(problems).toEqual([]);
	});

	it('turns the lock off, after saying what that means', async () => {
		const section = page.locator('#journal-lock');
		await section.getByRole('button', { name: 'Cancel' }).click();
		await section.getByRole('button', { name: 'Turn off the lock' }).click();
		await section.getByText('Your journal will open by itself on this phone').waitFor();
		await section.getByRole('button', { name: 'Yes, turn it off' }).click();
		await section.getByText('The lock is off.').waitFor(SLOW);
		await page.goto(url('/journal'));
		await entryText().waitFor(SLOW);
		expect(await page.getByRole('button', { name: 'Lock your journal now' }).count()).toBe(0);
	});
});

describe('wrong PINs', () => {
	let context: BrowserContext;

	afterAll(async () => {
		await context?.close();
	});

	it('slow down, and the page says until when, even after a reload', async () => {
		const origin = suite.app().url;
		context = await phoneContext(suite.browser());
		const page = await context.newPage();
		await page.goto(`${origin}/settings`);
		const section = page.locator('#journal-lock');
		await section.getByRole('button', { name: 'Set up a lock' }).click();
		await section.getByLabel('A PIN').check();
		await section.getByText('not someone who copies the phone’s storage').waitFor();
		await section.getByLabel('PIN', { exact: true }).fill('48a913');
		await section.getByLabel('Type the PIN again').fill('48a913');
		await section.getByRole('button', { name: 'Turn on the lock' }).click();
		await section.getByText('A PIN is numbers only.').waitFor();
		await section.getByLabel('PIN', { exact: true }).fill('482913');
		await section.getByLabel('Type the PIN again').fill('482913');
		await section.getByRole('button', { name: 'Turn on the lock' }).click();
		await section.getByLabel('I’ve written it down somewhere safe').check(SLOW);
		await section.getByRole('button', { name: 'Done' }).click();
		await section.getByText('Your journal now opens with your PIN').waitFor();

		await page.goto(`${origin}/journal`);
		const field = page.getByLabel('Your PIN');
		await field.waitFor(SLOW);
		expect(await field.getAttribute('inputmode')).toBe('numeric');
		const message = page.locator('#unlock-message');
		const unlock = page.getByRole('button', { name: 'Unlock', exact: true });
		/** One try, its answer awaited: an empty try first puts a marker in the message. */
		const tryPin = async (pin: string) => {
			await field.fill('');
			await unlock.click();
			await expect.poll(() => message.textContent()).toContain('Please type your PIN.');
			await field.fill(pin);
			await unlock.click();
			await expect
				.poll(() => message.textContent(), SLOW)
				.not.toMatch(/Please type your PIN|Opening your journal/);
		};
		for (let attempt = 1; attempt <= FREE_ATTEMPTS + 1; attempt++) {
			await tryPin('000000');
			expect(await message.textContent()).toMatch(/That PIN does not open this journal/);
		}
		expect(await message.textContent()).toContain('you can try again in less than a minute');

		await page.reload();
		await field.waitFor(SLOW);
		await expect.poll(() => message.textContent()).toContain('try again in less than a minute');
		// Even the right PIN waits its turn.
		await tryPin('482913');
		expect(await message.textContent()).toMatch(/^\s*To keep your journal safe/);
		expect(await page.getByTestId('journal-unlock').count()).toBe(1);
	});
});
