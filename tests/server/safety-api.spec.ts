// Each person's protections and what they are told, against the whole server: block lists the
// sync gate enforces, guidelines accepted before a first post, sync tokens that say why they are
// read only, notices to authors when moderators hide or remove their posts, second looks in the
// moderators' queue, where a report's record is, and the roles a person holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createHash } from 'node:crypto';
import { createCommunityDirectory } from '../../server/api/communities';
import { guidelinesVersion } from '../../server/api/guidelines-version';
import { newId } from '../../src/lib/domain/ids';
import { readCommunity, writeReply, writeThread } from '../../src/lib/sync/community.codec';
import {
	newPersonKey,
	signInPerson,
	startAssembledServer,
	type AssembledTestServer,
	type TestPerson
} from '../support/assembled-server';
import { now, replyRecord, threadRecord } from '../support/community-records';
import { callApi, errorOf, isRecord, type ApiAnswer } from '../support/api-call';
import { onDocUpdate, until } from '../support/sync-clients';

let server: AssembledTestServer;
let admin: TestPerson;
let mod: TestPerson;
let member: TestPerson;
let rooms = 0;
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

type Answer = ApiAnswer;

const call = (method: string, path: string, person?: TestPerson, body?: unknown) =>
	callApi(server.origin, method, path, person, body);

function listOf(answer: Answer, key: string): Record<string, unknown>[] {
	const list = answer.body[key];
	return Array.isArray(list) ? list.filter(isRecord) : [];
}

/** Asks again until `check` passes: notices are recorded just after the update is admitted. */
async function eventually<T>(ask: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
	for (let tries = 0; ; tries++) {
		const value = await ask();
		if (check(value) || tries === 100) return value;
		await new Promise((done) => setTimeout(done, 20));
	}
}

const noticesOf = async (person: TestPerson) =>
	listOf(await call('GET', '/api/me/notices', person), 'notices');

async function device(person: TestPerson, room: string) {
	const doc = new Y.Doc();
	const closes: { code: number; reason: string }[] = [];
	const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, room, doc, {
		// ws implements the DOM WebSocket interface the provider uses, not its exact type.
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params: { token: await person.syncToken(room) }
	});
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
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

const state = (doc: Y.Doc) => readCommunity(doc).state;

async function seen(doc: Y.Doc, check: () => boolean, what: string): Promise<void> {
	await until(check, [onDocUpdate(doc)], what);
}

describe('block lists', () => {
	const path = '/api/communities/anxiety/blocks';

	it('replace the whole list, read back sorted, and last across a restart', async () => {
		const blocker = await signInPerson(server.origin, 'Bea');
		const [a, b, c] = [newId(), newId(), newId()].sort();
		expect((await call('GET', path, blocker)).body).toEqual({ blocked: [] });
		expect((await call('PUT', path, blocker, { blocked: [c, a, a] })).status).toBe(204);
		expect((await call('GET', path, blocker)).body).toEqual({ blocked: [a, c] });
		expect((await call('PUT', path, blocker, { blocked: [b] })).status).toBe(204);
		await server.restart();
		expect((await call('GET', path, blocker)).body).toEqual({ blocked: [b] });
		expect((await call('GET', path, member)).body).toEqual({ blocked: [] });
	});

	it('take a thousand people, not more', async () => {
		const blocker = await signInPerson(server.origin, 'Bo');
		const many = Array.from({ length: 1000 }, () => newId());
		expect((await call('PUT', path, blocker, { blocked: many })).status).toBe(204);
		const tooMany = await call('PUT', path, blocker, { blocked: [...many, newId()] });
		expect(tooMany.status).toBe(400);
		expect(errorOf(tooMany)).toMatchObject({ code: 'invalid-body', field: 'blocked' });
	});

	it.each([
		[{ blocked: ['not-an-id'] }, 'blocked.0'],
		[{ blocked: 'everyone' }, 'blocked'],
		[{}, 'blocked']
	])('refuse a bad body with 400 naming the field (%#)', async (body, field) => {
		const answer = await call('PUT', path, member, body);
		expect(answer.status).toBe(400);
		expect(errorOf(answer)).toMatchObject({ code: 'invalid-body', field });
	});

	it('need a session, a known community and a pseudonym there', async () => {
		expect((await call('GET', path)).status).toBe(401);
		expect((await call('PUT', path, undefined, { blocked: [] })).status).toBe(401);
		const unknown = await call('GET', '/api/communities/nope/blocks', member);
		expect(unknown.status).toBe(404);
		expect(errorOf(unknown)).toMatchObject({ code: 'unknown-community' });
		const elsewhere = await call('PUT', '/api/communities/low-mood/blocks', member, {
			blocked: []
		});
		expect(elsewhere.status).toBe(409);
		expect(errorOf(elsewhere)).toMatchObject({ code: 'no-pseudonym' });
		expect((await call('GET', '/api/communities/low-mood/blocks', member)).status).toBe(409);
	});
});

