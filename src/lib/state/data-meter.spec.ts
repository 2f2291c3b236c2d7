import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryDataMeterRepository } from '../storage/memory-data-meter.repository';
import { DataMeterState } from './data-meter.svelte';

const ORIGIN = 'https://hearth.test';
const NOV = Date.UTC(2026, 10, 20);
const stored = {
	month: '2026-11',
	http: { sent: 1000, received: 50_000 },
	sync: { sent: 200, received: 3000 }
};

let time = NOV;
const options = { now: () => time, saveEveryMs: 10_000, origin: ORIGIN, observe: false };

beforeEach(() => {
	vi.useFakeTimers();
	time = NOV;
});
afterEach(() => {
	vi.useRealTimers();
});

async function attached(repo = new MemoryDataMeterRepository({ totals: stored })) {
	const meter = new DataMeterState();
	await meter.attach(repo, options);
	return { meter, repo };
}

describe('the data meter', () => {
	it('carries on from this month’s stored totals', async () => {
		const { meter } = await attached();
		meter.count('sync', { received: 1000 });
		expect(meter.totals.sync).toEqual({ sent: 200, received: 4000 });
		expect(meter.estimate).toEqual({ sent: 1200, received: 54_000, syncCountedBy: 'page' });
	});

	it('starts a new month at zero, both when loading and while counting', async () => {
		time = Date.UTC(2026, 11, 1, 0, 5);
		const { meter } = await attached();
		expect(meter.totals).toMatchObject({ month: '2026-12', http: { sent: 0, received: 0 } });

		time = Date.UTC(2026, 11, 31, 23, 59);
		meter.count('http', { received: 10 });
		time = Date.UTC(2027, 0, 1, 0, 1);
		meter.count('http', { received: 7 });
		expect(meter.totals).toMatchObject({ month: '2027-01', http: { received: 7 } });
	});

	it.each([
		['text', 'lots'],
		['a broken shape', { month: '2026-11', http: 'x', sync: null }],
		['negative counts', { ...stored, sync: { sent: -5, received: 1 } }]
	])('reads damaged totals (%s) as zero and keeps going', async (_, damaged) => {
		const { meter } = await attached(new MemoryDataMeterRepository({ totals: damaged }));
		expect(meter.estimate).toEqual({ sent: 0, received: 0, syncCountedBy: 'page' });
		meter.count('sync', { sent: 5 });
		expect(meter.estimate.sent).toBe(5);
	});

	it('gathers many counts into one write, and writes at once when asked (page hidden)', async () => {
		const { meter, repo } = await attached();
		for (let i = 0; i < 50; i++) meter.count('sync', { received: 100 });
		expect(repo.writes).toBe(0);
		await vi.advanceTimersByTimeAsync(10_000);
		expect(repo.writes).toBe(1);
		expect(await repo.loadTotals()).toMatchObject({ sync: { received: 3000 + 5000 } });

		meter.count('http', { received: 1 });
		await meter.flush();
		expect(repo.writes).toBe(2);
		await meter.flush();
		expect(repo.writes).toBe(2);
	});

	it('keeps counting in memory when the device is full, and saves later', async () => {
		let full = true;
		const repo = new MemoryDataMeterRepository({
			beforeWrite: () => {
				if (full) throw new DOMException('full', 'QuotaExceededError');
			}
		});
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const { meter } = await attached(repo);
		meter.count('sync', { sent: 10 });
		await meter.flush();
		expect(warn).toHaveBeenCalled();
		full = false;
		await meter.flush();
		expect(await repo.loadTotals()).toMatchObject({ sync: { sent: 10 } });
		warn.mockRestore();
	});

	it('counts only this origin’s responses that came over the network', async () => {
		const { meter } = await attached(new MemoryDataMeterRepository());
		meter.countEntries([
			{ name: `${ORIGIN}/_app/immutable/app.js`, transferSize: 20_000 },
			{ name: `${ORIGIN}/api/communities`, transferSize: 800 },
			{ name: `${ORIGIN}/icon.png`, transferSize: 0 },
			{ name: 'https://elsewhere.test/x', transferSize: 999 },
			{ name: `${ORIGIN}.evil.test/x`, transferSize: 999 }
		]);
		expect(meter.totals.http).toEqual({ received: 20_800, sent: 2 * 500 });
	});

	it('prefers the server’s count of sync bytes, and keeps its own when the server cannot say', async () => {
		const { meter } = await attached();
		const answer = { month: '2026-11', sent: 90_000, received: 4000 };
		const ok = vi.fn(async () => new Response(JSON.stringify(answer), { status: 200 }));
		await meter.askServer(ok);
		expect(ok).toHaveBeenCalledWith(`${ORIGIN}/api/usage/${meter.meterId}`);
		expect(meter.serverStatus).toBe('answered');
		expect(meter.estimate).toEqual({ sent: 5000, received: 140_000, syncCountedBy: 'server' });

		// A refusal's body is read too: left unread, it would hold its connection open.
		const refusal = new Response('{"error":{"code":"unknown-meter"}}', { status: 404 });
		await meter.askServer(async () => refusal);
		expect(refusal.bodyUsed).toBe(true);
		expect(meter.serverStatus).toBe('unavailable');
		expect(meter.estimate.syncCountedBy).toBe('page');

		await meter.askServer(async () => new Response('not json', { status: 200 }));
		expect(meter.serverStatus).toBe('unavailable');

		await meter.askServer(async () => {
			throw new TypeError('offline');
		});
		expect(meter.serverStatus).toBe('unavailable');
	});

	it('asks the server nothing while this phone has synced nothing this month', async () => {
		const { meter } = await attached(new MemoryDataMeterRepository());
		const ask = vi.fn(async () => new Response('{}', { status: 404 }));
		await meter.askServer(ask);
		expect(ask).not.toHaveBeenCalled();
		expect(meter.serverStatus).toBe('idle');
		expect(meter.estimate.syncCountedBy).toBe('page');
	});

	it('counts sync messages through the WebSocket class it hands out', async () => {
		const { meter } = await attached(new MemoryDataMeterRepository());
		class Quiet extends EventTarget {
			constructor(readonly url: string) {
				super();
			}
			send(): void {}
		}
		const Metered = meter.webSocketClass(Quiet as unknown as typeof WebSocket);
		const socket = new Metered('wss://hearth.test/sync/r?token=t');
		expect(socket.url).toContain(`meter=${meter.meterId}`);
		socket.send(new Uint8Array(40));
		socket.dispatchEvent(new MessageEvent('message', { data: new ArrayBuffer(60) }));
		expect(meter.totals.sync).toEqual({ sent: 40, received: 60 });
	});
});
