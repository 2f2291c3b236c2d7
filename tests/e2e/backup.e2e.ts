// Backups in a real browser against the whole server. One phone writes two entries and makes an
// encrypted backup from Settings (making its journal recovery code on the way); the file holds
// none of the words. A second, fresh phone refuses a cut-short copy and a picture with the right
// words and keeps its own entry untouched, then restores the backup with the code and shows both
// entries. A readable copy is offered only after a warning and a tick, and does hold the words.
// axe finds nothing serious in the section.
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { phoneContext, useBrowserSuite } from '../support/browser';

const suite = useBrowserSuite();

const ENTRY_LABEL = 'What is on your mind?';
// Opening a backup derives a key from the recovery code: generous waits for that.
const SLOW = { timeout: 20_000 };
/** The first bytes of a PNG: what a person picking the wrong file might choose. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function writeEntry(page: Page, url: string, text: string): Promise<void> {
	await page.goto(url + '/journal/new');
	await page.getByLabel(ENTRY_LABEL).fill(text);
	await page.waitForURL(/\/journal\/(?!new$)[a-z0-9]+$/);
	await page.getByText('Saved on this device').waitFor();
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<Download> {
	const download = page.waitForEvent('download');
	await click();
	return download;
}

async function text(download: Download): Promise<string> {
	return readFile(await download.path(), 'utf8');
}

describe('backing up the journal', () => {
	const stamp = Date.now() % 100_000;
	const words = [`The heron came back to the river ${stamp}`, `Called my sister today ${stamp}`];
	const onB = `Already on the new phone ${stamp}`;
	const contexts: BrowserContext[] = [];
	let backupName = '';
	let backup = '';
	let code = '';

	const url = (path = '') => suite.app().url + path;

	afterAll(async () => {
		await Promise.all(contexts.map((context) => context.close()));
	});

	it('makes a recovery code and an encrypted backup holding none of the words', async () => {
		const context = await phoneContext(suite.browser());
		contexts.push(context);
		const page = await context.newPage();
		for (const entry of words) await writeEntry(page, url(), entry);

		await page.goto(url('/settings'));
		const section = page.locator('#your-data');
		await section.getByRole('heading', { name: 'Make an encrypted backup' }).waitFor();
		await section.getByText('You don’t have one yet').waitFor();
		await section.getByRole('button', { name: 'Make a recovery code and a backup' }).click();
		await section.getByRole('heading', { name: 'Your journal recovery code' }).waitFor(SLOW);
		const groups = await section
			.getByTestId('journal-recovery-code')
			.locator('code')
			.allTextContents();
		expect(groups.length).toBeGreaterThan(4);
		code = groups.join('-');

		await section.getByLabel('I’ve written it down somewhere safe').check();
		const file = await downloaded(page, () =>
			section.getByRole('button', { name: 'Done' }).click()
		);
		backupName = file.suggestedFilename();
		expect(backupName).toMatch(/^hearth-backup-\d{4}-\d{2}-\d{2}\.json$/);
		backup = await text(file);
		expect(backup.startsWith('{"format":"hearth-backup"')).toBe(true);
		for (const entry of words) expect(backup).not.toContain(entry);
		expect(backup).not.toContain('heron');
		await section.getByText(`Your backup is saved as ${backupName}`).waitFor();
		expect(await section.getByTestId('journal-recovery-code').count()).toBe(0);

		// A second backup needs no new code.
		const again = await downloaded(page, () =>
			section.getByRole('button', { name: 'Make a backup', exact: true }).click()
		);
		expect(again.suggestedFilename()).toBe(backupName);
	});

	it('offers a readable copy only after the warning, and it holds the words', async () => {
		const [context] = contexts;
		const page = context?.pages()[0];
		if (page === undefined) throw new Error('the first phone is gone');
		const section = page.locator('#your-data');
		await section.getByText('A readable copy').click();
		await section
			.getByText('Anyone who has this file can read everything in it. Keep it somewhere only you')
			.waitFor();
		const markdownButton = section.getByRole('button', { name: /journal as text/ });
		expect(await markdownButton.count()).toBe(0);
		await section.getByLabel('I understand that this copy is not protected').check();

		const markdown = await downloaded(page, () => markdownButton.click());
		expect(markdown.suggestedFilename()).toMatch(/^hearth-journal-.*\.md$/);
		const markdownText = await text(markdown);
		for (const entry of words) expect(markdownText).toContain(entry);
		expect(markdownText).toContain('Anyone who has this file can read everything in it.');

		const json = await downloaded(page, () =>
			section.getByRole('button', { name: /everything as data/ }).click()
		);
		const copy = JSON.parse(await text(json)) as { journal: { text: string }[] };
		expect(copy.journal.map((entry) => entry.text).sort()).toEqual([...words].sort());

		expect(await seriousViolations(page, 'settings, your data')).toEqual([]);
	});

	it('refuses a cut-short copy and a picture on a new phone, changing nothing', async () => {
		const context = await phoneContext(suite.browser());
		contexts.push(context);
		const page = await context.newPage();
		await writeEntry(page, url(), onB);
		await page.goto(url('/settings'));
		const form = page.getByTestId('backup-restore');
		const note = page.getByTestId('backup-restore-note');
		await form.getByLabel('Journal recovery code', { exact: true }).fill(code);

		await form.getByLabel('Backup file').setInputFiles({
			name: backupName,
			mimeType: 'application/json',
			buffer: Buffer.from(backup.slice(0, Math.floor(backup.length / 2)))
		});
		await form.getByRole('button', { name: 'Restore' }).click();
		await expect.poll(() => note.textContent(), SLOW).toContain('This backup is incomplete');
		expect(await note.textContent()).toContain('Nothing on this phone was changed.');

		await form.getByLabel('Backup file').setInputFiles({
			name: 'holiday.png',
			mimeType: 'image/png',
			buffer: PNG
		});
		await form.getByRole('button', { name: 'Restore' }).click();
		await expect.poll(() => note.textContent(), SLOW).toContain('This isn’t a Hearth backup');
		expect(await note.textContent()).toContain('Nothing on this phone was changed.');

		expect(await seriousViolations(page, 'settings, a refused restore')).toEqual([]);

		await page.getByRole('link', { name: 'Journal', exact: true }).click();
		await page.getByText(onB).waitFor();
		for (const entry of words) expect(await page.getByText(entry).count()).toBe(0);
	});

	it('restores the backup with the recovery code, next to what the new phone had', async () => {
		const page = contexts[1]?.pages()[0];
		if (page === undefined) throw new Error('the second phone is gone');
		await page.goto(url('/settings'));
		const form = page.getByTestId('backup-restore');
		const note = page.getByTestId('backup-restore-note');

		// A slip of the finger is caught by the code's checksum.
		const slipped = (code[0] === 'A' ? 'B' : 'A') + code.slice(1);
		await form.getByLabel('Backup file').setInputFiles({
			name: backupName,
			mimeType: 'application/json',
			buffer: Buffer.from(backup)
		});
		await form.getByLabel('Journal recovery code', { exact: true }).fill(slipped);
		await form.getByRole('button', { name: 'Restore' }).click();
		await expect.poll(() => note.textContent(), SLOW).toContain('typing mistake');

		await form
			.getByLabel('Journal recovery code', { exact: true })
			.fill(code.toLowerCase().replaceAll('-', ' '));
		await form.getByRole('button', { name: 'Restore' }).click();
		await expect
			.poll(() => note.textContent(), SLOW)
			.toContain('Your backup is back: 2 entries were added.');

		await page.getByRole('link', { name: 'Journal', exact: true }).click();
		for (const entry of [...words, onB]) await page.getByText(entry).waitFor();

		// Still there after a reload: written to the phone, not only shown.
		await page.reload();
		for (const entry of [...words, onB]) await page.getByText(entry).waitFor(SLOW);
	});
});
