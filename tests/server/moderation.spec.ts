// Moderation against the whole server: administrators named by the operator appoint moderators;
// people report threads, replies and people; only moderators read the queue (risk of self-harm
// first) and resolve reports; every action lands in the audit log; and the sync gate accepts a
// moderator's hide mark while refusing a member's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE } from '../../server/sync/protocol';
import { readCommunity, writeThread } from '../../src/lib/sync/community.codec';
import {
	newPersonKey,
	signInPerson,
	startAssembledServer,
	type AssembledTestServer,
	type TestPerson
} from '../support/assembled-server';
import { now, threadRecord } from '../support/community-records';
import { callApi, errorOf } from '../support/api-call';
import { onDocUpdate, until } from '../support/sync-clients';

let server: AssembledTestServer;
let admin: TestPerson;
let mod: TestPerson;
let member: TestPerson;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
	const adminKey = newPersonKey();
	server = await startAssembledServer({ admins: [adminKey.userId] });
	admin = await signInPerson(server.origin, 'Ada', 'anxiety', adminKey.root);
	mod = await signInPerson(server.origin, 'Moss');
	member = await signInPerson(server.origin, 'Mel');
	const appointed = await call('PUT', `/api/communities/anxiety/moderators/${mod.userId}`, admin);
	expect(appointed.status).toBe(204);
});

afterAll(async () => {
	for (const cleanup of cleanups.splice(0)) cleanup();
	await server.close();
});

const call = (method: string, path: string, person?: TestPerson, body?: unknown) =>
	callApi(server.origin, method, path, person, body);

let reportCounter = 0;
function report(reason: string, communityId = 'anxiety') {
	return { communityId, target: { kind: 'reply', id: `reply-${++reportCounter}` }, reason };
}

describe('appointing moderators', () => {
	it('is for administrators only', async () => {
		const path = `/api/communities/anxiety/moderators/${member.userId}`;
		const byMember = await call('PUT', path, member);
		expect(byMember.status).toBe(403);
		expect(errorOf(byMember)).toMatchObject({ code: 'forbidden' });
		expect((await call('PUT', path, mod)).status).toBe(403);
		expect((await call('PUT', path)).status).toBe(401);
		expect((await call('GET', '/api/communities/anxiety/reports', member)).status).toBe(403);
	});

	it('refuses an unknown community or person with 404', async () => {
		const unknownCommunity = await call(
			'PUT',
			`/api/communities/nope/moderators/${mod.userId}`,
			admin
		);
		expect(unknownCommunity.status).toBe(404);
		expect(errorOf(unknownCommunity)).toMatchObject({ code: 'unknown-community' });
		const unknownPerson = await call('PUT', '/api/communities/anxiety/moderators/nobody', admin);
		expect(unknownPerson.status).toBe(404);
	});

	it('appoints and removes, in the audit log, and the role follows at once', async () => {
		const newcomer = await signInPerson(server.origin, 'Nia', 'grief-and-loss');
		const path = `/api/communities/grief-and-loss/moderators/${newcomer.userId}`;
		const queue = '/api/communities/grief-and-loss/reports';
		expect((await call('GET', queue, newcomer)).status).toBe(403);
		expect((await call('PUT', path, admin)).status).toBe(204);
		expect((await call('PUT', path, admin)).status).toBe(204);
		expect((await call('GET', queue, newcomer)).status).toBe(200);
		expect((await call('DELETE', path, admin)).status).toBe(204);
		expect((await call('GET', queue, newcomer)).status).toBe(403);
		const audit = await call('GET', '/api/communities/grief-and-loss/audit', admin);
		expect(audit.status).toBe(200);
		expect(audit.body.entries).toEqual([
			expect.objectContaining({
				actorId: admin.userId,
				action: 'remove-moderator',
				target: newcomer.userId
			}),
			expect.objectContaining({
				actorId: admin.userId,
				action: 'appoint-moderator',
				target: newcomer.userId
			})
		]);
	});
});

