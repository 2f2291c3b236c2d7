import { describe, expect, it } from 'vitest';
import { MemoryCommunityRepository } from '../storage/memory-community.repository';
import { BlockSender } from './block-sender';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';

/** A server that answers each PUT with the next status (the last one repeated). */
function server(...statuses: number[]) {
	const puts: { url: string; body: unknown; auth: string | null }[] = [];
	const fetch: typeof globalThis.fetch = async (input, init) => {
		const headers = new Headers(init?.headers);
		puts.push({
			url: String(input),
			body: JSON.parse(String(init?.body)),
			auth: headers.get('authorization')
		});
		const status = statuses[Math.min(puts.length - 1, statuses.length - 1)] ?? 204;
		if (status === 0) throw new TypeError('fetch failed');
		return new Response(null, { status });
	};
	return { puts, fetch };
}

function setup(statuses: number[], online = { now: true }) {
	const store = new MemoryCommunityRepository();
	const api = server(...statuses);
	const sender = new BlockSender();
	const deps = {
		store,
		blockedIn: (id: string) => (id === 'anxiety' ? [ALICE] : []),
		origin: 'https://hearth.test',
		sessionToken: async () => 'session',
		online: () => online.now,
		fetch: api.fetch
	};
	return { store, api, sender, deps, online };
}

describe('BlockSender', () => {
	it('sends the whole list of the community that changed, with the session', async () => {
		const { api, sender, deps, store } = setup([204]);
		await sender.attach(deps);
		await sender.changed('anxiety');
		expect(api.puts).toEqual([
			{
				url: 'https://hearth.test/api/communities/anxiety/blocks',
				body: { blocked: [ALICE] },
				auth: 'Bearer session'
			}
		]);
		expect(sender.waiting).toEqual([]);
		expect(await store.loadBlocksToSend()).toEqual([]);
	});

	it('keeps a change made offline, across a reload, and sends it when a connection appears', async () => {
		const online = { now: false };
		const first = setup([204], online);
		await first.sender.attach(first.deps);
		await first.sender.changed('anxiety');
		expect(first.api.puts).toEqual([]);
		expect(await first.store.loadBlocksToSend()).toEqual(['anxiety']);

		// The app starts again, still offline, then the connection comes back.
		const reloaded = new BlockSender();
		await reloaded.attach({ ...first.deps });
		expect(reloaded.waiting).toEqual(['anxiety']);
		online.now = true;
		await reloaded.flush();
		expect(first.api.puts.map((put) => put.body)).toEqual([{ blocked: [ALICE] }]);
		expect(await first.store.loadBlocksToSend()).toEqual([]);
	});

	it.each([
		[409, 'no pseudonym there yet'],
		[503, 'the server is away'],
		[0, 'the network failed']
	])(
		'keeps the list waiting when the server answers %i (%s), and retries later',
		async (status) => {
			const { api, sender, deps, store } = setup([status, 204]);
			await sender.attach(deps);
			await sender.changed('anxiety');
			expect(sender.waiting).toEqual(['anxiety']);
			expect(await store.loadBlocksToSend()).toEqual(['anxiety']);
			await sender.flush();
			expect(api.puts).toHaveLength(2);
			expect(sender.waiting).toEqual([]);
		}
	);
});
