import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import {
	encodeStructRange,
	MalformedUpdateError,
	UpdateWriter
} from '../../src/lib/sync/update-codec';
import { OutsideSchemaError, updateChanges } from './update-changes';

/** A room's document holding `threads.t1 = { n: 1 }` and `threads.t2 = { n: 2 }`, by client 1. */
function room(): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = 1;
	doc.getMap('threads').set('t1', { n: 1 });
	doc.getMap('threads').set('t2', { n: 2 });
	return doc;
}

/** What a client replica of `doc` (client 2) sends after `change`. */
function updateFrom(doc: Y.Doc, change: (replica: Y.Doc) => void, gc = true): Uint8Array {
	const replica = new Y.Doc({ gc });
	replica.clientID = 2;
	Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
	const before = Y.encodeStateVector(replica);
	change(replica);
	return Y.encodeStateAsUpdate(replica, before);
}

/** The update without its delete set. */
function structsOnly(update: Uint8Array): Uint8Array {
	const writer = new UpdateWriter();
	for (const struct of Y.decodeUpdate(update).structs) {
		const bytes = encodeStructRange(struct, 0, struct.length);
		writer.addStruct(struct.id.client, struct.id.clock, struct.length, bytes);
	}
	return writer.toUpdate();
}

describe('updateChanges', () => {
	it('reads a new entry, with its author client', () => {
		const doc = room();
		const update = updateFrom(doc, (r) => r.getMap('replies').set('r1', { n: 3 }));
		expect(updateChanges(doc, update)).toEqual({
			changes: [
				{ map: 'replies', key: 'r1', before: undefined, after: { n: 3 }, written: [{ n: 3 }] }
			],
			clients: [2]
		});
	});

	it('reads an overwrite, whose item names no parent, from the item it follows', () => {
		const doc = room();
		const update = updateFrom(doc, (r) => r.getMap('threads').set('t1', { n: 10 }));
		expect(updateChanges(doc, update).changes).toEqual([
			{ map: 'threads', key: 't1', before: { n: 1 }, after: { n: 10 }, written: [{ n: 10 }] }
		]);
	});

	it('reads a deletion from the delete set', () => {
		const doc = room();
		const update = updateFrom(doc, (r) => r.getMap('threads').delete('t2'));
		expect(updateChanges(doc, update)).toEqual({
			changes: [{ map: 'threads', key: 't2', before: { n: 2 }, after: undefined, written: [] }],
			clients: []
		});
	});

	it('lists every value written under a key, also those overwritten in the same update', () => {
		const doc = room();
		const update = updateFrom(
			doc,
			(r) => {
				r.getMap('threads').set('t3', { n: 'draft' });
				r.getMap('threads').set('t3', { n: 'final' });
			},
			false
		);
		expect(updateChanges(doc, update).changes).toEqual([
			{
				map: 'threads',
				key: 't3',
				before: undefined,
				after: { n: 'final' },
				written: [{ n: 'draft' }, { n: 'final' }]
			}
		]);
	});

	it('accepts what garbage collection leaves of the sender’s own deleted items', () => {
		const doc = room();
		const update = updateFrom(doc, (r) => {
			r.getMap('threads').set('t3', { n: 'gone' });
			r.getMap('threads').delete('t3');
		});
		const { changes } = updateChanges(doc, update);
		expect(changes).toEqual([
			{ map: 'threads', key: 't3', before: undefined, after: undefined, written: [] }
		]);
	});

	it('leaves the room’s document as it was', () => {
		const doc = room();
		const before = Y.encodeStateAsUpdate(doc);
		updateChanges(
			doc,
			updateFrom(doc, (r) => r.getMap('threads').set('t1', { n: 10 }))
		);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
		expect(doc.getMap('threads').get('t1')).toEqual({ n: 1 });
	});

	const outside: [string, (r: Y.Doc) => void][] = [
		['an unknown root map', (r) => r.getMap('secrets').set('k', 1)],
		['a root text', (r) => r.getText('threads').insert(0, 'x')],
		['an array insertion into a root', (r) => r.getArray('replies').insert(0, [1])],
		['a nested map as a value', (r) => r.getMap('threads').set('t3', new Y.Map())],
		[
			'an item inside a nested map',
			(r) => {
				const nested = r.getMap('threads').set('t3', new Y.Map<number>());
				nested.set('x', 1);
			}
		],
		['a binary value', (r) => r.getMap('threads').set('t3', new Uint8Array(4))]
	];
	it.each(outside)('refuses %s', (_, change) => {
		const doc = room();
		expect(() => updateChanges(doc, updateFrom(new Y.Doc(), change))).toThrow(OutsideSchemaError);
	});

	it('refuses deleting something that is not a record in the five maps', () => {
		const doc = room();
		doc.getText('legacy').insert(0, 'old');
		const update = updateFrom(doc, (r) => r.getText('legacy').delete(0, 1));
		expect(() => updateChanges(doc, update)).toThrow(OutsideSchemaError);
	});

	it('refuses deleting clocks the room does not hold', () => {
		const encoder = encoding.createEncoder();
		// No structs; a delete set for client 1, clocks 10..14 (the room holds 0..1).
		for (const n of [0, 1, 1, 1, 10, 5]) encoding.writeVarUint(encoder, n);
		expect(() => updateChanges(room(), encoding.toUint8Array(encoder))).toThrow(OutsideSchemaError);
	});

	it('judges an item that follows one the room lacks when that one arrives', () => {
		const doc = room();
		const elsewhere = room();
		const before = Y.encodeStateVector(elsewhere);
		elsewhere.getMap('threads').set('t3', { n: 3 });
		const earlier = Y.encodeStateAsUpdate(elsewhere, before);
		// As an upload in pieces sends it: the structs first, deletions in a later piece.
		const later = structsOnly(
			updateFrom(elsewhere, (r) => r.getMap('threads').set('t3', { n: 4 }))
		);

		// Held back, and waiting for client 1, which must be the sender's too.
		expect(updateChanges(doc, later)).toEqual({ changes: [], clients: [2, 1] });
		Y.applyUpdate(doc, later);
		expect(doc.store.pendingStructs).not.toBeNull();
		expect(updateChanges(doc, earlier).changes).toEqual([
			{
				map: 'threads',
				key: 't3',
				before: undefined,
				after: { n: 4 },
				written: [{ n: 4 }, { n: 3 }]
			}
		]);
	});

	it('refuses a held-back item that lands outside the schema', () => {
		const doc = room();
		const elsewhere = room();
		const before = Y.encodeStateVector(elsewhere);
		const nested = elsewhere.getMap('threads').set('t3', new Y.Map<number>());
		const earlier = Y.encodeStateAsUpdate(elsewhere, before);
		const replica = new Y.Doc();
		replica.clientID = 2;
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(elsewhere));
		const sv = Y.encodeStateVector(replica);
		replica.getMap('threads').get('t3');
		(replica.getMap('threads').get('t3') as Y.Map<number>).set('x', 1);
		const later = structsOnly(Y.encodeStateAsUpdate(replica, sv));
		expect(nested).toBeInstanceOf(Y.Map);
		Y.applyUpdate(doc, later);
		expect(() => updateChanges(doc, earlier)).toThrow(OutsideSchemaError);
	});

	it('refuses bytes that are not an update', () => {
		expect(() => updateChanges(room(), Uint8Array.of(1, 2, 3))).toThrow(MalformedUpdateError);
	});
});