describe('guidelines', () => {
	it('carry a version: 16 hex characters of SHA-256 over their JSON', async () => {
		const listed = listOf(await call('GET', '/api/communities'), 'communities');
		const anxiety = listed.find((community) => community.id === 'anxiety');
		const expected = createHash('sha256')
			.update(JSON.stringify(anxiety?.guidelines))
			.digest('hex')
			.slice(0, 16);
		expect(anxiety?.guidelinesVersion).toBe(expected);
		expect(new Set(listed.map((community) => community.guidelinesVersion)).size).toBe(
			listed.length
		);
	});

	it('get a new version when a word changes, the same one when none does', () => {
		const community = { id: 'a', name: 'A', description: 'A place.', guidelines: ['Be kind.'] };
		const [one, same, changed] = createCommunityDirectory([
			community,
			{ ...community, id: 'b' },
			{ ...community, id: 'c', guidelines: ['Be kind!'] }
		]).list();
		if (!one || !same || !changed) throw new Error('three communities expected');
		expect(guidelinesVersion(one)).toMatch(/^[0-9a-f]{16}$/);
		expect(guidelinesVersion(same)).toBe(guidelinesVersion(one));
		expect(guidelinesVersion(changed)).not.toBe(guidelinesVersion(one));
	});

	it('must be accepted, as they read now, before a token writes', async () => {
		const newcomer = await signInPerson(server.origin, 'Noa', 'anxiety', undefined, {
			acceptGuidelines: false
		});
		const room = 'community:anxiety:2026-11';
		const before = await call('POST', '/api/sync-token', newcomer, { room });
		expect(before.body).toMatchObject({ write: false, readOnly: 'guidelines' });
		const stale = await call('PUT', '/api/communities/anxiety/guidelines', newcomer, {
			version: '0000000000000000'
		});
		const current = await currentVersion('anxiety');
		expect(stale.status).toBe(409);
		expect(stale.body).toMatchObject({
			error: { code: 'guidelines-changed' },
			guidelinesVersion: current
		});
		const accept = { version: current };
		expect(
			(await call('PUT', '/api/communities/anxiety/guidelines', newcomer, accept)).status
		).toBe(204);
		const after = await call('POST', '/api/sync-token', newcomer, { room });
		expect(after.body).toEqual({
			token: expect.any(String),
			expiresAt: expect.any(Number),
			write: true
		});
		await server.restart();
		const restarted = await call('POST', '/api/sync-token', newcomer, { room });
		expect(restarted.body).toMatchObject({ write: true });
	});

	it('refuse acceptance without a session, for an unknown community, or without a version', async () => {
		const body = { version: await currentVersion('anxiety') };
		expect((await call('PUT', '/api/communities/anxiety/guidelines', undefined, body)).status).toBe(
			401
		);
		const unknown = await call('PUT', '/api/communities/nope/guidelines', member, body);
		expect(errorOf(unknown)).toMatchObject({ code: 'unknown-community' });
		const empty = await call('PUT', '/api/communities/anxiety/guidelines', member, {});
		expect(errorOf(empty)).toMatchObject({ code: 'invalid-body', field: 'version' });
	});
});

async function currentVersion(communityId: string): Promise<unknown> {
	const listed = listOf(await call('GET', '/api/communities'), 'communities');
	return listed.find((community) => community.id === communityId)?.guidelinesVersion;
}

