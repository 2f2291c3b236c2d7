import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryCommunityRepository } from '../storage/memory-community.repository';
import { MemoryDocumentRepository } from '../storage/memory-document.repository';
import { MemoryThreadIndexRepository } from '../storage/memory-thread-index.repository';
import { MemoryOutboxRepository } from '../storage/memory-outbox.repository';
import { CommunityRoom } from './community-room.svelte';
import { ModerationActions, moderationActions, ReportError } from './moderation-actions';
import { moderatorRole } from './moderator-role.svelte';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const MOD = 'mmmmmmmmmmmmmmmmmmmmmmmmma';
const INFO = { id: 'anxiety', name: 'Anxiety', description: 'Together', guidelines: ['Be kind.'] };
const NOV_2026 = Date.UTC(2026, 10, 15, 12);
const ORIGIN = 'http://hearth.test';

interface Call {
	method: string;
	path: string;
	body: unknown;
	authorization: string | null;
}

/** A server answering each call with `answer(call)`; `null` plays a dropped connection. */
function server(answer: (call: Call) => Response | null = () => json(201, {})) {
	const calls: Call[] = [];
	const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
		const headers = new Headers(init?.headers);
		const call: Call = {
			method: init?.method ?? 'GET',
			path: String(input).replace(ORIGIN, ''),
			body: typeof init?.body === 'string' ? JSON.parse(init.body) : null,
			authorization: headers.get('authorization')
		};
		const response = answer(call);
		if (response === null) throw new TypeError('Failed to fetch');
		calls.push(call);
		return response;
	});
	return { calls, fetch };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', ...headers }
	});
}

const refusal = (status: number, code: string, headers: Record<string, string> = {}) =>
	json(status, { error: { code, message: code } }, headers);

function actions(fetch: typeof globalThis.fetch, outbox = new MemoryOutboxRepository()) {
	const made = new ModerationActions();
	made.attach({ outbox, session: { sessionToken: async () => 'session' }, origin: ORIGIN, fetch });
	return made;
}

const REPORT = {
	communityId: 'anxiety',
	target: { kind: 'reply' as const, id: 'replyaxxxxxxxxxxxxxxxxxxxa', part: '2026-11' },
	reason: 'self-harm-risk' as const,
	note: '  They said goodbye  '
};

describe('reporting', () => {
	it('posts the report with the session, note trimmed', async () => {
		const to = server();
		expect(await actions(to.fetch).report(REPORT)).toBe('sent');
		expect(to.calls).toEqual([
			{
				method: 'POST',
				path: '/api/reports',
				body: { ...REPORT, note: 'They said goodbye' },
				authorization: 'Bearer session'
			}
		]);
	});

	it('leaves out a blank note', async () => {
		const to = server();
		await actions(to.fetch).report({ ...REPORT, note: '   ' });
		expect(to.calls[0]?.body).not.toHaveProperty('note');
	});

	it('keeps a report made offline and sends it with the next flush', async () => {
		let online = false;
		const outbox = new MemoryOutboxRepository();
		const to = server(() => (online ? json(201, {}) : null));
		const made = actions(to.fetch, outbox);
		expect(await made.report(REPORT)).toBe('queued');
		expect(to.calls).toEqual([]);
		online = true;
		// A new start of the app: the report was kept on the device.
		await actions(to.fetch, outbox).flush();
		expect(to.calls.map((call) => call.path)).toEqual(['/api/reports']);
		expect(await outbox.load()).toEqual([]);
	});

	it('keeps a report whose target came from reactive page state', async () => {
		const outbox = new MemoryOutboxRepository();
		// What a page's state hands in: a proxy, which storage refuses to clone.
		const target = new Proxy({ ...REPORT.target }, {});
		expect(await actions(server(() => null).fetch, outbox).report({ ...REPORT, target })).toBe(
			'queued'
		);
		expect(await outbox.load()).toMatchObject([{ body: { target: REPORT.target } }]);
	});

	it.each([
		[refusal(429, 'too-many-reports', { 'retry-after': '3600' }), 'too-many'],
		[refusal(400, 'invalid-body'), 'refused'],
		[refusal(404, 'unknown-community'), 'refused']
	] as const)('turns a refusal into a ReportError (%#)', async (response, code) => {
		const made = actions(server(() => response.clone()).fetch);
		await expect(made.report(REPORT)).rejects.toMatchObject({ name: 'ReportError', code });
	});

	it('says it is not ready when there is no session, and keeps nothing', async () => {
		const to = server();
		const outbox = new MemoryOutboxRepository();
		const made = new ModerationActions();
		made.attach({
			outbox,
			session: {
				sessionToken: async () => {
					throw new Error('Not set up yet');
				}
			},
			origin: ORIGIN,
			fetch: to.fetch
		});
		await expect(made.report(REPORT)).rejects.toMatchObject({ code: 'not-ready' });
		expect(await outbox.load()).toEqual([]);
	});

	it('says it is not ready before it is attached', async () => {
		await expect(new ModerationActions().report(REPORT)).rejects.toThrow(ReportError);
	});
});

