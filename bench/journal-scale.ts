/**
 * The journal at scale: 5,000 entries on the device. How long until the list shows, and how
 * long a search takes to answer, in Chromium with the CPU slowed 4x (a cheap phone).
 */
import type { Browser } from 'playwright-core';
import type { JournalEntry, MoodLevel } from '../src/lib/domain/journal/entry';
import { formatHlc } from '../src/lib/domain/journal/hlc';

export interface JournalScale {
	entries: number;
	listShownMs: number;
	searchAnsweredMs: number;
	searchHits: number;
}

const WORDS =
	'river market rain tired hopeful bills sleep walk kettle sister garden bus hill phone'.split(' ');

function makeEntries(count: number, now: number): { id: string; record: JournalEntry }[] {
	const rows: { id: string; record: JournalEntry }[] = [];
	for (let i = 0; i < count; i++) {
		const createdAt = now - i * 3_600_000 * 7;
		const id = `bench${i.toString(36).padStart(8, '0')}`;
		const text = Array.from({ length: 60 }, (_, w) => WORDS[(i * 7 + w * 3) % WORDS.length]).join(
			' '
		);
		const record: JournalEntry = {
			v: 1,
			id,
			createdAt,
			deletedAt: null,
			revisions: {
				[id]: {
					id,
					parent: null,
					at: formatHlc({ wall: createdAt, counter: 0, node: 'bench' }),
					device: 'bench',
					text: `${text} entry${i}`,
					mood: ((i % 5) + 1) as MoodLevel,
					tags: i % 3 === 0 ? ['calm'] : ['tired'],
					prompt: null
				}
			}
		};
		rows.push({ id, record });
	}
	return rows;
}

export async function measureJournalScale(
	browser: Browser,
	origin: string,
	count = 5000
): Promise<JournalScale> {
	const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
	try {
		const page = await context.newPage();
		await page.goto(origin + '/journal');
		await page.locator('main h1').waitFor();
		await page.waitForTimeout(500); // the database is created and upgraded by the app itself
		const rows = makeEntries(count, Date.now());
		await page.evaluate(
			(rows) =>
				new Promise<void>((resolve, reject) => {
					const open = indexedDB.open('hearth');
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const tx = open.result.transaction('journal', 'readwrite');
						for (const row of rows) tx.objectStore('journal').put(row);
						tx.oncomplete = () => {
							open.result.close();
							resolve();
						};
						tx.onerror = () => reject(tx.error);
					};
				}),
			rows
		);
		const cdp = await context.newCDPSession(page);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
		const started = Date.now();
		await page.reload({ waitUntil: 'commit' });
		await page.locator('main a[href^="/journal/bench"]').first().waitFor({ timeout: 120_000 });
		const listShownMs = Date.now() - started;

		const search = page.getByLabel('Search your journal');
		const searchStarted = Date.now();
		await search.fill('entry4242');
		await page.getByText('1 entry found').waitFor({ timeout: 60_000 });
		const searchAnsweredMs = Date.now() - searchStarted;
		return { entries: count, listShownMs, searchAnsweredMs, searchHits: 1 };
	} finally {
		await context.close();
	}
}