describe('sync tokens', () => {
	it('say why a community room is read only: no pseudonym, guidelines, muted', async () => {
		const person = await signInPerson(server.origin, 'Rio');
		const token = (room: string) => call('POST', '/api/sync-token', person, { room });
		expect((await token('community:low-mood:2026-11')).body).toMatchObject({
			write: false,
			readOnly: 'no-pseudonym'
		});
		expect((await token(`journal:${person.userId}`)).body).toMatchObject({ write: true });
		const until = Date.now() + 60 * 60 * 1000;
		const muted = await call('POST', '/api/communities/anxiety/mutes', mod, {
			pseudonymId: person.author,
			until,
			reason: 'a pause'
		});
		expect(muted.status).toBe(201);
		const answer = await token('community:anxiety:2026-11');
		expect(answer.body).toEqual({
			token: expect.any(String),
			expiresAt: expect.any(Number),
			write: false,
			readOnly: 'muted',
			mutedUntil: until
		});
		await call('DELETE', `/api/communities/anxiety/mutes/${person.userId}`, mod);
		expect((await token('community:anxiety:2026-11')).body).toMatchObject({ write: true });
		expect((await token('community:anxiety:2026-11')).body).not.toHaveProperty('readOnly');
	});
});

describe('notices to authors', () => {
	it('tell of a hide with the mark’s reason, and of the unhide', async () => {
		// A month document, so the notice can say which one holds the post.
		const part = `${2040 + ++rooms}-11`;
		const room = `community:anxiety:${part}`;
		const author = await signInPerson(server.origin, 'Hal');
		const writer = await device(author, room);
		const moderator = await device(mod, room);
		const thread = threadRecord(author.author, 'A long week');
		writeThread(writer.doc, thread);
		await seen(
			moderator.doc,
			() => state(moderator.doc).threads.has(thread.id),
			'the thread arrives'
		);
		const marks = moderator.doc.getMap('marks');
		marks.set(thread.id, {
			id: thread.id,
			hidden: true,
			by: mod.author,
			at: now(),
			reason: 'names a place'
		});
		const hidden = await eventually(
			() => noticesOf(author),
			(list) => list.length === 1
		);
		expect(hidden).toEqual([
			{
				kind: 'hidden',
				noticeId: expect.any(String),
				communityId: 'anxiety',
				pseudonymId: author.author,
				reason: 'names a place',
				at: expect.any(Number),
				target: { kind: 'thread', id: thread.id, part },
				excerpt: 'A long week'
			}
		]);
		marks.set(thread.id, { id: thread.id, hidden: false, by: mod.author, at: now(), reason: null });
		const both = await eventually(
			() => noticesOf(author),
			(list) => list.length === 2
		);
		expect(both[0]).toMatchObject({ kind: 'unhidden', reason: null, target: { id: thread.id } });
		expect(moderator.closes).toEqual([]);
		expect(await noticesOf(mod)).toEqual([]);
	});

	it('tell of a removal, with an excerpt, and take the reason from the audit log after', async () => {
		const room = `community:anxiety:notices-${++rooms}`;
		const author = await signInPerson(server.origin, 'Ivo');
		const other = await signInPerson(server.origin, 'Jo');
		const writer = await device(author, room);
		const answerer = await device(other, room);
		const moderator = await device(mod, room);
		const thread = threadRecord(author.author, 'Night shifts');
		writeThread(writer.doc, thread);
		await seen(
			answerer.doc,
			() => state(answerer.doc).threads.has(thread.id),
			'the thread arrives'
		);
		const body = 'x'.repeat(100) + 'y'.repeat(100);
		const reply = replyRecord(other.author, thread.id, body);
		writeReply(answerer.doc, reply);
		await seen(
			moderator.doc,
			() => state(moderator.doc).replies.has(reply.id),
			'the reply arrives'
		);

		moderator.doc.getMap('replies').delete(reply.id);
		const [removed] = await eventually(
			() => noticesOf(other),
			(list) => list.length === 1
		);
		expect(removed).toMatchObject({
			kind: 'removed',
			reason: null,
			target: { kind: 'reply', id: reply.id, thread: thread.id },
			excerpt: 'x'.repeat(100) + 'y'.repeat(20)
		});
		// Not a month document: the notice names no part.
		expect(removed?.target).not.toHaveProperty('part');
		const audit = await call('POST', '/api/communities/anxiety/audit', mod, {
			action: 'remove',
			target: reply.id,
			reason: 'off topic'
		});
		expect(audit.status).toBe(201);
		expect((await noticesOf(other))[0]).toMatchObject({ kind: 'removed', reason: 'off topic' });

		// The audit log first this time: the notice takes its reason from there.
		await call('POST', '/api/communities/anxiety/audit', mod, {
			action: 'remove',
			target: thread.id,
			reason: 'shared an address'
		});
		moderator.doc.getMap('threads').delete(thread.id);
		const [thread_] = await eventually(
			() => noticesOf(author),
			(list) => list.length === 1
		);
		expect(thread_).toMatchObject({
			kind: 'removed',
			reason: 'shared an address',
			target: { kind: 'thread', id: thread.id },
			excerpt: 'Night shifts'
		});
	});

	it('tell of a mute with its end and reason, and keep warnings as they were', async () => {
		const person = await signInPerson(server.origin, 'Kit');
		const until = Date.now() + 2 * 60 * 60 * 1000;
		await call('POST', '/api/communities/anxiety/warnings', mod, {
			pseudonymId: person.author,
			reason: 'Please be gentle.'
		});
		await call('POST', '/api/communities/anxiety/mutes', mod, {
			pseudonymId: person.author,
			until,
			reason: 'a day to cool off'
		});
		const notices = await noticesOf(person);
		expect(notices.map((notice) => notice.kind)).toEqual(['muted', 'warning']);
		expect(notices[0]).toEqual({
			kind: 'muted',
			noticeId: expect.any(String),
			communityId: 'anxiety',
			pseudonymId: person.author,
			reason: 'a day to cool off',
			at: expect.any(Number),
			until
		});
		await call('DELETE', `/api/communities/anxiety/mutes/${person.userId}`, mod);
	});
});

