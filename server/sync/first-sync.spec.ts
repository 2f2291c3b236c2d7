import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { firstSyncUpdates } from './first-sync';

function applyAll(updates: readonly Uint8Array[], doc = new Y.Doc()): Y.Doc {
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc;
}

describe('firstSyncUpdates', () => {
	it('sends only what the client lacks, in bounded updates, in order', () => {
		const doc = new Y.Doc();
		const pieces: { seq: number; update: Uint8Array }[] = [];
		doc.on('update', (update: Uint8Array) => pieces.push({ seq: pieces.length + 1, update }));
		for (let i = 0; i < 400; i++)
			doc.getMap('records').set(`r${i}`, { body: `entry ${i} `.repeat(20) });

		const client = new Y.Doc();
		const full = [...firstSyncUpdates(pieces, Y.encodeStateVector(client), 8192)];
		for (const update of full) expect(update.byteLength).toBeLessThanOrEqual(8192);
		// Small pieces are merged: far fewer messages than the 400 stored updates.
		expect(full.length).toBeLessThan(pieces.length / 4);

		// Apply half, as if the link dropped; the next first sync sends only the rest.
		for (const update of full.slice(0, full.length / 2)) Y.applyUpdate(client, update);
		const rest = [...firstSyncUpdates(pieces, Y.encodeStateVector(client), 8192)];
		const bytes = (updates: Uint8Array[]) => updates.reduce((sum, u) => sum + u.byteLength, 0);
		expect(bytes(rest)).toBeLessThan(bytes(full) * 0.6);
		for (const update of rest) Y.applyUpdate(client, update);
		expect(client.getMap('records').toJSON()).toEqual(doc.getMap('records').toJSON());

		expect([...firstSyncUpdates(pieces, Y.encodeStateVector(client), 8192)]).toEqual([]);
	});

	it('skips a stored piece that does not decode, reporting it, and sends the rest', () => {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'kept');
		const bad: number[] = [];
		const pieces = [
			{ seq: 1, update: Uint8Array.of(9, 9, 9) },
			{ seq: 2, update: Y.encodeStateAsUpdate(doc) }
		];
		const updates = [...firstSyncUpdates(pieces, new Uint8Array([0]), 1024, (s) => bad.push(s))];
		expect(bad).toEqual([1]);
		expect(applyAll(updates).getText('t').toString()).toBe('kept');
	});
});
