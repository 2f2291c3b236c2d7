import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { formatHlc } from '../domain/journal/hlc';
import {
	deleteAgain,
	holdsRecord,
	isRecordDelivered,
	replayRecord,
	sameJson,
	seenDeletions,
	unsentOwnRecords
} from './replay-records';

const ME = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const OTHER = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
const THREAD = 'cccccccccccccccccccccccccq';
const REPLY = 'dddddddddddddddddddddddddq';
const NOW = Date.UTC(2026, 10, 15, 12);
const at = (wall: number) => formatHlc({ wall, counter: 0, node: 'test' });

const thread = (author: string, id = THREAD, title = 'Evenings') => ({
	id,
	author,
	at: at(NOW - 60_000),
	title,
	body: 'They are hard.',
	contentWarning: null,
	tags: ['sleep'],
	editedAt: null
});
const reply = (author: string, id = REPLY) => ({
	id,
	thread: THREAD,
	author,
	at: at(NOW - 30_000),
	body: 'For me too.',
	contentWarning: null,
	editedAt: null
});
const actor = { author: ME, moderator: false };

describe('unsentOwnRecords', () => {
	it('lists only this person’s records the confirmed vector does not cover, threads first', () => {
		const doc = new Y.Doc();
		doc.getMap('threads').set(THREAD, thread(OTHER));
		const confirmed = new Map([[doc.clientID, doc.getMap('threads')._map.size]]);
		doc.getMap('replies').set(REPLY, reply(ME));
		const mine = thread(ME, 'eeeeeeeeeeeeeeeeeeeeeeeeeq', 'Mornings');
		doc.getMap('threads').set(mine.id, mine);
		expect(unsentOwnRecords(doc, confirmed, ME)).toEqual([
			{ map: 'threads', key: mine.id, value: mine },
			{ map: 'replies', key: REPLY, value: reply(ME) }
		]);
		expect(unsentOwnRecords(doc, new Map([[doc.clientID, 99]]), ME)).toEqual([]);
	});
});

describe('replayRecord', () => {
	it('writes an allowed record as its own update, and says when it is there already', () => {
		const doc = new Y.Doc();
		doc.getMap('threads').set(THREAD, thread(OTHER));
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		const record = { map: 'replies' as const, key: REPLY, value: reply(ME) };
		expect(replayRecord(doc, record, actor, NOW)).toEqual({ kind: 'written' });
		expect(updates).toHaveLength(1);
		expect(holdsRecord(doc, record)).toBe(true);
		expect(replayRecord(doc, record, actor, NOW)).toEqual({ kind: 'present' });
		expect(isRecordDelivered(doc, record, new Map())).toBe(false);
		expect(isRecordDelivered(doc, record, new Map([[doc.clientID, 99]]))).toBe(true);
	});

	it('keeps a reply whose thread is gone, and what the policy refuses now', () => {
		const doc = new Y.Doc();
		expect(replayRecord(doc, { map: 'replies', key: REPLY, value: reply(ME) }, actor, NOW)).toEqual(
			{
				kind: 'missing'
			}
		);
		doc.getMap('threads').set(THREAD, thread(OTHER));
		// Someone else's thread under the same id: replaying ours over it would not be ours to do.
		expect(
			replayRecord(doc, { map: 'threads', key: THREAD, value: thread(ME) }, actor, NOW)
		).toEqual({
			kind: 'refused',
			rule: 'not-yours'
		});
		const mark = { id: THREAD, hidden: true, by: ME, at: at(NOW), reason: null };
		expect(replayRecord(doc, { map: 'marks', key: THREAD, value: mark }, actor, NOW)).toEqual({
			kind: 'refused',
			rule: 'moderators-only'
		});
		expect(doc.getMap('replies').size + doc.getMap('marks').size).toBe(0);
	});
});

describe('sameJson', () => {
	it.each([
		[{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
		[{ a: 1 }, { a: 1, b: null }, false],
		[[1, 2], [2, 1], false],
		[null, null, true],
		['x', 'y', false]
	])('compares %j and %j by content', (a, b, same) => {
		expect(sameJson(a, b)).toBe(same);
	});
});

describe('seenDeletions and deleteAgain', () => {
	/** The server's copy, and a device's copy of it that then deletes offline. */
	function apart() {
		const server = new Y.Doc();
		server.getMap('threads').set(THREAD, thread(ME));
		server.getMap('replies').set(REPLY, reply(OTHER));
		const device = new Y.Doc();
		Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
		return { server, device };
	}
	const rebuilt = (server: Y.Doc) => {
		const fresh = new Y.Doc();
		Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server));
		return fresh;
	};

	it('deletes again, on a copy rebuilt from the server, a thread and its replies deleted offline', () => {
		const { server, device } = apart();
		device.transact(() => {
			device.getMap('replies').delete(REPLY);
			device.getMap('threads').delete(THREAD);
		});
		const seen = seenDeletions(device);
		expect(seen.map((d) => d.key).sort()).toEqual([THREAD, REPLY].sort());
		const fresh = rebuilt(server);
		expect(deleteAgain(fresh, seen, actor, NOW)).toBe(2);
		expect(fresh.getMap('threads').has(THREAD)).toBe(false);
		expect(fresh.getMap('replies').has(REPLY)).toBe(false);
	});

	it('leaves alone what the server already deleted, or holds as a newer item under the key', () => {
		const { server, device } = apart();
		device.getMap('threads').delete(THREAD);
		const seen = seenDeletions(device);
		// Meanwhile the thread was edited on another of this person's devices: a new item.
		server.getMap('threads').set(THREAD, { ...thread(ME), editedAt: at(NOW) });
		const fresh = rebuilt(server);
		expect(deleteAgain(fresh, seen, actor, NOW)).toBe(0);
		expect(fresh.getMap('threads').has(THREAD)).toBe(true);
	});

	it('deletes only what the policy allows: never someone else’s post alone', () => {
		const { server, device } = apart();
		device.getMap('replies').delete(REPLY);
		const fresh = rebuilt(server);
		expect(deleteAgain(fresh, seenDeletions(device), actor, NOW)).toBe(0);
		expect(fresh.getMap('replies').has(REPLY)).toBe(true);
		expect(deleteAgain(fresh, seenDeletions(device), { author: ME, moderator: true }, NOW)).toBe(1);
	});
});