describe('a second look', () => {
	async function hiddenNotice(person: TestPerson) {
		const room = `community:anxiety:${2040 + ++rooms}-12`;
		const writer = await device(person, room);
		const moderator = await device(mod, room);
		const thread = threadRecord(person.author, 'Is this allowed?');
		writeThread(writer.doc, thread);
		await seen(
			moderator.doc,
			() => state(moderator.doc).threads.has(thread.id),
			'the thread arrives'
		);
		moderator.doc.getMap('marks').set(thread.id, {
			id: thread.id,
			hidden: true,
			by: mod.author,
			at: now(),
			reason: 'looked like spam'
		});
		const [notice] = await eventually(
			() => noticesOf(person),
			(list) => list.length > 0
		);
		return { notice, thread, room };
	}

	it('goes to the queue once, after risk of harm, with the note and the post', async () => {
		const person = await signInPerson(server.origin, 'Lu');
		const { notice, thread, room } = await hiddenNotice(person);
		const noticeId = String(notice?.noticeId);
		const risk = await call('POST', '/api/reports', member, {
			communityId: 'anxiety',
			target: { kind: 'thread', id: newId() },
			reason: 'self-harm-risk'
		});
		const asked = await call('POST', `/api/me/notices/${noticeId}/second-look`, person, {
			note: 'It was a real question.'
		});
		expect(asked.status).toBe(201);
		expect(asked.body).toEqual({ reportId: expect.any(String), createdAt: expect.any(Number) });
		const queue = listOf(await call('GET', '/api/communities/anxiety/reports', mod), 'reports');
		const riskAt = queue.findIndex((r) => r.reportId === risk.body.reportId);
		const lookAt = queue.findIndex((r) => r.reportId === asked.body.reportId);
		expect(riskAt).toBeLessThan(lookAt);
		expect(queue.slice(lookAt + 1).every((r) => r.reason !== 'self-harm-risk')).toBe(true);
		expect(queue[lookAt]).toEqual({
			reportId: asked.body.reportId,
			communityId: 'anxiety',
			reporterId: person.userId,
			target: { kind: 'thread', id: thread.id, part: room.split(':')[2] },
			reason: 'second-look',
			note: 'It was a real question.',
			createdAt: asked.body.createdAt,
			notice: { noticeId, kind: 'hidden', reason: 'looked like spam' },
			excerpt: 'Is this allowed?'
		});
		expect((await noticesOf(person))[0]).toMatchObject({
			noticeId,
			secondLook: { requestedAt: asked.body.createdAt }
		});
		const again = await call('POST', `/api/me/notices/${noticeId}/second-look`, person, {});
		expect(again.status).toBe(409);
		expect(errorOf(again)).toMatchObject({ code: 'already-asked' });
	});

	it('is only about one’s own notices, and not about an unhide', async () => {
		const person = await signInPerson(server.origin, 'Max');
		const { notice } = await hiddenNotice(person);
		const path = `/api/me/notices/${String(notice?.noticeId)}/second-look`;
		const stranger = await call('POST', path, member, {});
		expect(stranger.status).toBe(404);
		expect(errorOf(stranger)).toMatchObject({ code: 'unknown-notice' });
		expect((await call('POST', '/api/me/notices/nothing/second-look', person, {})).status).toBe(
			404
		);
		expect((await call('POST', path, undefined, {})).status).toBe(401);
		const long = await call('POST', path, person, { note: 'x'.repeat(1001) });
		expect(errorOf(long)).toMatchObject({ code: 'invalid-body', field: 'note' });
	});

	it('refuses to review an unhide: nothing-to-review', async () => {
		const person = await signInPerson(server.origin, 'Ned');
		const { thread, room } = await hiddenNotice(person);
		const moderator = await device(mod, room);
		moderator.doc.getMap('marks').delete(thread.id);
		const [unhidden] = await eventually(
			() => noticesOf(person),
			(list) => list[0]?.kind === 'unhidden'
		);
		const answer = await call(
			'POST',
			`/api/me/notices/${String(unhidden?.noticeId)}/second-look`,
			person,
			{}
		);
		expect(answer.status).toBe(409);
		expect(errorOf(answer)).toMatchObject({ code: 'nothing-to-review' });
	});

	it('names the person when the notice is about them, and is not held by the report limit', async () => {
		const person = await signInPerson(server.origin, 'Oli');
		const warned = await call('POST', '/api/communities/anxiety/warnings', mod, {
			pseudonymId: person.author,
			reason: 'Please keep it kind.'
		});
		for (let i = 0; i < 10; i++) {
			const made = await call('POST', '/api/reports', person, {
				communityId: 'anxiety',
				target: { kind: 'person', id: newId() },
				reason: 'spam'
			});
			expect(made.status).toBe(201);
		}
		const path = `/api/me/notices/${String(warned.body.warningId)}/second-look`;
		const asked = await call('POST', path, person, {});
		expect(asked.status).toBe(201);
		const queue = listOf(await call('GET', '/api/communities/anxiety/reports', mod), 'reports');
		expect(queue.find((r) => r.reportId === asked.body.reportId)).toMatchObject({
			target: { kind: 'person', id: person.author },
			notice: { kind: 'warning', reason: 'Please keep it kind.' }
		});
	});

	it('cannot be asked for through POST /api/reports', async () => {
		const answer = await call('POST', '/api/reports', member, {
			communityId: 'anxiety',
			target: { kind: 'thread', id: newId() },
			reason: 'second-look'
		});
		expect(answer.status).toBe(400);
		expect(errorOf(answer)).toMatchObject({ code: 'invalid-body', field: 'reason' });
	});
});

