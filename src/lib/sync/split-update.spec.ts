import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { splitUpdate } from './split-update';
import { mulberry32 } from '../../../tests/support/seeded-random';

const WORDS = ['calm', 'rain', 'tea', '🌧️', 'walk', 'ok', 'sleep', 'ℌ', 'friend', '\u{1F600}'];

/** Several clients editing a text, a map of records and an array, with deletions, synced. */
function randomDocs(seed: number, clients = 3, steps = 300): Y.Doc[] {
	const random = mulberry32(seed);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
	const docs = Array.from({ length: clients }, () => new Y.Doc());
	for (let step = 0; step < steps; step++) {
		const doc = pick(docs);
		const text = doc.getText('text');
		const roll = random();
		if (roll < 0.45) {
			text.insert(Math.floor(random() * (text.length + 1)), `${pick(WORDS)} `);
		} else if (roll < 0.6 && text.length > 4) {
			const at = Math.floor(random() * (text.length - 2));
			text.delete(at, 1 + Math.floor(random() * 2));
		} else if (roll < 0.85) {
			doc.getMap('records').set(`r${Math.floor(random() * 40)}`, {
				author: `u${doc.clientID % 7}`,
				body: pick(WORDS).repeat(1 + Math.floor(random() * 20))
			});
		} else if (roll < 0.95) {
			doc.getArray('list').push([pick(WORDS), Math.floor(random() * 1000)]);
		} else {
			// Sync a random pair, so items interleave across clients.
			const other = pick(docs);
			Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
		}
	}
	return docs;
}

function contentOf(doc: Y.Doc) {
	return {
		text: doc.getText('text').toString(),
		records: doc.getMap('records').toJSON(),
		list: doc.getArray('list').toJSON()
	};
}

function applyAll(updates: readonly Uint8Array[], doc = new Y.Doc()): Y.Doc {
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc;
}

describe('splitUpdate', () => {
	it('returns an update that already fits as it is', () => {
		const [doc] = randomDocs(1, 1, 20);
		const update = Y.encodeStateAsUpdate(doc as Y.Doc);
		expect(splitUpdate(update, update.byteLength)).toEqual([update]);
	});

	for (const seed of [11, 12, 13, 14, 15]) {
		it(`splits and reassembles random multi-client documents exactly (seed ${seed})`, () => {
			const docs = randomDocs(seed);
			const merged = Y.mergeUpdates(docs.map((doc) => Y.encodeStateAsUpdate(doc)));
			const whole = applyAll([merged]);
			for (const maxBytes of [64, 200, 1000]) {
				const parts = splitUpdate(merged, maxBytes);
				expect(parts.length, `seed ${seed}, ${maxBytes} bytes`).toBeGreaterThan(1);
				for (const part of parts) {
					// Only a one-unit struct (a map record here) may be over; none is this large.
					expect(part.byteLength, `seed ${seed}`).toBeLessThanOrEqual(Math.max(maxBytes, 400));
				}
				const rebuilt = applyAll(parts);
				expect(contentOf(rebuilt), `seed ${seed}`).toEqual(contentOf(whole));
				expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(whole));
				// Nothing is left pending: every part could be integrated as it arrived.
				expect(rebuilt.store.pendingStructs).toBeNull();
				expect(rebuilt.store.pendingDs).toBeNull();
			}
		});
	}

	it('cuts one huge string item without breaking surrogate pairs', () => {
		const doc = new Y.Doc();
		// One insert is one item: 60 000 code units, every other character an emoji.
		const text = 'a😀'.repeat(20_000);
		doc.getText('text').insert(0, text);
		const update = Y.encodeStateAsUpdate(doc);
		const parts = splitUpdate(update, 4096);
		expect(parts.length).toBeGreaterThan(20);
		for (const part of parts) expect(part.byteLength).toBeLessThanOrEqual(4096);
		const rebuilt = applyAll(parts);
		expect(rebuilt.getText('text').toString()).toBe(text);
		expect(rebuilt.getText('text').toString()).not.toContain('\ufffd');
	});

	it('keeps a part whose one-unit struct is larger than the limit whole, and alone', () => {
		const doc = new Y.Doc();
		doc.getMap('m').set('big', 'x'.repeat(5000));
		doc.getMap('m').set('small', 1);
		const parts = splitUpdate(Y.encodeStateAsUpdate(doc), 1000);
		expect(parts.some((part) => part.byteLength > 5000)).toBe(true);
		expect(applyAll(parts).getMap('m').toJSON()).toEqual({ big: 'x'.repeat(5000), small: 1 });
	});

	it('handles updates with gaps (Skip structs) and applies around them', () => {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		for (let i = 0; i < 30; i++) doc.getText('t').insert(0, `line ${i} `.repeat(10));
		// Leave out the middle: the merge has a gap the receiver fills later.
		const gapped = Y.mergeUpdates([...updates.slice(0, 10), ...updates.slice(20)]);
		const parts = splitUpdate(gapped, 300);
		const rebuilt = applyAll([...parts, ...updates.slice(10, 20)]);
		expect(rebuilt.getText('t').toString()).toBe(doc.getText('t').toString());
	});

	it('puts large delete sets into bounded parts too', () => {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		for (let i = 0; i < 2000; i++) text.insert(text.length, `${i},`);
		// Every other item deleted: one delete range per item, a large delete set.
		for (let i = text.length - 2; i >= 0; i -= 4) text.delete(i, 1);
		const update = Y.encodeStateAsUpdate(doc);
		const parts = splitUpdate(update, 512);
		for (const part of parts) expect(part.byteLength).toBeLessThanOrEqual(512);
		expect(applyAll(parts).getText('t').toString()).toBe(text.toString());
	});
});
