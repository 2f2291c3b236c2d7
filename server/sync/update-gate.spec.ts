import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { formatHlc } from '../../src/lib/domain/journal/hlc';
import { MemoryClientBindingStore } from '../store/memory-client-binding-store';
import {
	createUpdateGate,
	RefusedUpdateError,
	type IsModerator,
	type ModerationEvent
} from './update-gate';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const BOB = 'bbbbbbbbbbbbbbbbbbbbbbbbbq';
const THREAD = 'cccccccccccccccccccccccccq';
const REPLY = 'dddddddddddddddddddddddddq';
const NOW = 1_700_000_000_000;
const COMMUNITY = 'community:anxiety:2026-11';
const access = { userId: 'u-alice', author: ALICE, canWrite: true, awareness: true };

function updateBy(client: number, write: (doc: Y.Doc) => void, base = new Y.Doc()): Uint8Array {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
	doc.clientID = client;
	const before = Y.encodeStateVector(doc);
	write(doc);
	return Y.encodeStateAsUpdate(doc, before);
}

const mark = {
	id: THREAD,
	hidden: true,
	by: ALICE,
	at: formatHlc({ wall: NOW, counter: 0, node: 'n' }),
	reason: null
};

function gate(isModerator?: IsModerator) {
	const bindings = new MemoryClientBindingStore();
	return { bindings, gate: createUpdateGate({ bindings, isModerator, now: () => NOW }) };
}

async function refusal(promise: Promise<unknown>): Promise<string | null> {
	try {
		await promise;
		return null;
	} catch (e: unknown) {
		if (e instanceof RefusedUpdateError) return e.code;
		throw e;
	}
}

