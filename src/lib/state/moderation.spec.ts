import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, Report } from '../domain/moderation/moderation-records';
import { MemoryModerationCacheRepository } from '../storage/memory-moderation-cache.repository';
import {
	ModerationError,
	ModerationState,
	type DocumentModerator,
	type QueueAction
} from './moderation.svelte';
import { FakeModerationServer, fakeSession, refusal } from './testing/fake-moderation-server';

const ORIGIN = 'https://hearth.example';
const NOW = Date.UTC(2026, 10, 20, 12);
const DAY = 86_400_000;

const risk: Report = {
	reportId: 'r1',
	communityId: 'anxiety',
	target: { kind: 'reply', id: 'reply1', thread: 't1', part: '2026-11' },
	reason: 'self-harm-risk',
	createdAt: NOW - 5_000
};
const spam: Report = {
	reportId: 'r2',
	communityId: 'anxiety',
	target: { kind: 'thread', id: 't2' },
	reason: 'spam',
	note: 'Selling things',
	createdAt: NOW - 9_000
};
const secondLook: Report = {
	reportId: 'r3',
	communityId: 'anxiety',
	target: { kind: 'thread', id: 't3' },
	reason: 'second-look',
	note: 'It was about me',
	createdAt: NOW - 1_000
};
const hideEntry: AuditEntry = {
	communityId: 'anxiety',
	actorId: 'mod-1',
	action: 'hide',
	target: 't3',
	reason: 'It named someone',
	at: NOW - 2_000
};

let server: FakeModerationServer;
let cache: MemoryModerationCacheRepository;
let online: boolean;

class FakeRoom implements DocumentModerator {
	readonly calls: Parameters<DocumentModerator['moderate']>[0][] = [];
	async moderate(input: Parameters<DocumentModerator['moderate']>[0]): Promise<void> {
		this.calls.push(input);
	}
}

async function attached(session = fakeSession()): Promise<ModerationState> {
	const state = new ModerationState();
	await state.attach({
		cache,
		session,
		origin: ORIGIN,
		fetch: server.fetch,
		now: () => NOW,
		online: () => online
	});
	return state;
}

function resolvedWith(reportId: string): unknown {
	return server.requests.find((r) => r.path === `/api/reports/${reportId}/resolve`)?.body;
}

beforeEach(() => {
	server = new FakeModerationServer();
	cache = new MemoryModerationCacheRepository();
	online = true;
	server.answer('GET', '/api/me', {
		status: 200,
		body: {
			userId: 'user-1',
			displayName: 'Rowan',
			createdAt: 1,
			pseudonyms: [],
			roles: { admin: false, moderates: ['anxiety'] }
		}
	});
	server.answer('GET', '/api/communities/anxiety/reports', {
		status: 200,
		body: { reports: [risk, spam] }
	});
	server.answer('GET', '/api/communities/anxiety/audit', {
		status: 200,
		body: { entries: [hideEntry] }
	});
	for (const id of ['r1', 'r2', 'r3']) {
		server.answer('POST', `/api/reports/${id}/resolve`, { status: 200, body: {} });
	}
});

describe('roles', () => {
	it('knows which communities this person moderates, and keeps that for offline', async () => {
		const state = await attached();
		expect(state.moderates('anxiety')).toBe(true);
		expect(state.moderates('grief')).toBe(false);
		server.offline = true;
		const offline = await attached();
		expect(offline.moderates('anxiety')).toBe(true);
	});

	it('lets an administrator into every community', async () => {
		server.answer('GET', '/api/me', {
			status: 200,
			body: { userId: 'user-1', roles: { admin: true, moderates: [] } }
		});
		expect((await attached()).moderates('grief')).toBe(true);
	});

	it('reads an answer without roles (an older server) as none', async () => {
		server.answer('GET', '/api/me', { status: 200, body: { userId: 'user-1' } });
		expect((await attached()).moderates('anxiety')).toBe(false);
	});

	it('does not lend another person’s roles kept on this device', async () => {
		await attached(fakeSession('someone-else'));
		server.offline = true;
		const state = await attached(fakeSession('user-1'));
		expect(state.roles).toBeNull();
		expect(state.moderates('anxiety')).toBe(false);
	});
});

