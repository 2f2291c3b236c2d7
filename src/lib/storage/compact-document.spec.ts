import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryDocumentRepository } from './memory-document.repository';
import { compactDocument, persistDoc } from './persist-doc';
import { StorageFullError } from './storage-errors';

const DOC = 'community:village:2026-11';

const docs: Y.Doc[] = [];
afterEach(() => {
	for (const doc of docs.splice(0)) doc.destroy();
});

function newDoc(clientID?: number): Y.Doc {
	const doc = new Y.Doc();
	if (clientID !== undefined) doc.clientID = clientID;
	docs.push(doc);
	return doc;
}

/** Everything a reader or the sync layer could notice, including what is still to be sent. */
function snapshot(doc: Y.Doc, confirmed: Uint8Array): unknown {
	const unsent = newDoc();
	Y.applyUpdate(unsent, Y.encodeStateAsUpdate(doc, confirmed));
	return {
		threads: doc.getMap('threads').toJSON(),
		text: doc.getText('text').toString(),
		stateVector: Y.encodeStateVector(doc),
		deleted: [...Y.createDeleteSetFromStructStore(doc.store).clients.keys()].sort(),
		// What a sync would still have to send past the vector the server is known to hold.
		unsent: unsent.getMap('threads').toJSON()
	};
}

async function loaded(repository: MemoryDocumentRepository): Promise<Y.Doc> {
	const doc = newDoc();
	const persistence = persistDoc(doc, DOC, repository);
	await persistence.whenLoaded;
	persistence.destroy();
	return doc;
}

/** A log of many small updates: one writer's sent posts, then posts and a deletion not sent. */
async function storeLog(repository: MemoryDocumentRepository): Promise<Uint8Array> {
	const writer = newDoc(7);
	writer.on('update', (update: Uint8Array) => void repository.append(DOC, update));
	for (let i = 0; i < 5; i++) writer.getMap('threads').set(`sent${i}`, `reached the server ${i}`);
	const confirmed = Y.encodeStateVector(writer);
	for (let i = 0; i < 3; i++)
		writer.getMap('threads').set(`waiting${i}`, `still on the phone ${i}`);
	writer.getMap('threads').delete('sent0');
	writer.getText('text').insert(0, 'draft words');
	writer.getText('text').delete(0, 6);
	await Promise.resolve();
	return confirmed;
}

describe('compactDocument', () => {
	it('merges a closed document’s log into one update and loses nothing, unsent changes included', async () => {
		const repository = new MemoryDocumentRepository();
		const confirmed = await storeLog(repository);
		const before = snapshot(await loaded(repository), confirmed);
		const rowsBefore = await repository.stats(DOC);
		expect(rowsBefore.updates).toBeGreaterThan(5);

		await compactDocument(repository, DOC);

		const after = await repository.stats(DOC);
		expect(after.updates).toBe(1);
		expect(after.bytes).toBeLessThan(rowsBefore.bytes);
		expect(snapshot(await loaded(repository), confirmed)).toEqual(before);
	});

	it('goes through the open persistence: what is queued is saved first, then merged', async () => {
		const repository = new MemoryDocumentRepository();
		const confirmed = await storeLog(repository);
		const doc = newDoc();
		const persistence = persistDoc(doc, DOC, repository);
		await persistence.whenLoaded;
		doc.getMap('threads').set('typed', 'just now, not yet flushed');

		await compactDocument(repository, DOC);

		expect((await repository.stats(DOC)).updates).toBe(1);
		expect(snapshot(await loaded(repository), confirmed)).toEqual(snapshot(doc, confirmed));
		// The persistence carries on appending after the compaction.
		doc.getMap('threads').set('later', 'after tidying');
		await persistence.flush();
		expect((await repository.stats(DOC)).updates).toBe(2);
		expect((await loaded(repository)).getMap('threads').get('later')).toBe('after tidying');
		persistence.destroy();
	});

	it('compacts directly once the persistence is destroyed', async () => {
		const repository = new MemoryDocumentRepository();
		const confirmed = await storeLog(repository);
		const doc = newDoc();
		const persistence = persistDoc(doc, DOC, repository);
		await persistence.whenLoaded;
		persistence.destroy();
		doc.getMap('threads').set('unsaved', 'never saved: the persistence was gone');
		await compactDocument(repository, DOC);
		const after = await loaded(repository);
		expect((await repository.stats(DOC)).updates).toBe(1);
		expect(after.getMap('threads').has('unsaved')).toBe(false);
		expect(after.getMap('threads').get('waiting2')).toBe('still on the phone 2');
		expect(Y.encodeStateVector(after)).not.toEqual(confirmed);
	});

	it('leaves a log holding an unreadable update as it is', async () => {
		const repository = new MemoryDocumentRepository();
		await storeLog(repository);
		await repository.append(DOC, Uint8Array.of(1, 2, 3, 200, 200, 200));
		const before = await repository.load(DOC);
		await compactDocument(repository, DOC);
		expect(await repository.load(DOC)).toEqual(before);

		const doc = newDoc();
		const persistence = persistDoc(doc, DOC, repository, { onProblem: () => {} });
		await persistence.whenLoaded;
		await compactDocument(repository, DOC);
		expect(await repository.load(DOC)).toEqual(before);
		persistence.destroy();
	});

	it('does nothing to a missing or already compact document', async () => {
		const repository = new MemoryDocumentRepository();
		await compactDocument(repository, DOC);
		expect(await repository.list()).toEqual([]);
		await repository.append(DOC, Y.encodeStateAsUpdate(newDoc()));
		const before = await repository.load(DOC);
		await compactDocument(repository, DOC);
		expect(await repository.load(DOC)).toEqual(before);
	});

	it.each([
		['closed', false],
		['open', true]
	])('throws StorageFullError from a full device (%s) and keeps the log', async (_, isOpen) => {
		let full = false;
		const repository = new MemoryDocumentRepository({
			beforeWrite() {
				if (full) throw new DOMException('Simulated: the device is full', 'QuotaExceededError');
			}
		});
		await storeLog(repository);
		const persistence = isOpen ? persistDoc(newDoc(), DOC, repository) : null;
		await persistence?.whenLoaded;
		const before = await repository.load(DOC);
		full = true;
		await expect(compactDocument(repository, DOC)).rejects.toThrow(StorageFullError);
		expect(await repository.load(DOC)).toEqual(before);
		persistence?.destroy();
	});
});
