// A big community on a phone, in a real browser: the community page's first screen comes from
// the thread index the app keeps, and a long thread shows its latest replies first, with the
// earlier ones a tap away (keyboard and screen reader included). The records are written into
// the device's own copy of the community, offline, as a first sync would have left them.
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityRoom, monthOfTime } from '../../src/lib/domain/community/community-months';
import { seriousViolations } from '../support/axe';
import { useBrowserSuite } from '../support/browser';
import { replyRecord, threadRecord } from '../support/community-records';
import { phoneInCommunity, type Phone } from '../support/onboarding';

const suite = useBrowserSuite();
const SOMEONE = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
const REPLIES = 120;
let url = '';
let phone: Phone;
let page: Page;
let threadId = '';

/** Adds one update to a document's log on this device, as the app's persistence stores it. */
function storeUpdate(docName: string, update: Uint8Array): Promise<void> {
	return page.evaluate(
		({ docName, bytes }) =>
			new Promise<void>((resolve, reject) => {
				const request = indexedDB.open('hearth');
				request.onerror = () => reject(request.error ?? new Error('open failed'));
				request.onsuccess = () => {
					const db = request.result;
					const tx = db.transaction('docUpdates', 'readwrite');
					tx.objectStore('docUpdates').add({ docName, update: new Uint8Array(bytes) });
					tx.oncomplete = () => {
						db.close();
						resolve();
					};
					tx.onerror = () => reject(tx.error ?? new Error('write failed'));
				};
			}),
		{ docName, bytes: [...update] }
	);
}

function indexedTitles(): Promise<string[]> {
	return page.evaluate(
		() =>
			new Promise<string[]>((resolve, reject) => {
				const request = indexedDB.open('hearth');
				request.onerror = () => reject(request.error ?? new Error('open failed'));
				request.onsuccess = () => {
					const db = request.result;
					const all = db.transaction('threadIndex').objectStore('threadIndex').getAll();
					all.onerror = () => reject(all.error ?? new Error('read failed'));
					all.onsuccess = () => {
						db.close();
						resolve(all.result.map((row: { thread: { title: string } }) => row.thread.title));
					};
				};
			})
	);
}

beforeAll(async () => {
	url = suite.app().url;
	phone = await phoneInCommunity(suite.browser(), url, `Rowan ${Date.now() % 100_000}`);
	page = phone.page;
	// Offline from here: these records are someone else's, and only a first sync may bring them.
	await phone.context.setOffline(true);
	const doc = new Y.Doc();
	const thread = threadRecord(SOMEONE, 'Long nights, together');
	threadId = thread.id;
	doc.getMap('threads').set(thread.id, thread);
	const replies = doc.getMap('replies');
	for (let n = 1; n <= REPLIES; n++) {
		const reply = replyRecord(SOMEONE, thread.id, `Reply number ${n}`);
		replies.set(reply.id, reply);
	}
	await storeUpdate(communityRoom('anxiety', monthOfTime(Date.now())), Y.encodeStateAsUpdate(doc));
}, 90_000);

afterAll(async () => {
	await phone.context.close();
});

describe('a big community on a phone', () => {
	it('keeps its threads in the thread index, for the next first screen', async () => {
		await page.goto(`${url}/communities/anxiety`);
		await page.getByRole('link', { name: 'Long nights, together' }).waitFor();
		await expect.poll(indexedTitles, { timeout: 15_000 }).toEqual(['Long nights, together']);
		await page.reload();
		await page.getByRole('link', { name: 'Long nights, together' }).waitFor();
		expect(await seriousViolations(page, 'community page')).toEqual([]);
	});

	it('shows a long thread’s latest replies, and the earlier ones a page at a time', async () => {
		await page.goto(`${url}/communities/anxiety/t/${threadId}`);
		const replies = page.locator('ol.replies > li');
		await page.getByText(`Reply number ${REPLIES}`, { exact: true }).waitFor();
		expect(await replies.count()).toBe(50);
		await page.getByText('70 earlier replies are not shown.').waitFor();
		expect(await page.getByText('Reply number 70', { exact: true }).count()).toBe(0);
		expect(await seriousViolations(page, 'a long thread')).toEqual([]);

		const earlier = page.getByRole('button', { name: 'Show earlier replies' });
		await earlier.focus();
		await page.keyboard.press('Enter');
		await page.getByText('20 earlier replies are not shown.').waitFor();
		expect(await replies.count()).toBe(100);
		// Still on the button, just before the replies it brought in.
		expect(await earlier.evaluate((button) => button === document.activeElement)).toBe(true);

		await page.keyboard.press('Enter');
		await page.getByText('Reply number 1', { exact: true }).waitFor();
		expect(await replies.count()).toBe(REPLIES);
		expect(await earlier.count()).toBe(0);
		const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
		expect(focused).toBe('Replies');
	});
});
