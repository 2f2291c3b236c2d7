import { beforeEach, describe, expect, it } from 'vitest';
import type { Notice } from '../domain/moderation/moderation-records';
import { MemoryModerationCacheRepository } from '../storage/memory-moderation-cache.repository';
import { ModerationError } from './moderation-call';
import { NoticesState } from './notices.svelte';
import { FakeModerationServer, fakeSession, refusal } from './testing/fake-moderation-server';

const ORIGIN = 'https://hearth.example';
const NOW = Date.UTC(2026, 10, 20, 12);

const hidden: Notice = {
	kind: 'hidden',
	noticeId: 'n2',
	communityId: 'anxiety',
	pseudonymId: 'p1',
	reason: 'It named someone',
	at: NOW - 1_000,
	target: { kind: 'thread', id: 't1' },
	excerpt: 'My neighbour is…'
};
const warning: Notice = {
	kind: 'warning',
	noticeId: 'n1',
	communityId: 'anxiety',
	pseudonymId: 'p1',
	reason: null,
	at: NOW - 60_000
};

let server: FakeModerationServer;
let cache: MemoryModerationCacheRepository;

function open(session = fakeSession()): NoticesState {
	const state = new NoticesState();
	void state.attach({ cache, session, origin: ORIGIN, fetch: server.fetch, now: () => NOW });
	return state;
}

async function attached(session = fakeSession()): Promise<NoticesState> {
	const state = new NoticesState();
	await state.attach({ cache, session, origin: ORIGIN, fetch: server.fetch, now: () => NOW });
	return state;
}

beforeEach(() => {
	server = new FakeModerationServer();
	cache = new MemoryModerationCacheRepository();
	server.answer('GET', '/api/me/notices', { status: 200, body: { notices: [hidden, warning] } });
});

describe('notices', () => {
	it('fetches the notices at start, counts the new ones, and keeps a copy on the device', async () => {
		const state = await attached();
		expect(state.status).toBe('fresh');
		expect(state.list.map((n) => n.noticeId)).toEqual(['n2', 'n1']);
		expect(state.unread).toBe(2);
		expect(server.requests[0]).toMatchObject({ path: '/api/me/notices', token: 'token-1' });
		expect((await cache.loadNotices())?.notices).toEqual([hidden, warning]);
	});

	it('leaves out a notice it cannot read, and keeps the rest', async () => {
		server.answer('GET', '/api/me/notices', {
			status: 200,
			body: { notices: [hidden, { kind: 'scolding', noticeId: 'x' }] }
		});
		const state = await attached();
		expect(state.list).toEqual([hidden]);
	});

	it('clears the badge once seen, also after a restart', async () => {
		const state = await attached();
		await state.markSeen();
		expect(state.unread).toBe(0);
		server.offline = true;
		const again = await attached();
		expect(again.status).toBe('cached');
		expect(again.unread).toBe(0);
		expect(again.list).toHaveLength(2);
	});

	it('shows the copy on the device when offline, and nothing when there is none', async () => {
		server.offline = true;
		const empty = await attached();
		expect(empty.status).toBe('none');
		expect(empty.list).toEqual([]);
		server.offline = false;
		await attached();
		server.offline = true;
		const cached = await attached();
		expect(cached.status).toBe('cached');
		expect(cached.fetchedAt).toBe(NOW);
		expect(cached.list).toHaveLength(2);
	});

	it('does not show another person’s notices kept on this device', async () => {
		await attached(fakeSession('someone-else'));
		server.offline = true;
		const state = await attached(fakeSession('user-1'));
		expect(state.list).toEqual([]);
	});

	it('signs in again once when the session was refused', async () => {
		server.expired.add('token-1');
		const session = fakeSession();
		const state = await attached(session);
		expect(session.refused).toEqual(['token-1']);
		expect(state.status).toBe('fresh');
		expect(server.requests.map((r) => r.token)).toEqual(['token-1', 'token-2']);
	});

	it('asks for a second look with the note, and marks the notice as asked', async () => {
		server.answer('POST', '/api/me/notices/n2/second-look', {
			status: 201,
			body: { reportId: 'r9', createdAt: NOW }
		});
		const state = await attached();
		await state.askSecondLook('n2', '  It was about me, not them.  ');
		expect(server.requests.at(-1)?.body).toEqual({ note: 'It was about me, not them.' });
		expect(state.list[0]?.secondLook).toEqual({ requestedAt: NOW });
		expect((await cache.loadNotices())?.notices[0]?.secondLook).toEqual({ requestedAt: NOW });
	});

	it('sends no note when none was written', async () => {
		server.answer('POST', '/api/me/notices/n2/second-look', {
			status: 201,
			body: { reportId: 'r9', createdAt: NOW }
		});
		const state = await attached();
		await state.askSecondLook('n2', '   ');
		expect(server.requests.at(-1)?.body).toEqual({});
	});

	it.each([
		['already-asked', 409, 'already-asked'],
		['nothing-to-review', 409, 'nothing-to-review'],
		['unknown-notice', 404, 'not-found']
	] as const)('names a %s refusal', async (code, status, expected) => {
		server.answer('POST', '/api/me/notices/n2/second-look', refusal(status, code));
		const state = await attached();
		const asking = state.askSecondLook('n2', '');
		await expect(asking).rejects.toBeInstanceOf(ModerationError);
		await expect(asking).rejects.toMatchObject({ code: expected });
		// Already asked: the notice says so, as the server knows it.
		expect(state.list[0]?.secondLook !== undefined).toBe(code === 'already-asked');
	});

	it('says a second look needs a connection', async () => {
		const state = await attached();
		server.offline = true;
		await expect(state.askSecondLook('n2', '')).rejects.toMatchObject({ code: 'offline' });
		expect(state.list[0]?.secondLook).toBeUndefined();
	});

	it('shares one request between refreshes that overlap', async () => {
		const state = open();
		await Promise.all([state.refresh(), state.refresh()]);
		expect(server.requests.filter((r) => r.path === '/api/me/notices').length).toBe(1);
	});
});

describe('before set-up', () => {
	it('asks nothing, and says there is nothing to show', async () => {
		const state = await attached(fakeSession('user-1', false));
		await state.refresh();
		expect(state.status).toBe('none');
		expect(server.requests).toEqual([]);
	});
});
