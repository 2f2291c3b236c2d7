// A journal kept for years, on a phone, in a real browser: the list shows the newest entries a
// page at a time (keyboard and screen reader included), search still sees every entry, and the
// order index that lets a reload show the newest first is sealed like the entries, and rebuilt
// without loss when it is damaged. The entries are written as an older version stored them, and
// the app seals them itself at its next start, as it does for an old device's rows.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHlc } from '../../src/lib/domain/journal/hlc';
import { seriousViolations } from '../support/axe';
import { openControlled, phoneContext, useBrowserSuite } from '../support/browser';

const suite = useBrowserSuite();
const ENTRIES = 120;
const HOUR = 3_600_000;
let page: Page;

/** Entry `n` was written `n` hours ago and holds the word `entry<n>`. */
function plainRows(now: number): { id: string; record: unknown }[] {
	return Array.from({ length: ENTRIES }, (_, n) => {
		const id = `many${String(n).padStart(4, '0')}`;
		const createdAt = now - n * HOUR;
		const revision = `${id}-r1`;
		const record = {
			v: 1,
			id,
			createdAt,
			deletedAt: null,
			revisions: {
				[revision]: {
					id: revision,
					parent: null,
					at: formatHlc({ wall: createdAt, counter: 0, node: 'older-version' }),
					device: 'older-version',
					text: `Some words for the day, entry${n}.`,
					mood: (n % 5) + 1,
					tags: [],
					prompt: null
				}
			}
		};
		return { id, record };
	});
}

/** Runs one IndexedDB request on the app's database, outside the app. */
function idb(
	store: string,
	mode: 'get' | 'put' | 'delete' | 'getAll',
	arg?: unknown
): Promise<unknown> {
	return page.evaluate(
		({ store, mode, arg }) =>
			new Promise<unknown>((resolve, reject) => {
				const open = indexedDB.open('hearth');
				open.onerror = () => reject(open.error ?? new Error('open failed'));
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(
						store,
						mode === 'get' || mode === 'getAll' ? 'readonly' : 'readwrite'
					);
					const objects = tx.objectStore(store);
					let result: unknown;
					if (mode === 'getAll')
						objects.getAll().onsuccess = (e) => (result = (e.target as IDBRequest).result);
					else if (mode === 'get')
						objects.get(arg as string).onsuccess = (e) =>
							(result = (e.target as IDBRequest).result);
					else if (mode === 'delete') objects.delete(arg as string);
					else for (const row of arg as unknown[]) objects.put(row);
					tx.oncomplete = () => {
						db.close();
						resolve(result);
					};
					tx.onerror = () => reject(tx.error ?? new Error('request failed'));
				};
			}),
		{ store, mode, arg }
	);
}

const listStatus = () => page.locator('main [role="status"]').first();
const entryLinks = () => page.locator('main a[href^="/journal/many"]');

beforeAll(async () => {
	const context = await phoneContext(suite.browser());
	page = await context.newPage();
	await openControlled(page, `${suite.app().url}/journal`);
	await sealed(20_000);
	await context.setOffline(true);
	await idb('journal', 'put', plainRows(Date.now()));
	await idb('meta', 'delete', 'journal-sealed');
	await page.reload();
	await sealed(30_000);
}, 90_000);

/** Waits until the app has sealed every journal row (its `journal-sealed` mark is set). */
async function sealed(timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const mark = (await idb('meta', 'get', 'journal-sealed').catch(() => undefined)) as
			{ value: unknown } | undefined;
		if (mark?.value === true) return;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error('The app did not seal the journal in time.');
}

afterAll(async () => {
	await page?.context().close();
});

describe('a journal of many entries', () => {
	it('shows the newest page after a reload, and says how many of how many', async () => {
		await page.reload();
		await entryLinks().first().waitFor();
		await expect.poll(() => entryLinks().first().getAttribute('href')).toBe('/journal/many0000');
		await expect
			.poll(() => listStatus().textContent())
			.toBe(`Showing the newest 40 of ${ENTRIES} entries`);
		expect(await entryLinks().count()).toBe(40);
		expect(await seriousViolations(page, 'the journal list')).toEqual([]);
	});

	it('shows older entries from the keyboard, moving focus to the first one added', async () => {
		const more = page.getByRole('button', { name: 'Show older entries' });
		await more.focus();
		await page.keyboard.press('Enter');
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.getAttribute('href')))
			.toBe('/journal/many0040');
		await expect
			.poll(() => listStatus().textContent())
			.toBe(`Showing the newest 80 of ${ENTRIES} entries`);
		await more.click();
		await expect.poll(() => listStatus().textContent()).toBe(`${ENTRIES} entries`);
		expect(await more.count()).toBe(0);
	});

	it('finds the oldest entry by search', async () => {
		await page.getByLabel('Search your journal').fill(`entry${ENTRIES - 1}`);
		await page.getByText('1 entry found').waitFor();
		await page.getByLabel('Search your journal').fill('');
	});

	it('keeps its order index sealed: no id or date readable', async () => {
		const row = (await idb('meta', 'get', 'journal-order')) as { value: unknown } | undefined;
		expect(row?.value).toMatchObject({ kid: expect.any(String), iv: expect.any(String) });
		const text = JSON.stringify(row?.value);
		expect(text).not.toContain('many0000');
		expect(text).not.toMatch(/\d{13}/);
	});

	it('loses nothing when the order index is damaged, and rebuilds it', async () => {
		const before = (await idb('meta', 'get', 'journal-order')) as { value: unknown };
		await idb('meta', 'put', [
			{ key: 'journal-order', value: { kid: 'x', iv: 'AAAA', ct: 'AAAA' } }
		]);
		await page.reload();
		await expect
			.poll(() => listStatus().textContent())
			.toBe(`Showing the newest 40 of ${ENTRIES} entries`);
		await expect.poll(() => entryLinks().first().getAttribute('href')).toBe('/journal/many0000');
		const after = (await idb('meta', 'get', 'journal-order')) as { value: { ct: string } };
		expect(after.value.ct).not.toBe('AAAA');
		expect(after.value).not.toEqual(before.value);
	});
});