describe('reports', () => {
	it('are private: a member cannot read the queue or the audit log', async () => {
		expect((await call('POST', '/api/reports', member, report('spam'))).status).toBe(201);
		const queue = await call('GET', '/api/communities/anxiety/reports', member);
		expect(queue.status).toBe(403);
		expect(errorOf(queue)).toMatchObject({ code: 'forbidden' });
		expect((await call('GET', '/api/communities/anxiety/audit', member)).status).toBe(403);
		expect((await call('GET', '/api/communities/anxiety/reports')).status).toBe(401);
	});

	it('come to moderators risk of self-harm first, then oldest first', async () => {
		const reporter = await signInPerson(server.origin, 'Rae', 'low-mood');
		const made: string[] = [];
		for (const reason of ['spam', 'harassment', 'self-harm-risk', 'other']) {
			const answer = await call('POST', '/api/reports', reporter, report(reason, 'low-mood'));
			expect(answer.status).toBe(201);
			made.push(String(answer.body.reportId));
		}
		await call('PUT', `/api/communities/low-mood/moderators/${mod.userId}`, admin);
		const queue = await call('GET', '/api/communities/low-mood/reports', mod);
		expect(queue.status).toBe(200);
		const reports = queue.body.reports;
		expect(Array.isArray(reports)).toBe(true);
		const ids = (Array.isArray(reports) ? reports : []).map(
			(r: { reportId: string }) => r.reportId
		);
		expect(ids).toEqual([made[2], made[0], made[1], made[3]]);
		expect(Array.isArray(reports) && reports[0]).toMatchObject({
			reason: 'self-harm-risk',
			reporterId: reporter.userId,
			target: { kind: 'reply' }
		});
	});

	it('are resolved once by a moderator, leave the queue, and are audited', async () => {
		const made = await call('POST', '/api/reports', member, {
			...report('harassment'),
			note: 'unkind words'
		});
		const reportId = String(made.body.reportId);
		const path = `/api/reports/${reportId}/resolve`;
		const byMember = await call('POST', path, member, { outcome: 'hidden' });
		expect(byMember.status).toBe(403);
		const badOutcome = await call('POST', path, mod, { outcome: 'banished' });
		expect(badOutcome.status).toBe(400);
		expect(errorOf(badOutcome)).toMatchObject({ code: 'invalid-body', field: 'outcome' });
		const resolved = await call('POST', path, mod, { outcome: 'hidden', note: 'hid the reply' });
		expect(resolved.status).toBe(200);
		expect(resolved.body.resolution).toMatchObject({ outcome: 'hidden', by: mod.userId });
		expect((await call('POST', path, mod, { outcome: 'hidden' })).status).toBe(409);
		const queue = await call('GET', '/api/communities/anxiety/reports', mod);
		const ids = (Array.isArray(queue.body.reports) ? queue.body.reports : []).map(
			(r: { reportId: string }) => r.reportId
		);
		expect(ids).not.toContain(reportId);
		const audit = await call('GET', '/api/communities/anxiety/audit', mod);
		expect(audit.body.entries).toContainEqual(
			expect.objectContaining({
				actorId: mod.userId,
				action: 'resolve-report',
				target: `${reportId}:hidden`,
				reason: 'hid the reply'
			})
		);
		expect(
			(await call('POST', '/api/reports/unknown/resolve', mod, { outcome: 'hidden' })).status
		).toBe(404);
	});

	it.each([
		[{ ...report('spam'), reason: 'rude' }, 'reason'],
		[{ ...report('spam'), target: { kind: 'room', id: 'x' } }, 'target.kind'],
		[{ ...report('spam'), target: { kind: 'reply', id: '' } }, 'target.id'],
		[{ ...report('spam'), note: 'x'.repeat(1001) }, 'note'],
		[{ target: { kind: 'reply', id: 'x' }, reason: 'spam' }, 'communityId']
	])('refuses a bad body with 400 naming the field (%#)', async (body, field) => {
		const answer = await call('POST', '/api/reports', member, body);
		expect(answer.status).toBe(400);
		expect(errorOf(answer)).toMatchObject({ code: 'invalid-body', field });
	});

	it('refuses a report in an unknown community with 404', async () => {
		const answer = await call('POST', '/api/reports', member, report('spam', 'nope'));
		expect(answer.status).toBe(404);
		expect(errorOf(answer)).toMatchObject({ code: 'unknown-community' });
	});

	it('limits how many reports one person makes in an hour, per identity', async () => {
		const flooder = await signInPerson(server.origin, 'Flo');
		for (let i = 0; i < 10; i++) {
			expect((await call('POST', '/api/reports', flooder, report('spam'))).status).toBe(201);
		}
		const refused = await call('POST', '/api/reports', flooder, report('spam'));
		expect(refused.status).toBe(429);
		expect(errorOf(refused)).toMatchObject({ code: 'too-many-reports' });
		// Someone else, from the same address, is not held back by it.
		const other = await signInPerson(server.origin, 'Otto');
		expect((await call('POST', '/api/reports', other, report('spam'))).status).toBe(201);
	});
});