describe('CommunityRoom.moderate', () => {
	const rooms: CommunityRoom[] = [];
	beforeEach(() => {
		vi.stubGlobal(
			'WebSocket',
			class {
				constructor() {
					throw new Error('no network in unit tests');
				}
			}
		);
	});
	afterEach(async () => {
		await Promise.all(rooms.splice(0).map((room) => room.close()));
		moderatorRole.set({ admin: false, moderates: [] });
		vi.unstubAllGlobals();
	});

	/** One device's room, as `as`, sharing documents with every other room on `documents`. */
	async function open(
		as: string,
		documents: MemoryDocumentRepository,
		threadIndex = new MemoryThreadIndexRepository()
	) {
		const communities = new MemoryCommunityRepository();
		await communities.saveJoined({
			id: INFO.id,
			info: INFO,
			joinedAt: 1,
			guidelinesAcceptedAt: 1,
			chosenName: null,
			authoredMonths: [],
			openedMonths: []
		});
		const room = new CommunityRoom({
			info: INFO,
			identity: {
				pseudonymKeys: () => ({ id: as }),
				sessionToken: async () => 'session',
				registerPseudonym: async () => {}
			},
			communities,
			documents,
			threadIndex,
			sync: null,
			joined: true,
			now: () => NOV_2026
		});
		rooms.push(room);
		await room.loaded;
		return room;
	}

	/** Alice's thread and her reply, written on a device whose documents the moderator then opens. */
	async function scene(fetch: typeof globalThis.fetch) {
		moderationActions.attach({
			outbox: new MemoryOutboxRepository(),
			session: { sessionToken: async () => 'session' },
			origin: ORIGIN,
			fetch
		});
		const documents = new MemoryDocumentRepository();
		const alice = await open(ALICE, documents);
		const threadId = await alice.startThread({
			title: 'Evenings',
			body: 'What helps?',
			contentWarning: null,
			tags: []
		});
		const replyId = await alice.reply(threadId, { body: 'Tea', contentWarning: null });
		await alice.close();
		rooms.splice(rooms.indexOf(alice), 1);
		return { documents, threadId, replyId };
	}

	it('hides with a mark naming the moderator, records it, and members no longer see it', async () => {
		const to = server();
		const { documents, threadId, replyId } = await scene(to.fetch);
		moderatorRole.set({ admin: false, moderates: ['anxiety'] });
		const mod = await open(MOD, documents);
		expect(mod.isModerator).toBe(true);
		await mod.moderate({ action: 'hide', targetId: replyId, reason: ' Unkind words ' });
		expect(mod.markOf(replyId)).toMatchObject({ hidden: true, by: MOD, reason: 'Unkind words' });
		// The moderator still sees it, to review it.
		expect(mod.thread(threadId)?.replies.map((r) => r.id)).toEqual([replyId]);
		expect(to.calls).toEqual([
			{
				method: 'POST',
				path: '/api/communities/anxiety/audit',
				body: { action: 'hide', target: replyId, reason: 'Unkind words' },
				authorization: 'Bearer session'
			}
		]);
		await mod.close();
		rooms.splice(rooms.indexOf(mod), 1);

		moderatorRole.set({ admin: false, moderates: [] });
		const member = await open('cccccccccccccccccccccccccq', documents);
		expect(member.thread(threadId)?.replies).toEqual([]);
		expect(member.search('Tea')).toEqual([]);
		const author = await open(ALICE, documents);
		expect(author.thread(threadId)?.replies.map((r) => r.id)).toEqual([replyId]);
		expect(author.markOf(replyId)?.hidden).toBe(true);
	});

	it('never keeps a hidden thread in the thread index, not even a moderator’s', async () => {
		const { documents, threadId } = await scene(server().fetch);
		moderatorRole.set({ admin: false, moderates: ['anxiety'] });
		const threadIndex = new MemoryThreadIndexRepository();
		const mod = await open(MOD, documents, threadIndex);
		const indexed = async () => (await threadIndex.all('anxiety')).map((t) => t.id);
		await expect.poll(indexed, { timeout: 6000 }).toEqual([threadId]);
		await mod.moderate({ action: 'hide', targetId: threadId, reason: 'Check' });
		// The moderator still sees it in the list, to review it; a first screen never shows it.
		expect(mod.threads.map((t) => t.id)).toEqual([threadId]);
		await expect.poll(indexed, { timeout: 6000 }).toEqual([]);
	});

	it('unhides, and removes a thread for everyone', async () => {
		const to = server();
		const { documents, threadId, replyId } = await scene(to.fetch);
		moderatorRole.set({ admin: false, moderates: ['anxiety'] });
		const mod = await open(MOD, documents);
		await mod.moderate({ action: 'hide', targetId: replyId, reason: 'Check' });
		await mod.moderate({ action: 'unhide', targetId: replyId, reason: '' });
		expect(mod.markOf(replyId)?.hidden).toBe(false);
		await mod.moderate({ action: 'remove', targetId: threadId, reason: 'Spam' });
		expect(mod.thread(threadId)).toBeNull();
		expect(mod.threads).toEqual([]);
		expect(to.calls.map((call) => call.body)).toEqual([
			{ action: 'hide', target: replyId, reason: 'Check' },
			{ action: 'unhide', target: replyId },
			{ action: 'remove', target: threadId, reason: 'Spam' }
		]);
	});

	it('keeps the audit entry for later when offline; the change is made at once', async () => {
		const to = server(() => null);
		const { documents, replyId } = await scene(to.fetch);
		moderatorRole.set({ admin: false, moderates: ['anxiety'] });
		const mod = await open(MOD, documents);
		await mod.moderate({ action: 'hide', targetId: replyId, reason: 'Unkind' });
		expect(mod.markOf(replyId)?.hidden).toBe(true);
		expect(to.calls).toEqual([]);
	});

	it('refuses someone who does not moderate here, changing nothing', async () => {
		const to = server();
		const { documents, replyId } = await scene(to.fetch);
		moderatorRole.set({ admin: false, moderates: ['other-community'] });
		const member = await open(MOD, documents);
		await expect(
			member.moderate({ action: 'hide', targetId: replyId, reason: 'x' })
		).rejects.toMatchObject({ code: 'not-yours' });
		expect(member.markOf(replyId)).toBeNull();
		expect(to.calls).toEqual([]);
	});

	it('says so when the server no longer counts this person as a moderator', async () => {
		const to = server(() => refusal(403, 'forbidden'));
		const { documents, replyId } = await scene(to.fetch);
		moderatorRole.set({ admin: false, moderates: ['anxiety'] });
		const mod = await open(MOD, documents);
		await expect(
			mod.moderate({ action: 'hide', targetId: replyId, reason: 'x' })
		).rejects.toMatchObject({ code: 'not-yours' });
	});

	it('says what is wrong with a missing target or an over-long reason', async () => {
		const { documents, replyId } = await scene(server().fetch);
		moderatorRole.set({ admin: true, moderates: [] });
		const mod = await open(MOD, documents);
		await expect(
			mod.moderate({ action: 'remove', targetId: 'nothingxxxxxxxxxxxxxxxxxxa', reason: '' })
		).rejects.toMatchObject({ code: 'missing' });
		await expect(
			mod.moderate({ action: 'hide', targetId: replyId, reason: 'x'.repeat(501) })
		).rejects.toMatchObject({ code: 'invalid-input', field: 'reason' });
	});
});
