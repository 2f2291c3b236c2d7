import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UnsentChanges } from './unsent-changes';

function setup(confirmed?: ReadonlyMap<number, number>) {
	const doc = new Y.Doc();
	let notified = 0;
	const unsent = new UnsentChanges(doc, () => notified++, confirmed);
	return { doc, unsent, notified: () => notified, map: doc.getMap<string>('m') };
}

const stateVectorOf = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));

/** A server-side document and the updates it produced, one per change. */
function remoteWriter(changes: number) {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	for (let i = 0; i < changes; i++) doc.getMap('m').set(`r${i}`, `record ${i}`);
	return { doc, updates };
}

describe('UnsentChanges', () => {
	it('counts local transactions that changed something, not remote ones', () => {
		const { doc, unsent, map } = setup();
		map.set('a', '1');
		doc.transact(() => {
			map.set('b', '2');
			map.set('c', '3');
		});
		doc.transact(() => {});
		const other = new Y.Doc();
		other.getMap('m').set('x', 'y');
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
		expect(unsent.count).toBe(2);
	});

	it('forgets changes a server state vector covers, but never a delete-only one', () => {
		const { doc, unsent, map } = setup();
		map.set('a', '1');
		const afterFirst = Y.decodeStateVector(Y.encodeStateVector(doc));
		map.set('b', '2');
		map.delete('a');
		expect(unsent.count).toBe(3);
		unsent.ackStateVector(afterFirst);
		expect(unsent.count).toBe(2);
		unsent.ackStateVector(Y.decodeStateVector(Y.encodeStateVector(doc)));
		expect(unsent.count).toBe(1);
		unsent.ackThrough(unsent.latest);
		expect(unsent.count).toBe(0);
	});

	it('forgets changes up to an acknowledged sequence number only', () => {
		const { unsent, map, notified } = setup();
		map.set('a', '1');
		const probe = unsent.latest;
		map.set('b', '2');
		unsent.ackThrough(probe);
		expect(unsent.count).toBe(1);
		expect(notified()).toBe(3);
	});

	it('stops counting once destroyed', () => {
		const { unsent, map } = setup();
		unsent.destroy();
		map.set('a', '1');
		expect(unsent.count).toBe(0);
	});

	it('starts the confirmed vector from a seed, and grows it from server state vectors only', () => {
		const { unsent, notified } = setup(new Map([[7, 3]]));
		expect([...unsent.confirmed]).toEqual([[7, 3]]);
		const first = unsent.confirmed;
		unsent.ackStateVector(new Map([[7, 2]]));
		// Nothing new: the same map, and no one is told.
		expect(unsent.confirmed).toBe(first);
		expect(notified()).toBe(0);
		unsent.ackStateVector(
			new Map([
				[7, 5],
				[9, 1]
			])
		);
		expect(unsent.confirmed).not.toBe(first);
		expect(Object.fromEntries(unsent.confirmed)).toEqual({ 7: 5, 9: 1 });
		expect([...first]).toEqual([[7, 3]]);
		expect(notified()).toBe(1);
	});

	it('confirms the state vector a probe carried, with the changes it covers', () => {
		const { doc, unsent, map } = setup();
		map.set('a', '1');
		const probe = { seq: unsent.latest, stateVector: stateVectorOf(doc) };
		map.set('b', '2');
		unsent.ackThrough(probe.seq, probe.stateVector);
		expect(unsent.confirmed.get(doc.clientID)).toBe(1);
		expect(unsent.count).toBe(1);
		expect(unsent.aheadOfConfirmed).toBe(true);
		unsent.ackThrough(unsent.latest, stateVectorOf(doc));
		expect(unsent.confirmed.get(doc.clientID)).toBe(2);
		expect(unsent.aheadOfConfirmed).toBe(false);
	});

	it('confirms updates from the server that continue what it is known to hold', () => {
		const { unsent } = setup();
		const remote = remoteWriter(4);
		const client = remote.doc.clientID;
		unsent.ackUpdate(remote.updates[0] as Uint8Array);
		expect(unsent.confirmed.get(client)).toBe(1);
		// Clock 2 arrives before clock 1: it may be waiting on the server for the gap.
		unsent.ackUpdate(remote.updates[2] as Uint8Array);
		expect(unsent.confirmed.get(client)).toBe(1);
		unsent.ackUpdate(Y.mergeUpdates(remote.updates.slice(1)));
		expect(unsent.confirmed.get(client)).toBe(4);
	});

	it('confirms nothing past a gap inside one update', () => {
		const { unsent } = setup();
		const remote = remoteWriter(4);
		const client = remote.doc.clientID;
		// A merge with clock 1 missing holds a Skip where it would be.
		const gapped = Y.mergeUpdates([
			remote.updates[0],
			remote.updates[2],
			remote.updates[3]
		] as Uint8Array[]);
		unsent.ackUpdate(gapped);
		expect(unsent.confirmed.get(client)).toBe(1);
	});

	it('ignores bytes that are not an update', () => {
		const { unsent, notified } = setup();
		unsent.ackUpdate(Uint8Array.of(9, 9, 9));
		expect(unsent.confirmed.size).toBe(0);
		expect(notified()).toBe(0);
	});

	it('tells whether the document holds something the server is not known to hold', () => {
		const { doc, unsent } = setup();
		expect(unsent.aheadOfConfirmed).toBe(false);
		// Loaded from the device after a reload: not a local change, but maybe never sent.
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(remoteWriter(2).doc));
		expect(unsent.count).toBe(0);
		expect(unsent.aheadOfConfirmed).toBe(true);
		unsent.ackStateVector(stateVectorOf(doc));
		expect(unsent.aheadOfConfirmed).toBe(false);
	});
});
