// In a busy room the server compresses each relayed update once for everyone, on one shared
// deflate stream (server/sync/room-stream.ts), and writes the same frame to every socket. Here
// the stream starts at two connections and each frame goes out one socket per turn of the
// server's event loop (server/sync/fan-out.ts), so real phones decode its frames written in
// slices: what one writes must reach the others live, exactly once, a phone that arrives later
// must join in, and an author's own update coming back on the stream must not show twice.
import { describe, expect, it } from 'vitest';
import { communityRoom, monthOfTime } from '../../src/lib/domain/community/community-months';
import { useBrowserSuite } from '../support/browser';
import { phoneInCommunity, type Phone } from '../support/onboarding';
import { reply, startThread } from '../support/posting';

const SYNC_TIMEOUT = { timeout: 30_000 };
const ROOM = communityRoom('anxiety', monthOfTime(Date.now()));

const suite = useBrowserSuite({ roomStream: { minConnections: 2, epochMinMs: 0, sliceSize: 1 } });

const newPhone = (name: string): Promise<Phone> =>
	phoneInCommunity(suite.browser(), suite.app().url, name);

describe('a busy room, on one shared compressed stream', () => {
	const stamp = Date.now() % 100_000;
	const title = `Market mornings ${stamp}`;
	let a: Phone;
	let b: Phone;
	let threadPath = '';

	it('carries a thread and replies live between two phones, each shown once', async () => {
		a = await newPhone(`Alder ${stamp}`);
		b = await newPhone(`Beech ${stamp}`);
		// A first post starts the room's stream; both phones are on it once it has.
		threadPath = await startThread(a.page, title, 'Does anyone else find the crowds hard?');
		await b.page.getByRole('link', { name: title }).waitFor(SYNC_TIMEOUT);
		await reply(a.page, 'Going early helps me a little.');
		await expect.poll(() => suite.app().roomStream(ROOM)?.members ?? 0, SYNC_TIMEOUT).toBe(2);

		await b.page.goto(suite.app().url + threadPath);
		await b.page.getByText('Going early helps me a little.').waitFor(SYNC_TIMEOUT);
		await reply(b.page, 'I take the back lane by the river.');
		await a.page.getByText('I take the back lane by the river.').waitFor(SYNC_TIMEOUT);
		// The author's own updates came back on the stream: still one of each on their screen.
		expect(await a.page.getByText('Going early helps me a little.').count()).toBe(1);
		expect(await a.page.getByText('I take the back lane by the river.').count()).toBe(1);
		expect(await b.page.getByText('Going early helps me a little.').count()).toBe(1);
	});

	it('takes in a phone that arrives later, which then hears what the others write', async () => {
		const c = await newPhone(`Cedar ${stamp}`);
		await c.page.goto(suite.app().url + threadPath);
		await c.page.getByText('I take the back lane by the river.').waitFor(SYNC_TIMEOUT);
		// It joins the stream where a fresh one starts: the next relayed update starts one.
		await reply(a.page, 'See you by the river, then.');
		await c.page.getByText('See you by the river, then.').waitFor(SYNC_TIMEOUT);
		await b.page.getByText('See you by the river, then.').waitFor(SYNC_TIMEOUT);
		await reply(c.page, 'I might join you both.');
		await expect.poll(() => suite.app().roomStream(ROOM)?.members ?? 0, SYNC_TIMEOUT).toBe(3);
		await reply(b.page, 'Three of us, then.');
		for (const { page } of [a, c]) {
			await page.getByText('I might join you both.').waitFor(SYNC_TIMEOUT);
			await page.getByText('Three of us, then.').waitFor(SYNC_TIMEOUT);
			expect(await page.getByText('Three of us, then.').count()).toBe(1);
		}
		expect(suite.app().roomStream(ROOM)?.epochs ?? 0).toBeGreaterThan(1);
		await c.context.close();
	});
});
