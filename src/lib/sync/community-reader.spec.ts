import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { THREADS_MAP } from '../domain/community/community-document';
import type { ThreadHeader } from '../domain/community/records';
import { newId } from '../domain/ids';
import { formatHlc } from '../domain/journal/hlc';
import { deleteThread, editThread, readCommunity, writeThread } from './community.codec';
import { CommunityReader } from './community-reader';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const at = (wall: number) => formatHlc({ wall, counter: 0, node: 'n' });

function thread(n: number): ThreadHeader {
	return {
		id: newId(),
		author: ALICE,
		at: at(1_000 + n),
		title: `Thread ${n}`,
		body: 'Words',
		contentWarning: null,
		tags: [],
		editedAt: null
	};
}

/** A reader whose batches end when the test says, counting what it reads and tells. */
function harness(doc: Y.Doc) {
	const batches: (() => void)[] = [];
	const reads: string[] = [];
	let changes = 0;
	const reader = new CommunityReader(doc, {
		onChange: () => changes++,
		schedule: (run) => batches.push(run),
		onRead: (read) => reads.push(read.kind === 'all' ? 'all' : `changed:${read.keys}`)
	});
	const endBatch = () => {
		for (const run of batches.splice(0)) run();
	};
	return { reader, reads, endBatch, changes: () => changes };
}

describe('CommunityReader', () => {
	it('says when a batch took a thread away or changed a mark, and only then', () => {
		const doc = new Y.Doc();
		const told: boolean[] = [];
		const batches: (() => void)[] = [];
		new CommunityReader(doc, {
			onChange: ({ removal }) => told.push(removal),
			schedule: (run) => batches.push(run)
		});
		const endBatch = () => {
			for (const run of batches.splice(0)) run();
		};
		const first = thread(1);
		writeThread(doc, first);
		endBatch();
		editThread(doc, { id: first.id, author: ALICE, at: at(2_000), title: 'Renamed' });
		endBatch();
		doc.getMap('marks').set(first.id, { hidden: true });
		endBatch();
		writeThread(doc, thread(2));
		deleteThread(doc, first.id, ALICE);
		endBatch();
		writeThread(doc, thread(3));
		endBatch();
		expect(told).toEqual([false, false, true, true, false]);
	});

	it('reads nothing until asked, then the whole document once', () => {
		const doc = new Y.Doc();
		const h = harness(doc);
		for (let i = 0; i < 5; i++) writeThread(doc, thread(i));
		expect(h.reads).toEqual([]);
		expect(h.reader.state.threads.size).toBe(5);
		expect(h.reader.state.threads.size).toBe(5);
		expect(h.reads).toEqual(['all']);
	});

	it('tells of 200 updates in one batch once, and reads only the keys they touched', () => {
		const source = new Y.Doc();
		const doc = new Y.Doc();
		for (let i = 0; i < 1000; i++) writeThread(source, thread(i));
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
		const h = harness(doc);
		expect(h.reader.state.threads.size).toBe(1000);
		// A first sync in pieces: each piece is its own update.
		for (let i = 0; i < 200; i++) {
			const before = Y.encodeStateVector(source);
			writeThread(source, thread(1000 + i));
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(source, before));
		}
		expect(h.changes()).toBe(0);
		h.endBatch();
		expect(h.changes()).toBe(1);
		expect(h.reader.state.threads.size).toBe(1200);
		expect(h.reads).toEqual(['all', 'changed:200']);
		expect(h.reader.state).toEqual(readCommunity(doc).state);
	});

	it('is never stale: edits and deletions show when asked, before the batch ends', () => {
		const doc = new Y.Doc();
		const h = harness(doc);
		const first = thread(1);
		const second = thread(2);
		writeThread(doc, first);
		writeThread(doc, second);
		const before = h.reader.state;
		editThread(doc, { id: first.id, author: ALICE, at: at(5_000), title: 'Mornings' });
		deleteThread(doc, second.id, ALICE);
		const after = h.reader.state;
		expect(after.threads.get(first.id)?.title).toBe('Mornings');
		expect(after.threads.has(second.id)).toBe(false);
		// The earlier state is left as it was: pages compare states by identity.
		expect(before.threads.get(first.id)?.title).toBe('Thread 1');
		expect(after.replies).toBe(before.replies);
		expect(after).toEqual(readCommunity(doc).state);
	});

	it('leaves out a record that breaks the rules, as a whole read does', () => {
		const doc = new Y.Doc();
		const h = harness(doc);
		writeThread(doc, thread(1));
		void h.reader.state;
		doc.getMap(THREADS_MAP).set('broken', { id: 'broken', title: 5 });
		expect(h.reader.state.threads.has('broken')).toBe(false);
		expect(h.reader.state.threads.size).toBe(1);
	});

	it('stops following the document', () => {
		const doc = new Y.Doc();
		const h = harness(doc);
		void h.reader.state;
		h.reader.stop();
		writeThread(doc, thread(1));
		h.endBatch();
		expect(h.changes()).toBe(0);
	});
});