describe('the update gate', () => {
	it('binds client ids in a journal room and refuses them to anyone else', async () => {
		const { bindings, gate: g } = gate();
		const room = 'journal:u-alice';
		const doc = new Y.Doc();
		const update = updateBy(77, (d) => d.getMap('entries').set('e', 'ciphertext'));
		await g.admit({ room, doc, update, access });
		expect(await bindings.ownerOf(77)).toBe('u-alice');
		const bob = { ...access, userId: 'u-bob', author: null };
		expect(await refusal(g.admit({ room: 'journal:u-bob', doc, update, access: bob }))).toBe(
			'client-id-taken'
		);
	});

	it('binds nothing for an update it refuses', async () => {
		const { bindings, gate: g } = gate();
		const update = updateBy(5, (d) => d.getMap('secrets').set('k', 1));
		expect(await refusal(g.admit({ room: COMMUNITY, doc: new Y.Doc(), update, access }))).toBe(
			'outside-schema'
		);
		expect(await bindings.ownerOf(5)).toBeNull();
	});

	it('asks who moderates, per person and community', async () => {
		const asked: string[] = [];
		const { gate: g } = gate((userId, communityId) => {
			asked.push(`${userId}@${communityId}`);
			return userId === 'u-alice';
		});
		const update = updateBy(6, (d) => d.getMap('marks').set(THREAD, mark));
		await g.admit({ room: COMMUNITY, doc: new Y.Doc(), update, access });
		expect(asked).toEqual(['u-alice@anxiety']);
	});

	it('lets no one write marks when no one moderates', async () => {
		const { gate: g } = gate();
		const update = updateBy(6, (d) => d.getMap('marks').set(THREAD, mark));
		expect(await refusal(g.admit({ room: COMMUNITY, doc: new Y.Doc(), update, access }))).toBe(
			'moderators-only'
		);
	});

	it('refuses a community write from a connection without a pseudonym', async () => {
		const { gate: g } = gate();
		const update = updateBy(6, (d) => d.getMap('marks').set(THREAD, mark));
		const reader = { ...access, author: null };
		expect(
			await refusal(g.admit({ room: COMMUNITY, doc: new Y.Doc(), update, access: reader }))
		).toBe('not-author');
	});

	it('counts the record entries an update writes or deletes, and none in a journal', async () => {
		const { gate: g } = gate();
		const update = updateBy(8, (d) => {
			d.getMap('threads').set(THREAD, thread(ALICE));
			d.getMap('members').set(ALICE, { id: ALICE, author: ALICE, name: 'Alice', at: at(0) });
		});
		expect(await g.admit({ room: COMMUNITY, doc: new Y.Doc(), update, access })).toEqual({
			changes: 2
		});
		const journal = updateBy(9, (d) => d.getMap('entries').set('e', 'ciphertext'));
		const room = 'journal:u-alice';
		expect(await g.admit({ room, doc: new Y.Doc(), update: journal, access })).toEqual({
			changes: 0
		});
	});

	it('refuses a reply or reaction to the post of someone who blocked the sender', async () => {
		const asked: string[] = [];
		const bindings = new MemoryClientBindingStore();
		const g = createUpdateGate({
			bindings,
			now: () => NOW,
			blockersAmong: async (communityId, sender, authors) => {
				asked.push(`${communityId}: ${authors.join()} blocked ${sender}?`);
				return authors.filter((author) => author === ALICE);
			}
		});
		const doc = docWith((d) => d.getMap('threads').set(THREAD, thread(ALICE)));
		const bob = { ...access, userId: 'u-bob', author: BOB };
		const reply = updateBy(10, (d) => d.getMap('replies').set(REPLY, replyBy(BOB)), doc);
		expect(await refusal(g.admit({ room: COMMUNITY, doc, update: reply, access: bob }))).toBe(
			'blocked'
		);
		const key = `${THREAD}:hear-you:${BOB}`;
		const reaction = updateBy(
			11,
			(d) =>
				d.getMap('reactions').set(key, {
					id: key,
					target: THREAD,
					kind: 'hear-you',
					author: BOB,
					at: at(2)
				}),
			doc
		);
		expect(await refusal(g.admit({ room: COMMUNITY, doc, update: reaction, access: bob }))).toBe(
			'blocked'
		);
		expect(asked).toEqual([
			`anxiety: ${ALICE} blocked ${BOB}?`,
			`anxiety: ${ALICE} blocked ${BOB}?`
		]);
		expect(await bindings.ownerOf(10)).toBeNull();
		// Alice answering her own thread asks no one.
		const own = updateBy(12, (d) => d.getMap('replies').set(REPLY, replyBy(ALICE)), doc);
		await g.admit({ room: COMMUNITY, doc, update: own, access });
		expect(asked).toHaveLength(2);
	});

	it("tells of a moderator's hide of someone else's post once the room's doc has it", async () => {
		const events: ModerationEvent[] = [];
		const g = createUpdateGate({
			bindings: new MemoryClientBindingStore(),
			now: () => NOW,
			isModerator: () => true,
			onModeration: async (event) => {
				events.push(event);
			}
		});
		const doc = docWith((d) => d.getMap('threads').set(THREAD, thread(BOB)));
		const hide = updateBy(
			13,
			(d) => d.getMap('marks').set(THREAD, { ...mark, reason: 'spam' }),
			doc
		);
		expect(await g.admit({ room: COMMUNITY, doc, update: hide, access })).toEqual({ changes: 1 });
		// Sent again (say its first connection was closed before the room stored it): told once.
		await g.admit({ room: COMMUNITY, doc, update: hide, access });
		await new Promise((done) => setImmediate(done));
		expect(events).toEqual([]);
		Y.applyUpdate(doc, hide);
		expect(events).toEqual([]);
		await new Promise((done) => setImmediate(done));
		expect(events).toEqual([
			{
				communityId: 'anxiety',
				room: COMMUNITY,
				moderatorId: 'u-alice',
				actions: [
					{
						kind: 'hidden',
						author: BOB,
						target: { kind: 'thread', id: THREAD },
						reason: 'spam',
						excerpt: 'A title'
					}
				]
			}
		]);
	});

	it('admits the update even when telling of it fails', async () => {
		const errors: string[] = [];
		const g = createUpdateGate({
			bindings: new MemoryClientBindingStore(),
			now: () => NOW,
			isModerator: () => true,
			log: { info: () => {}, warn: () => {}, error: (message) => errors.push(message) },
			onModeration: async () => {
				throw new Error('the store is gone');
			}
		});
		const doc = docWith((d) => d.getMap('threads').set(THREAD, thread(BOB)));
		const remove = updateBy(14, (d) => d.getMap('threads').delete(THREAD), doc);
		expect(await g.admit({ room: COMMUNITY, doc, update: remove, access })).toEqual({
			changes: 1
		});
		Y.applyUpdate(doc, remove);
		await new Promise((done) => setTimeout(done, 5));
		expect(errors).toEqual([`sync: could not record moderation in room ${COMMUNITY}`]);
	});

	it('tells nothing of an admitted update the room never applies', async () => {
		const events: ModerationEvent[] = [];
		let time = NOW;
		const g = createUpdateGate({
			bindings: new MemoryClientBindingStore(),
			now: () => time,
			isModerator: () => true,
			onModeration: async (event) => {
				events.push(event);
			}
		});
		const doc = docWith((d) => {
			d.getMap('threads').set(THREAD, thread(BOB));
			d.getMap('replies').set(REPLY, replyBy(BOB));
		});
		const remove = updateBy(15, (d) => d.getMap('replies').delete(REPLY), doc);
		await g.admit({ room: COMMUNITY, doc, update: remove, access });
		// Something else lands instead, past the watch's time: the removal is forgotten.
		time += 2 * 60_000;
		doc.getMap('members').set(BOB, { id: BOB, author: BOB, name: 'Bob', at: at(3) });
		Y.applyUpdate(doc, remove);
		await new Promise((done) => setImmediate(done));
		expect(events).toEqual([]);
	});
});

function at(offset: number): string {
	return formatHlc({ wall: NOW, counter: offset, node: 'n' });
}

function thread(author: string) {
	return {
		id: THREAD,
		author,
		at: at(0),
		title: 'A title',
		body: 'A body',
		contentWarning: null,
		tags: [],
		editedAt: null
	};
}

function replyBy(author: string) {
	return {
		id: REPLY,
		thread: THREAD,
		author,
		at: at(1),
		body: 'An answer',
		contentWarning: null,
		editedAt: null
	};
}

function docWith(write: (doc: Y.Doc) => void): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = 1;
	write(doc);
	return doc;
}
