import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryCommunityRepository } from '../storage/memory-community.repository';
import { MemoryDocumentRepository } from '../storage/memory-document.repository';
import { MemoryThreadIndexRepository } from '../storage/memory-thread-index.repository';
import type { SyncEnvironment } from '../sync/sync-environment';
import { CommunitiesState } from './communities.svelte';
import type { CommunityIdentity } from './community-room.svelte';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const info = (id: string) => ({ id, name: id, description: '', guidelines: [] });
const OFFLINE: SyncEnvironment = {
	online: () => false,
	onOnline: () => () => {},
	onVisible: () => () => {}
};
const identity: CommunityIdentity = {
	pseudonymKeys: () => ({ id: ALICE }),
	sessionToken: async () => 'session',
	registerPseudonym: async () => {}
};

const opened: CommunitiesState[] = [];
afterEach(async () => {
	for (const state of opened.splice(0)) for (const room of state.rooms) await room.close();
});

/** A device that joined two communities, started again with the first screen in the test's hands. */
async function startedAgain() {
	const communities = new MemoryCommunityRepository();
	const documents = new MemoryDocumentRepository();
	for (const id of ['anxiety', 'sleep']) {
		await communities.saveJoined({
			id,
			info: info(id),
			joinedAt: 1,
			guidelinesAcceptedAt: 1,
			guidelinesVersion: null,
			guidelinesSent: null,
			chosenName: null,
			authoredMonths: [],
			openedMonths: []
		});
	}
	let drawn = () => {};
	const firstScreen = new Promise<void>((resolve) => (drawn = resolve));
	const state = new CommunitiesState();
	opened.push(state);
	const fetch = vi.fn(async () => new Response('{}', { status: 503 }));
	await state.attach({
		communities,
		documents,
		threadIndex: new MemoryThreadIndexRepository(),
		identity,
		sync: { origin: 'http://hearth.test', fetch, environment: OFFLINE },
		afterFirstScreen: () => firstScreen
	});
	return { state, drawn };
}

describe('communities at start', () => {
	it('opens joined communities in the background only after the first screen', async () => {
		const { state, drawn } = await startedAgain();
		expect(state.status).toBe('ready');
		expect(state.joined.map((c) => c.info.id)).toEqual(['anxiety', 'sleep']);
		expect(state.rooms).toEqual([]);
		drawn();
		await vi.waitFor(() =>
			expect(state.rooms.map((room) => room.info.id)).toEqual(['anxiety', 'sleep'])
		);
	});

	it('opens a community a page asks for at once, and only once', async () => {
		const { state, drawn } = await startedAgain();
		const room = state.room('sleep');
		expect(state.rooms).toEqual([room]);
		drawn();
		await vi.waitFor(() => expect(state.rooms).toHaveLength(2));
		expect(state.room('sleep')).toBe(room);
	});
});
