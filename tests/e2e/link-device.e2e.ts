// Linking a second phone in a real browser, against the whole server. Phone A sets up, writes an
// entry and makes a link code in Settings; a fresh phone B types it at /welcome/link (after a
// typo, which is caught on the phone) and becomes the same person: the same name and user id in
// Settings. B has A's journal key too: A's sealed row, copied as it is into B's storage, opens
// and shows on B. The used code then fails on a third phone with a clear message, as does one
// cancelled in Settings. axe finds nothing serious on /welcome/link or in the Settings section.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { phoneContext, useBrowserSuite } from '../support/browser';
import { onboard } from '../support/onboarding';
import { storedRows } from '../support/stored-rows';

const suite = useBrowserSuite();

const ENTRY_LABEL = 'What is on your mind?';
const SLOW = { timeout: 20_000 };

interface RawRow {
	id: string;
	record: unknown;
}

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

/** Puts rows into the journal table as they are, the way a synced copy would arrive. */
async function putRows(page: Page, rows: RawRow[]): Promise<void> {
	await page.evaluate(
		(copied) =>
			new Promise<void>((done, fail) => {
				const open = indexedDB.open('hearth');
				open.onerror = () => fail(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction('journal', 'readwrite');
					for (const row of copied) tx.objectStore('journal').put(row);
					tx.oncomplete = () => {
						db.close();
						done();
					};
					tx.onerror = () => fail(tx.error);
				};
			}),
		rows
	);
}

async function shownIdentity(page: Page, url: string): Promise<{ name: string; userId: string }> {
	await page.goto(url + '/settings');
	const name = page.getByTestId('identity-name');
	await expect.poll(() => name.textContent(), SLOW).toMatch(/^You are .+\.$/);
	const idText = (await page.getByTestId('identity-user-id').textContent()) ?? '';
	return {
		name: (await name.textContent()) ?? '',
		userId: /[a-z2-7]{26}/.exec(idText)?.[0] ?? ''
	};
}

async function typeCode(page: Page, code: string): Promise<void> {
	await page.getByLabel('Link code').fill(code);
	await page.getByRole('button', { name: 'Link this phone' }).click();
}

describe('linking a second phone', () => {
	const stamp = Date.now() % 100_000;
	const name = `Wren ${stamp}`;
	const words = `Walked by the river at dawn ${stamp}`;
	const contexts: BrowserContext[] = [];
	const url = (path = '') => suite.app().url + path;
	let phoneA: Page;
	let code = '';
	let rowsOfA: RawRow[] = [];

	afterAll(async () => {
		await Promise.all(contexts.map((context) => context.close()));
	});

	it('shows a link code in Settings, with a warning and the minutes it has left', async () => {
		phoneA = await newPhone(contexts);
		await onboard(phoneA, url(), name);
		await writeEntry(phoneA, url(), words);
		rowsOfA = (await storedRows(phoneA, 'journal')) as RawRow[];
		expect(rowsOfA).toHaveLength(1);
		expect(JSON.stringify(rowsOfA)).not.toContain(words);

		await phoneA.goto(url('/settings'));
		const section = phoneA.locator('#your-devices');
		await section.getByRole('button', { name: 'Link another phone' }).click();
		await section.getByRole('heading', { name: 'Your link code' }).waitFor(SLOW);
		await section.getByText('Type it only into your own phone').waitFor();
		const groups = await section.getByTestId('link-code').locator('code').allTextContents();
		expect(groups).toHaveLength(9);
		for (const group of groups) expect(group).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}$/);
		code = groups.join('-');
		await expect
			.poll(() => section.getByTestId('link-countdown').textContent())
			.toMatch(/for the next (10:00|9:[0-5]\d)\./);
		expect(await seriousViolations(phoneA, 'settings, your devices')).toEqual([]);
	});

	it('catches a typo on the new phone, then links it as the same person', async () => {
		const phoneB = await newPhone(contexts);
		await phoneB.goto(url('/welcome'));
		await phoneB.getByRole('link', { name: 'I have a link code from my other phone' }).click();
		await phoneB.waitForURL(/\/welcome\/link$/);
		await phoneB.getByRole('heading', { name: 'Link this phone' }).waitFor();
		expect(await seriousViolations(phoneB, '/welcome/link')).toEqual([]);

		const first = code[0] === 'A' ? 'B' : 'A';
		const typo = first + code.slice(1);
		await typeCode(phoneB, typo);
		await phoneB.getByText('This code does not add up').waitFor();
		expect(await phoneB.getByLabel('Link code').inputValue()).toBe(typo);
		expect(await seriousViolations(phoneB, '/welcome/link with a problem')).toEqual([]);

		// Typed the way a person might: lower case, spaces instead of dashes.
		await typeCode(phoneB, code.toLowerCase().replaceAll('-', ' '));
		await phoneB.getByRole('heading', { name: 'This phone is linked' }).waitFor(SLOW);
		await phoneB.getByText(`Welcome back, ${name}.`).waitFor();

		const onA = await shownIdentity(phoneA, url());
		const onB = await shownIdentity(phoneB, url());
		expect(onB).toEqual(onA);
		expect(onB.name).toBe(`You are ${name}.`);

		// A's sealed row, copied as it is, opens on B: B has A's journal key.
		await putRows(phoneB, rowsOfA);
		await phoneB.goto(url('/journal'));
		await phoneB.getByText(words).waitFor(SLOW);
	});

	it('says clearly that a used code no longer works', async () => {
		const phoneC = await newPhone(contexts);
		await phoneC.goto(url('/welcome/link'));
		await typeCode(phoneC, code);
		await phoneC.getByText('This code doesn’t work any more').waitFor(SLOW);
		await phoneC.getByRole('heading', { name: 'Link this phone' }).waitFor();
	});

	it('cancels a code from Settings, so it stops working at once', async () => {
		await phoneA.goto(url('/settings'));
		const section = phoneA.locator('#your-devices');
		await section.getByRole('button', { name: 'Link another phone' }).click();
		// The code comes from the server: read it once it shows, as the first test does.
		await section.getByRole('heading', { name: 'Your link code' }).waitFor(SLOW);
		const groups = await section.getByTestId('link-code').locator('code').allTextContents();
		expect(groups).toHaveLength(9);
		await section.getByRole('button', { name: 'Cancel' }).click();
		await section.getByText('The code is cancelled and no longer works.').waitFor();
		expect(await section.getByTestId('link-code').count()).toBe(0);

		const phoneD = await newPhone(contexts);
		await phoneD.goto(url('/welcome/link'));
		await typeCode(phoneD, groups.join('-'));
		await phoneD.getByText('This code doesn’t work any more').waitFor(SLOW);
	});
});