describe('the queue', () => {
	it('lists the open reports in the server’s order and keeps them for offline reading', async () => {
		const state = await attached();
		const queue = state.queue('anxiety');
		await queue.refresh();
		expect(queue.status).toBe('fresh');
		expect(queue.reports.map((r) => r.reportId)).toEqual(['r1', 'r2']);
		expect(queue.reports[0]?.target).toEqual(risk.target);

		server.offline = true;
		const later = (await attached()).queue('anxiety');
		await later.refresh();
		expect(later.status).toBe('cached');
		expect(later.fetchedAt).toBe(NOW);
		expect(later.reports.map((r) => r.reportId)).toEqual(['r1', 'r2']);
	});

	it('says when it is offline with nothing on the device', async () => {
		server.offline = true;
		const queue = (await attached()).queue('anxiety');
		await queue.refresh();
		expect(queue.status).toBe('offline');
		expect(queue.reports).toEqual([]);
	});

	it('says when the queue is not this person’s to see (403)', async () => {
		server.answer('GET', '/api/communities/anxiety/reports', refusal(403, 'forbidden'));
		const queue = (await attached()).queue('anxiety');
		await queue.refresh();
		expect(queue.status).toBe('forbidden');
	});

	it('shows a second look with the reason moderators gave first', async () => {
		server.answer('GET', '/api/communities/anxiety/reports', {
			status: 200,
			body: { reports: [risk, secondLook] }
		});
		const queue = (await attached()).queue('anxiety');
		await queue.refresh();
		expect(queue.auditStatus).toBe('ready');
		expect(queue.audit).toEqual([hideEntry]);
	});
});