describe('report targets', () => {
	it('carry the month document and the thread to the queue', async () => {
		const target = { kind: 'reply', id: newId(), part: '2026-11', thread: newId() };
		const made = await call('POST', '/api/reports', member, {
			communityId: 'anxiety',
			target,
			reason: 'harassment'
		});
		expect(made.status).toBe(201);
		const queue = listOf(await call('GET', '/api/communities/anxiety/reports', mod), 'reports');
		expect(queue.find((r) => r.reportId === made.body.reportId)?.target).toEqual(target);
	});

	it.each([
		[{ kind: 'reply', id: 'r', part: '2026-13' }, 'target.part'],
		[{ kind: 'reply', id: 'r', part: 'recent' }, 'target.part'],
		[{ kind: 'reply', id: 'r', thread: '' }, 'target.thread']
	])('refuse a bad place with 400 naming the field (%#)', async (target, field) => {
		const answer = await call('POST', '/api/reports', member, {
			communityId: 'anxiety',
			target,
			reason: 'spam'
		});
		expect(answer.status).toBe(400);
		expect(errorOf(answer)).toMatchObject({ code: 'invalid-body', field });
	});
});

describe('roles in GET /api/me', () => {
	it('say who administers and who moderates where', async () => {
		const roles = async (person: TestPerson) => (await call('GET', '/api/me', person)).body.roles;
		expect(await roles(member)).toEqual({ admin: false, moderates: [] });
		expect(await roles(mod)).toEqual({ admin: false, moderates: ['anxiety'] });
		const all = listOf(await call('GET', '/api/communities'), 'communities').map((c) => c.id);
		expect(await roles(admin)).toEqual({ admin: true, moderates: all });
		const renamed = await call('PUT', '/api/me', mod, { displayName: 'Moss Again' });
		expect(renamed.body.roles).toEqual({ admin: false, moderates: ['anxiety'] });
	});
});