describe('the audit log', () => {
	it("records a moderator's hide, with its reason, and refuses members", async () => {
		const path = '/api/communities/anxiety/audit';
		const body = { action: 'hide', target: 'thread-1', reason: 'shared an address' };
		expect((await call('POST', path, member, body)).status).toBe(403);
		const bad = await call('POST', path, mod, { ...body, action: 'ban' });
		expect(errorOf(bad)).toMatchObject({ code: 'invalid-body', field: 'action' });
		expect((await call('POST', path, mod, body)).status).toBe(201);
		const audit = await call('GET', path, mod);
		expect(Array.isArray(audit.body.entries) && audit.body.entries[0]).toMatchObject({
			actorId: mod.userId,
			...body
		});
	});
});

describe('warnings', () => {
	it('reach the person warned, without naming the moderator, and are audited', async () => {
		const warned = await signInPerson(server.origin, 'Wren');
		const answer = await call('POST', '/api/communities/anxiety/warnings', mod, {
			pseudonymId: warned.author,
			reason: 'Please keep replies kind.'
		});
		expect(answer.status).toBe(201);
		const notices = await call('GET', '/api/me/notices', warned);
		expect(notices.status).toBe(200);
		expect(notices.body.notices).toEqual([
			{
				kind: 'warning',
				noticeId: answer.body.warningId,
				communityId: 'anxiety',
				pseudonymId: warned.author,
				reason: 'Please keep replies kind.',
				at: answer.body.at
			}
		]);
		expect((await call('GET', '/api/me/notices', member)).body.notices).toEqual([]);
		expect((await call('GET', '/api/me/notices')).status).toBe(401);
		const audit = await call('GET', '/api/communities/anxiety/audit', mod);
		expect(audit.body.entries).toContainEqual(
			expect.objectContaining({ action: 'warn', actorId: mod.userId, target: warned.userId })
		);
	});

	it('are for moderators, about a pseudonym in the community', async () => {
		const path = '/api/communities/anxiety/warnings';
		const body = { pseudonymId: member.author, reason: 'Be kind.' };
		expect((await call('POST', path, member, body)).status).toBe(403);
		const empty = await call('POST', path, mod, { ...body, reason: '   ' });
		expect(errorOf(empty)).toMatchObject({ code: 'invalid-body', field: 'reason' });
		const unknown = await call('POST', path, mod, { ...body, pseudonymId: 'nobody' });
		expect(unknown.status).toBe(404);
	});
});

