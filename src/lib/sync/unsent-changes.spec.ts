import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UnsentChanges } from './unsent-changes';

function setup() {
	const doc = new Y.Doc();
	let notified = 0;
	const unsent = new UnsentChanges(doc, () => notified++);
	return { doc, unsent, notified: () => notified, map: doc.getMap<string>('m') };
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
});
