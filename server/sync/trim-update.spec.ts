import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { trimUpdate } from './trim-update';
import { decodeUpdateStrictly } from '../../src/lib/sync/update-codec';

/** A room doc and a client doc that have synced a text with some deletions. */
function syncedPair() {
	const client = new Y.Doc();
	const text = client.getText('t');
	for (let i = 0; i < 50; i++) text.insert(text.length, `word${i} `);
	for (let i = 0; i < 10; i++) text.delete(i * 3, 2);
	const room = new Y.Doc();
	Y.applyUpdate(room, Y.encodeStateAsUpdate(client));
	return { client, room };
}

/** What a stock client answers to the room's sync step 1. */
const step2For = (client: Y.Doc, room: Y.Doc) =>
	Y.encodeStateAsUpdate(client, Y.encodeStateVector(room));

describe('trimUpdate', () => {
	it('drops a reconnecting client’s step 2 that holds nothing new (its delete set included)', () => {
		const { client, room } = syncedPair();
		const step2 = step2For(client, room);
		// The stock step 2 repeats the whole delete set even when nothing is new.
		expect(decodeUpdateStrictly(step2).ds.clients.size).toBeGreaterThan(0);
		expect(trimUpdate(room, step2)).toBeNull();
	});

	it('keeps new structs and new deletions, and only those', () => {
		const { client, room } = syncedPair();
		const text = client.getText('t');
		text.insert(0, 'new ');
		text.delete(10, 3);
		const step2 = step2For(client, room);
		const trimmed = trimUpdate(room, step2);
		if (trimmed === null) throw new Error('expected something new');
		expect(trimmed.byteLength).toBeLessThan(step2.byteLength);
		Y.applyUpdate(room, trimmed);
		expect(room.getText('t').toString()).toBe(text.toString());
	});

	it('keeps deletions of clocks the room has not seen, which may still be on their way', () => {
		const { client, room } = syncedPair();
		const before = Y.encodeStateVector(client);
		client.getText('t').insert(0, 'abc');
		const insert = Y.encodeStateAsUpdate(client, before);
		const afterInsert = Y.encodeStateVector(client);
		client.getText('t').delete(0, 3);
		const deletion = Y.encodeStateAsUpdate(client, afterInsert);
		// The deletion arrives first: it must survive trimming.
		const trimmed = trimUpdate(room, deletion);
		if (trimmed === null) throw new Error('the deletion was dropped');
		Y.applyUpdate(room, trimmed);
		Y.applyUpdate(room, insert);
		expect(room.getText('t').toString()).toBe(client.getText('t').toString());
	});

	it('returns an update the room does not hold unchanged', () => {
		const room = new Y.Doc();
		const client = new Y.Doc();
		client.getMap('m').set('k', 'v');
		const update = Y.encodeStateAsUpdate(client);
		expect(trimUpdate(room, update)).toEqual(update);
	});
});
