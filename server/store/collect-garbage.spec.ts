import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collectGarbage } from './collect-garbage';

const MARKER = 'WORDS-THE-AUTHOR-DELETED';
const bytesContain = (bytes: Uint8Array, text: string) =>
	Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));

function history(): { updates: Uint8Array[]; doc: Y.Doc } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	const posts = doc.getMap<{ author: string; body: string }>('posts');
	posts.set('kept', { author: 'a', body: 'still here' });
	posts.set('removed', { author: 'b', body: MARKER });
	doc.getText('text').insert(0, `${MARKER} and more`);
	posts.delete('removed');
	doc.getText('text').delete(0, MARKER.length);
	return { updates, doc };
}

describe('collectGarbage', () => {
	it('drops the content of deleted items and keeps the rest exactly', () => {
		const { updates, doc } = history();
		expect(bytesContain(Y.mergeUpdates(updates), MARKER)).toBe(true);

		const rebuilt = collectGarbage(updates);
		expect(bytesContain(rebuilt, MARKER)).toBe(false);
		const replica = new Y.Doc();
		Y.applyUpdate(replica, rebuilt);
		expect(replica.getMap('posts').toJSON()).toEqual(doc.getMap('posts').toJSON());
		expect(replica.getText('text').toString()).toBe(' and more');
		expect(Y.encodeStateVector(replica)).toEqual(Y.encodeStateVector(doc));
	});

	it('still merges with a replica that saw the deleted items', () => {
		const { updates, doc } = history();
		const replica = new Y.Doc();
		Y.applyUpdate(replica, collectGarbage(updates));
		// The old replica and the rebuilt one exchange updates and end up the same.
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(replica));
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
		expect(replica.getText('text').toString()).toBe(doc.getText('text').toString());
		expect(replica.getMap('posts').toJSON()).toEqual(doc.getMap('posts').toJSON());
	});
});