describe('moderators in the shared document', () => {
	async function device(person: TestPerson, room: string) {
		const doc = new Y.Doc();
		const closes: number[] = [];
		const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, room, doc, {
			// ws implements the DOM WebSocket interface the provider uses, not its exact type.
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true,
			params: { token: await person.syncToken(room) }
		});
		provider.on('connection-close', (event) => {
			if (event) closes.push(event.code);
		});
		cleanups.push(() => provider.destroy());
		await until(
			() => provider.synced,
			[
				(wake) => {
					provider.on('sync', wake);
					return () => provider.off('sync', wake);
				}
			],
			'the device is synced'
		);
		return { doc, provider, closes };
	}

	const hide = (doc: Y.Doc, id: string, by: string) =>
		doc.getMap('marks').set(id, { id, hidden: true, by, at: now(), reason: null });

	it("accepts a moderator's hide mark and refuses a member's", async () => {
		const room = 'community:anxiety:moderation-marks';
		const author = await device(member, room);
		const moderator = await device(mod, room);
		const thread = threadRecord(member.author, 'A hard day');
		writeThread(author.doc, thread);
		await until(
			() => readCommunity(moderator.doc).state.threads.has(thread.id),
			[onDocUpdate(moderator.doc)],
			'the moderator sees the thread'
		);

		hide(author.doc, thread.id, member.author);
		await until(
			() => author.closes.includes(CLOSE.REFUSED_CHANGE),
			[
				(wake) => {
					author.provider.on('connection-close', wake);
					return () => author.provider.off('connection-close', wake);
				}
			],
			"the member's mark is refused"
		);
		expect(readCommunity(moderator.doc).state.marks.size).toBe(0);
		author.provider.destroy();

		hide(moderator.doc, thread.id, mod.author);
		const witness = await device(admin, room);
		await until(
			() => readCommunity(witness.doc).state.marks.get(thread.id)?.hidden === true,
			[onDocUpdate(witness.doc)],
			'the mark reaches another device'
		);
		expect(moderator.closes).toEqual([]);
	});

	const closed = (target: Awaited<ReturnType<typeof device>>, code: number, what: string) =>
		until(
			() => target.closes.includes(code),
			[
				(wake) => {
					target.provider.on('connection-close', wake);
					return () => target.provider.off('connection-close', wake);
				}
			],
			what
		);

	it('mutes a person: their connection closes at once, writes are refused until unmuted', async () => {
		const room = 'community:anxiety:moderation-mute';
		const muted = await signInPerson(server.origin, 'Max');
		const observer = await device(mod, room);
		const before = await device(muted, room);
		const answer = await call('POST', '/api/communities/anxiety/mutes', mod, {
			pseudonymId: muted.author,
			until: Date.now() + 60 * 60 * 1000,
			reason: 'cooling off'
		});
		expect(answer.status).toBe(201);
		expect(answer.body).toMatchObject({ userId: muted.userId, by: mod.userId });
		await closed(before, CLOSE.FORBIDDEN, 'the muted connection is closed');
		before.provider.destroy();

		const during = await device(muted, room);
		writeThread(during.doc, threadRecord(muted.author, 'Still here'));
		await closed(during, CLOSE.FORBIDDEN, 'the muted write is refused');
		during.provider.destroy();
		expect(readCommunity(observer.doc).state.threads.size).toBe(0);

		const lifted = await call('DELETE', `/api/communities/anxiety/mutes/${muted.userId}`, mod);
		expect(lifted.status).toBe(204);
		const after = await device(muted, room);
		const thread = threadRecord(muted.author, 'Back again');
		writeThread(after.doc, thread);
		await until(
			() => readCommunity(observer.doc).state.threads.has(thread.id),
			[onDocUpdate(observer.doc)],
			'the write after the mute arrives'
		);
		const audit = await call('GET', '/api/communities/anxiety/audit', mod);
		const actions = (Array.isArray(audit.body.entries) ? audit.body.entries : []).map(
			(entry: { action: string; target: string }) => `${entry.action} ${entry.target}`
		);
		expect(actions).toContain(`mute ${muted.userId}`);
		expect(actions).toContain(`unmute ${muted.userId}`);
	});

	it("closes a removed moderator's connections in that community", async () => {
		const room = 'community:anxiety:moderation-demoted';
		const former = await signInPerson(server.origin, 'Fay');
		const path = `/api/communities/anxiety/moderators/${former.userId}`;
		expect((await call('PUT', path, admin)).status).toBe(204);
		const open = await device(former, room);
		expect((await call('DELETE', path, admin)).status).toBe(204);
		await closed(open, CLOSE.FORBIDDEN, "the former moderator's connection is closed");
	});

	it('lets only moderators mute, and checks the body', async () => {
		const path = '/api/communities/anxiety/mutes';
		const body = { pseudonymId: mod.author, until: Date.now() + 60_000, reason: 'no' };
		expect((await call('POST', path, member, body)).status).toBe(403);
		const past = await call('POST', path, mod, { ...body, pseudonymId: member.author, until: 1 });
		expect(past.status).toBe(400);
		expect(errorOf(past)).toMatchObject({ code: 'invalid-body', field: 'until' });
		const nobody = await call('POST', path, mod, { until: body.until, reason: 'no' });
		expect(errorOf(nobody)).toMatchObject({ code: 'invalid-body', field: 'pseudonymId' });
		const stranger = await call('POST', path, mod, { ...body, pseudonymId: 'unknown' });
		expect(stranger.status).toBe(404);
		const noReason = await call('POST', path, mod, {
			...body,
			pseudonymId: member.author,
			reason: ''
		});
		expect(errorOf(noReason)).toMatchObject({ code: 'invalid-body', field: 'reason' });
	});
});
