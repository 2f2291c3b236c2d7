// Data saver and the data meter in a real browser against the whole server: switched on, data
// saver closes the sockets of joined communities the person is not looking at, and while it is on
// such a community opens no socket until they open it or tap "Sync now"; the meter in Settings
// shows a non-zero estimate, counted by the server; the Settings page has no serious accessibility
// findings; and a new version of the app is offered but downloaded only on a tap.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { useBrowserSuite } from '../support/browser';
import { phoneInCommunity } from '../support/onboarding';
import { storedSetting } from '../support/stored-rows';

const suite = useBrowserSuite();
let url = '';
let context: BrowserContext;
let page: Page;

interface SocketSeen {
	/** The sync room, e.g. `community:anxiety:2026-11`. */
	room: string;
	url: string;
	open: boolean;
}

/**
 * Every socket the page now shown has made, read in the page itself: a socket dropped with the
 * page before is not counted, nor one that page made late (the browser's own socket events can
 * reach the test after a navigation, and do not say a navigation closed a socket).
 */
function socketsMade(): Promise<SocketSeen[]> {
	return page.evaluate(() => {
		const made: unknown = Reflect.get(window, '__hearthSockets');
		return (Array.isArray(made) ? (made as WebSocket[]) : []).map((socket) => ({
			room: decodeURIComponent(new URL(socket.url).pathname).replace('/sync/', ''),
			url: socket.url,
			open: socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN
		}));
	});
}

/** The communities with a socket open now, each once. */
async function syncingNow(): Promise<string[]> {
	const open = (await socketsMade()).filter((socket) => socket.open);
	return [...new Set(open.map((socket) => socket.room.split(':')[1] ?? ''))].sort();
}

/** The sync rooms of one community this page made sockets to. */
async function roomsOf(community: string): Promise<string[]> {
	return (await socketsMade())
		.map((socket) => socket.room)
		.filter((room) => room.includes(`:${community}:`));
}

beforeAll(async () => {
	url = suite.app().url;
	({ context, page } = await phoneInCommunity(suite.browser(), url, 'Tamsin', 'anxiety'));
	await page.goto(`${url}/communities/low-mood/about`);
	await page.getByRole('button', { name: 'Accept the guidelines and join' }).click();
	await page.waitForURL(/\/communities\/low-mood$/);
	// From the next page on, each page keeps a list of the sockets it makes.
	await context.addInitScript(() => {
		const made: WebSocket[] = [];
		Object.defineProperty(window, '__hearthSockets', { value: made });
		window.WebSocket = class extends window.WebSocket {
			constructor(...args: ConstructorParameters<typeof WebSocket>) {
				super(...args);
				made.push(this);
			}
		};
	});
});

afterAll(async () => {
	await context.close();
});

describe('data saver', () => {
	it('is chosen in Settings, which says what it does, and stops background syncing', async () => {
		await page.goto(`${url}/settings`);
		await page.getByRole('heading', { name: 'Data', exact: true }).waitFor();
		// Chromium reports a fast link here, and no wish to save data.
		await page.getByText('so data saver is off').waitFor();
		// So both joined communities sync in the background, even here.
		await expect.poll(syncingNow).toEqual(['anxiety', 'low-mood']);

		await page.getByRole('radio', { name: 'On', exact: true }).check();
		await page.getByText('Data saver is on.', { exact: true }).waitFor();
		await page.getByText('only the community you open syncs').waitFor();
		// Neither is on the screen, and nothing of the person's is on its way: both stop.
		await expect.poll(syncingNow).toEqual([]);
		// The screen changes at the tap; the device stores the choice just after. The next test
		// loads a new page, which reads the stored choice, so wait until it is there.
		await expect.poll(() => storedSetting(page, 'dataSaver')).toBe('on');
	});

	it('keeps joined communities from syncing until opened, or until "Sync now"', async () => {
		await page.goto(`${url}/communities`);
		await page.getByText('To save data, 2 communities wait to sync until you open them.').waitFor();
		// Long enough for a sync to have started, had anything been allowed to.
		await page.waitForTimeout(1500);
		expect(await socketsMade()).toEqual([]);

		await page.locator('a[href="/communities/anxiety"]').click();
		await page.getByRole('heading', { level: 1, name: 'Anxiety' }).waitFor();
		await expect
			.poll(async () => (await roomsOf('anxiety')).length, { timeout: 10_000 })
			.toBeGreaterThan(0);
		expect(await roomsOf('low-mood')).toEqual([]);

		await page.getByRole('link', { name: 'Communities', exact: true }).click();
		await page.getByText('To save data, 1 community waits to sync until you open it.').waitFor();
		expect(await roomsOf('low-mood')).toEqual([]);
		await page.getByRole('button', { name: 'Sync now' }).click();
		await expect
			.poll(async () => (await roomsOf('low-mood')).length, { timeout: 10_000 })
			.toBeGreaterThan(0);
		await expect.poll(() => page.getByRole('button', { name: 'Sync now' }).count()).toBe(0);
		// Every sync connection names this install's data meter, so the server can count it.
		const urls = (await socketsMade()).map((socket) => socket.url);
		expect(urls.length).toBeGreaterThan(0);
		expect(urls.filter((u) => !/[?&]meter=[A-Za-z0-9_-]{22}(&|$)/.test(u))).toEqual([]);
	});

	it('shows this month’s data as an estimate, counted by the server, and passes axe', async () => {
		await page.goto(`${url}/settings`);
		const meter = page.getByText(/^This month \(an estimate\): about .+ sent, .+ received\.$/);
		await page.getByText('Syncing counted by the server').waitFor();
		const text = (await meter.textContent()) ?? '';
		expect(text).not.toMatch(/about 0 bytes sent|0 bytes received/);
		expect(await seriousViolations(page, 'settings')).toEqual([]);
	});

	it('offers a new version without downloading it, until the person taps', async () => {
		const versionOf = () =>
			page.evaluate(
				async () =>
					(await (await fetch('/_app/version.json', { cache: 'no-store' })).json()).version
			);
		// The browser looks for a new service worker by itself after a navigation; let that check
		// finish before the deploy, so only the app's own (data saver) check can find it.
		await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
		const oldVersion: unknown = await versionOf();
		await suite.app().deploy(inject('nextBuildDir'));
		const newVersion: unknown = await versionOf();
		expect(newVersion).not.toBe(oldVersion);

		// Every update check the app itself asks for goes through `registration.update()`: count
		// them. (The browser may still look by itself, on its own schedule; that is not the app's
		// doing, so it is not what this test judges.)
		await page.evaluate(() => {
			const calls = { n: 0 };
			Reflect.set(window, '__updateCalls', calls);
			const update = ServiceWorkerRegistration.prototype.update;
			ServiceWorkerRegistration.prototype.update = function (this: ServiceWorkerRegistration) {
				calls.n += 1;
				return update.call(this);
			};
		});
		// Coming back to the app (no navigation, which would let the browser look by itself).
		await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
		await page.getByText('Data saver is on, so it downloads only when you tap.').waitFor();
		const appChecks = () =>
			page.evaluate(() => (Reflect.get(window, '__updateCalls') as { n: number }).n);
		expect(await appChecks()).toBe(0);

		await Promise.all([
			page.waitForEvent('load', { timeout: 30_000 }),
			page.getByRole('button', { name: 'Download and update' }).click()
		]);
		await page.goto(`${url}/settings`);
		await page.getByText(`Version ${String(newVersion)}`).waitFor();
	});
});