describe('acting on a report', () => {
	async function queueOf() {
		const queue = (await attached()).queue('anxiety');
		await queue.refresh();
		return queue;
	}

	it('hides the post through the room, then resolves the report, which leaves the queue', async () => {
		const queue = await queueOf();
		const room = new FakeRoom();
		await queue.act(risk, { kind: 'hide', reason: ' Unsafe advice ' }, room);
		expect(room.calls).toEqual([{ action: 'hide', targetId: 'reply1', reason: 'Unsafe advice' }]);
		expect(resolvedWith('r1')).toEqual({ outcome: 'hidden', note: 'Unsafe advice' });
		expect(queue.reports.map((r) => r.reportId)).toEqual(['r2']);
		expect((await cache.loadQueue('anxiety'))?.reports.map((r) => r.reportId)).toEqual(['r2']);
	});

	it.each([
		[{ kind: 'remove', reason: 'Spam' }, 'removed', 'remove'],
		[{ kind: 'unhide', reason: 'On a second look it is fine' }, 'no-action', 'unhide']
	] as const)('%j goes through the room', async (action, outcome, roomAction) => {
		const queue = await queueOf();
		const room = new FakeRoom();
		await queue.act(spam, action, room);
		expect(room.calls[0]).toMatchObject({ action: roomAction, targetId: 't2' });
		expect(resolvedWith('r2')).toMatchObject({ outcome });
	});

	it('warns the author with the reason, then resolves as warned', async () => {
		server.answer('POST', '/api/communities/anxiety/warnings', {
			status: 201,
			body: { warningId: 'w1', at: NOW }
		});
		const queue = await queueOf();
		await queue.act(spam, { kind: 'warn', pseudonymId: 'p9', reason: 'No selling here' }, null);
		const warn = server.requests.find((r) => r.path.endsWith('/warnings'));
		expect(warn?.body).toEqual({ pseudonymId: 'p9', reason: 'No selling here' });
		expect(resolvedWith('r2')).toEqual({ outcome: 'warned', note: 'No selling here' });
	});

	it.each([1, 3, 7, 30] as const)('pauses posting for %i days', async (days) => {
		server.answer('POST', '/api/communities/anxiety/mutes', { status: 201, body: {} });
		const queue = await queueOf();
		await queue.act(spam, { kind: 'mute', pseudonymId: 'p9', days, reason: 'Cool off' }, null);
		const mute = server.requests.find((r) => r.path.endsWith('/mutes'));
		expect(mute?.body).toEqual({ pseudonymId: 'p9', until: NOW + days * DAY, reason: 'Cool off' });
		expect(resolvedWith('r2')).toMatchObject({ outcome: 'muted' });
	});

	it('resolves "no action needed" without touching anything else', async () => {
		const queue = await queueOf();
		const room = new FakeRoom();
		await queue.act(spam, { kind: 'dismiss', reason: '' }, room);
		expect(room.calls).toEqual([]);
		expect(resolvedWith('r2')).toEqual({ outcome: 'no-action' });
	});

	it('refuses at once when offline, before anything is done', async () => {
		const queue = await queueOf();
		online = false;
		const room = new FakeRoom();
		await expect(queue.act(risk, { kind: 'hide', reason: 'x' }, room)).rejects.toMatchObject({
			code: 'offline'
		});
		expect(room.calls).toEqual([]);
		expect(queue.reports).toHaveLength(2);
	});

	it('says hiding needs the community open on this device', async () => {
		const queue = await queueOf();
		await expect(queue.act(risk, { kind: 'hide', reason: 'x' }, null)).rejects.toMatchObject({
			code: 'needs-room'
		});
		expect(resolvedWith('r1')).toBeUndefined();
	});

	it('takes a report someone else resolved out of the queue, and says so (409)', async () => {
		server.answer('POST', '/api/reports/r2/resolve', refusal(409, 'already-resolved'));
		const queue = await queueOf();
		const acting = queue.act(spam, { kind: 'dismiss', reason: '' }, null);
		await expect(acting).rejects.toBeInstanceOf(ModerationError);
		await expect(acting).rejects.toMatchObject({ code: 'already-resolved' });
		expect(queue.reports.map((r) => r.reportId)).toEqual(['r1']);
	});

	it.each([
		[403, 'forbidden', 'forbidden'],
		[404, 'not-found', 'not-found'],
		[400, 'invalid-body', 'invalid'],
		[500, 'internal', 'failed']
	] as const)(
		'keeps the report when warning is refused with %i',
		async (status, code, expected) => {
			server.answer('POST', '/api/communities/anxiety/warnings', refusal(status, code));
			const queue = await queueOf();
			const action: QueueAction = { kind: 'warn', pseudonymId: 'p9', reason: 'x' };
			await expect(queue.act(spam, action, null)).rejects.toMatchObject({ code: expected });
			expect(resolvedWith('r2')).toBeUndefined();
			expect(queue.reports).toHaveLength(2);
		}
	);

	it('reads the audit log, and says when it is not this person’s to read', async () => {
		const queue = (await attached()).queue('anxiety');
		await queue.loadAudit();
		expect(queue.audit).toEqual([hideEntry]);
		server.answer('GET', '/api/communities/anxiety/audit', refusal(403, 'forbidden'));
		await queue.loadAudit();
		expect(queue.auditStatus).toBe('forbidden');
		server.offline = true;
		await queue.loadAudit();
		expect(queue.auditStatus).toBe('offline');
	});
});

describe('when the room refuses', () => {
	it.each([
		['not-yours', 'forbidden'],
		['missing', 'not-found'],
		['not-joined', 'needs-room']
	] as const)('names %s and leaves the report open', async (code, expected) => {
		const queue = (await attached()).queue('anxiety');
		await queue.refresh();
		const room: DocumentModerator = {
			async moderate() {
				throw Object.assign(new Error('refused'), { name: 'CommunityError', code });
			}
		};
		await expect(queue.act(risk, { kind: 'hide', reason: 'x' }, room)).rejects.toMatchObject({
			code: expected
		});
		expect(resolvedWith('r1')).toBeUndefined();
		expect(queue.reports).toHaveLength(2);
	});
});

describe('before set-up', () => {
	it('moderates nothing and asks the server nothing', async () => {
		const state = await attached(fakeSession('user-1', false));
		await state.refreshRoles();
		expect(state.moderates('anxiety')).toBe(false);
		expect(server.requests).toEqual([]);
	});
});
