import { describe, expect, it } from 'vitest';
import type { JoinedCommunityRecord } from '../storage/community.repository';
import { MemoryCommunityRepository } from '../storage/memory-community.repository';
import { RoomGuidelines } from './room-guidelines.svelte';

const INFO = {
	id: 'anxiety',
	name: 'Anxiety',
	description: '',
	guidelines: ['Be kind.'],
	guidelinesVersion: '1111111111111111'
};
const CURRENT = '2222222222222222';

/** The server's guidelines endpoints: PUT accepts only `current`; GET lists the community. */
function server(options: { current?: string; down?: boolean } = {}) {
	const current = options.current ?? INFO.guidelinesVersion;
	const puts: unknown[] = [];
	const fetch: typeof globalThis.fetch = async (input, init) => {
		if (options.down) throw new TypeError('fetch failed');
		if (init?.method === 'PUT') {
			const body: unknown = JSON.parse(String(init.body));
			puts.push(body);
			const accepted = Reflect.get(Object(body), 'version') === current;
			return accepted
				? new Response(null, { status: 204 })
				: Response.json(
						{ error: 'guidelines-changed', message: 'Changed', guidelinesVersion: current },
						{ status: 409 }
					);
		}
		return Response.json({
			communities: [
				{ ...INFO, guidelines: ['Be kind.', 'No advice unless asked.'], guidelinesVersion: current }
			]
		});
	};
	return { puts, fetch };
}

async function setup(api: ReturnType<typeof server>, record: Partial<JoinedCommunityRecord> = {}) {
	const store = new MemoryCommunityRepository();
	await store.saveJoined({
		id: INFO.id,
		info: INFO,
		joinedAt: 1,
		guidelinesAcceptedAt: 1,
		chosenName: null,
		authoredMonths: [],
		openedMonths: [],
		guidelinesVersion: INFO.guidelinesVersion,
		guidelinesSent: null,
		...record
	});
	let renewals = 0;
	const guidelines = new RoomGuidelines({
		info: INFO,
		sync: { origin: 'https://hearth.test', fetch: api.fetch },
		sessionToken: async () => 'session',
		getJoined: () => store.getJoined(INFO.id),
		async updateRecord(change) {
			const current = await store.getJoined(INFO.id);
			if (current !== null) await store.saveJoined(change(current));
		},
		renewAccess: () => renewals++
	});
	return { guidelines, store, renewals: () => renewals };
}

describe('RoomGuidelines', () => {
	it('sends the version accepted at joining once, before the first token', async () => {
		const api = server();
		const { guidelines, store } = await setup(api);
		await guidelines.beforeToken();
		await guidelines.beforeToken();
		expect(api.puts).toEqual([{ version: INFO.guidelinesVersion }]);
		expect(await store.getJoined(INFO.id)).toMatchObject({
			guidelinesSent: INFO.guidelinesVersion
		});
		expect(guidelines.toAccept).toBeNull();
	});

	it('leaves the acceptance waiting while offline (the token fetch then retries)', async () => {
		const { guidelines, store } = await setup(server({ down: true }));
		await expect(guidelines.beforeToken()).rejects.toBeInstanceOf(TypeError);
		expect(await store.getJoined(INFO.id)).toMatchObject({ guidelinesSent: null });
	});

	it('asks nothing of a community joined before versions, until the server wants it', async () => {
		const api = server();
		const { guidelines } = await setup(api, { guidelinesVersion: undefined });
		await guidelines.beforeToken();
		expect(api.puts).toEqual([]);
	});

	it('shows changed guidelines, and on "I agree" records them and renews access', async () => {
		const api = server({ current: CURRENT });
		const { guidelines, store, renewals } = await setup(api);
		await guidelines.beforeToken();
		expect(guidelines.toAccept).toEqual({
			lines: ['Be kind.', 'No advice unless asked.'],
			version: CURRENT
		});
		expect(await guidelines.accept()).toBe('accepted');
		expect(api.puts).toEqual([{ version: INFO.guidelinesVersion }, { version: CURRENT }]);
		expect(await store.getJoined(INFO.id)).toMatchObject({
			guidelinesVersion: CURRENT,
			guidelinesSent: CURRENT
		});
		expect(guidelines.toAccept).toBeNull();
		expect(renewals()).toBe(1);
	});

	it('shows the device’s copy when the server cannot be reached', async () => {
		const { guidelines } = await setup(server({ down: true }));
		await guidelines.ask();
		expect(guidelines.toAccept).toEqual({
			lines: INFO.guidelines,
			version: INFO.guidelinesVersion
		});
	});
});
