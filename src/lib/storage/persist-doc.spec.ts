import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { HearthDatabase } from './db';
import { DexieDocumentRepository } from './dexie-document.repository';
import type { DocumentRepository } from './document.repository';
import { MemoryDocumentRepository } from './memory-document.repository';
import { persistDoc, type DocPersistenceProblem, type PersistDocOptions } from './persist-doc';
import { StorageFullError } from './storage-errors';

const DOC = 'community:village';

const docs: Y.Doc[] = [];
afterEach(() => {
	for (const doc of docs.splice(0)) doc.destroy();
});

function newDoc(): Y.Doc {
	const doc = new Y.Doc();
	docs.push(doc);
	return doc;
}

/** Each call is its own transaction, so its own update and its own row in the log. */
function edit(doc: Y.Doc, key: string, value: string): void {
	doc.getMap<string>('threads').set(key, value);
}

/** Everything a reader could notice: map entries, text with its deletions, the state vector. */
function snapshot(doc: Y.Doc): unknown {
	return {
		threads: doc.getMap('threads').toJSON(),
		text: doc.getText('text').toString(),
		stateVector: Y.encodeStateVector(doc)
	};
}

/** Opens the stored document in a fresh Y.Doc, as the next app start would. */
async function reopen(repository: DocumentRepository): Promise<Y.Doc> {
	const doc = newDoc();
	const persistence = persistDoc(doc, DOC, repository);
	await persistence.whenLoaded;
	persistence.destroy();
	return doc;
}

function persist(
	repository: DocumentRepository,
	options: PersistDocOptions = {}
): { doc: Y.Doc; persistence: ReturnType<typeof persistDoc>; problems: DocPersistenceProblem[] } {
	const doc = newDoc();
	const problems: DocPersistenceProblem[] = [];
	const persistence = persistDoc(doc, DOC, repository, {
		...options,
		onProblem: (problem) => problems.push(problem)
	});
	return { doc, persistence, problems };
}

/** `Promise.withResolvers`, which Node 20 lacks. */
function deferred(): { promise: Promise<void>; resolve(): void } {
	let resolve = (): void => {};
	const promise = new Promise<void>((done) => (resolve = done));
	return { promise, resolve: () => resolve() };
}

/** A repository whose compactions wait for the test, and which counts how many run at once. */
class GatedRepository extends MemoryDocumentRepository {
	running = 0;
	mostAtOnce = 0;
	readonly started = deferred();
	readonly release = deferred();

	override async compact(docName: string, upToId: number, merged: Uint8Array): Promise<void> {
		this.running++;
		this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
		this.started.resolve();
		await this.release.promise;
		try {
			await super.compact(docName, upToId, merged);
		} finally {
			this.running--;
		}
	}
}

describe('persistDoc', () => {
	it('saves edits so that a new Y.Doc loads the same state', async () => {
		const repository = new MemoryDocumentRepository();
		const { doc, persistence } = persist(repository);
		await persistence.whenLoaded;
		edit(doc, 't1', 'Hello');
		edit(doc, 't2', 'Anyone up?');
		doc.getText('text').insert(0, 'draft words');
		doc.getText('text').delete(0, 6);
		await persistence.flush();
		expect(snapshot(await reopen(repository))).toEqual(snapshot(doc));
		expect((await repository.stats(DOC)).updates).toBe(4);
	});

	it('saves updates that arrive from elsewhere, but not those it loaded', async () => {
		const repository = new MemoryDocumentRepository();
		const remote = new Y.Doc();
		edit(remote, 'r1', 'From the server');
		const { doc, persistence } = persist(repository);
		await persistence.whenLoaded;
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), 'provider');
		await persistence.flush();
		expect(await repository.stats(DOC)).toMatchObject({ updates: 1 });

		const again = persist(repository);
		await again.persistence.whenLoaded;
		await again.persistence.flush();
		expect(again.doc.getMap('threads').toJSON()).toEqual({ r1: 'From the server' });
		expect(await repository.stats(DOC)).toMatchObject({ updates: 1 });
	});

	it('keeps edits made before loading finished, and loads under them', async () => {
		const repository = new MemoryDocumentRepository();
		await repository.append(DOC, Y.encodeStateAsUpdate(withEdit('stored', 'Earlier')));
		const { doc, persistence } = persist(repository);
		edit(doc, 'early', 'Typed at once');
		await persistence.flush();
		expect((await reopen(repository)).getMap('threads').toJSON()).toEqual({
			stored: 'Earlier',
			early: 'Typed at once'
		});
	});

	it('compacts past the threshold, keeping the state exactly with fewer rows', async () => {
		const repository = new MemoryDocumentRepository();
		const { doc, persistence } = persist(repository, { compactAfter: { updates: 5 } });
		await persistence.whenLoaded;
		for (let i = 0; i < 12; i++) edit(doc, `t${i % 4}`, `version ${i}`);
		doc.getText('text').insert(0, 'abcdef');
		doc.getText('text').delete(1, 3);
		await persistence.flush();
		const { updates } = await repository.stats(DOC);
		expect(updates).toBeGreaterThan(0);
		expect(updates).toBeLessThan(5);
		expect(snapshot(await reopen(repository))).toEqual(snapshot(doc));
	});

	it('compacts by size too', async () => {
		const repository = new MemoryDocumentRepository();
		const { doc, persistence } = persist(repository, { compactAfter: { bytes: 2_000 } });
		await persistence.whenLoaded;
		for (let i = 0; i < 4; i++) edit(doc, `t${i}`, 'x'.repeat(600));
		await persistence.flush();
		expect((await repository.stats(DOC)).updates).toBeLessThan(4);
		expect(snapshot(await reopen(repository))).toEqual(snapshot(doc));
	});

	it('counts bytes past the compacted state, so a large document is not compacted per edit', async () => {
		const repository = new MemoryDocumentRepository();
		const big = withEdit('big', 'x'.repeat(3_000));
		await repository.append(DOC, Y.encodeStateAsUpdate(big));
		const { doc, persistence } = persist(repository, { compactAfter: { bytes: 2_000 } });
		await persistence.whenLoaded;
		for (let i = 0; i < 3; i++) edit(doc, `small${i}`, 'y');
		await persistence.flush();
		expect((await repository.stats(DOC)).updates).toBe(4);
		for (let i = 0; i < 4; i++) edit(doc, `large${i}`, 'z'.repeat(600));
		await persistence.flush();
		expect((await repository.stats(DOC)).updates).toBeLessThan(4);
		for (let i = 0; i < 3; i++) edit(doc, `after${i}`, 'w');
		await persistence.flush();
		expect((await repository.stats(DOC)).updates).toBeGreaterThan(3);
		expect(snapshot(await reopen(repository))).toEqual(snapshot(doc));
	});

	it('compacts an oversized log found at load', async () => {
		const repository = new MemoryDocumentRepository();
		for (let i = 0; i < 6; i++) {
			await repository.append(DOC, Y.encodeStateAsUpdate(withEdit(`t${i}`, 'stored')));
		}
		const { persistence } = persist(repository, { compactAfter: { updates: 5 } });
		await persistence.whenLoaded;
		await persistence.flush();
		expect((await repository.stats(DOC)).updates).toBe(1);
	});

	it('keeps updates appended during a compaction, and never runs two at once', async () => {
		const repository = new GatedRepository();
		const { doc, persistence } = persist(repository, { compactAfter: { updates: 3 } });
		await persistence.whenLoaded;
		for (let i = 0; i < 3; i++) edit(doc, `before${i}`, 'x');
		await repository.started.promise;
		for (let i = 0; i < 4; i++) edit(doc, `during${i}`, 'y');
		// Past the threshold again while the first compaction waits.
		await vi.waitFor(async () => expect((await repository.stats(DOC)).updates).toBe(7));
		repository.release.resolve();
		await persistence.flush();
		expect(repository.mostAtOnce).toBe(1);
		expect((await repository.stats(DOC)).updates).toBeLessThan(7);
		expect(snapshot(await reopen(repository))).toEqual(snapshot(doc));
		expect(Object.keys(doc.getMap('threads').toJSON())).toHaveLength(7);
	});

	describe('when the device is full', () => {
		function fillableRepository(): {
			repository: MemoryDocumentRepository;
			setFull(full: boolean): void;
		} {
			let full = false;
			const repository = new MemoryDocumentRepository({
				beforeWrite() {
					if (full) throw new DOMException('Simulated: the device is full', 'QuotaExceededError');
				}
			});
			return { repository, setFull: (value) => (full = value) };
		}

		it('reports StorageFullError, and the document keeps working in memory', async () => {
			const { repository, setFull } = fillableRepository();
			const { doc, persistence, problems } = persist(repository);
			await persistence.whenLoaded;
			edit(doc, 'saved', 'Before');
			await persistence.flush();
			setFull(true);
			edit(doc, 'refused', 'After');
			await persistence.flush();
			// Once for the edit, and again for each retry (flush retries what was refused).
			expect(problems.length).toBeGreaterThan(0);
			for (const problem of problems) {
				expect(problem).toEqual({
					kind: 'write-failed',
					docName: DOC,
					error: expect.any(StorageFullError)
				});
			}
			expect(persistence.hasUnsaved).toBe(true);
			edit(doc, 'more', 'Still typing');
			expect(doc.getMap('threads').toJSON()).toEqual({
				saved: 'Before',
				refused: 'After',
				more: 'Still typing'
			});
			expect((await reopen(repository)).getMap('threads').toJSON()).toEqual({ saved: 'Before' });
		});

		it('saves what was refused once space comes back', async () => {
			const { repository, setFull } = fillableRepository();
			const { doc, persistence } = persist(repository);
			await persistence.whenLoaded;
			setFull(true);
			edit(doc, 'refused', 'Kept in memory');
			await persistence.flush();
			setFull(false);
			edit(doc, 'later', 'Space again');
			await persistence.flush();
			expect(persistence.hasUnsaved).toBe(false);
			expect(snapshot(await reopen(repository))).toEqual(snapshot(doc));
		});
	});

	describe('a stored update it cannot read', () => {
		async function damagedLog(): Promise<MemoryDocumentRepository> {
			const repository = new MemoryDocumentRepository();
			await repository.append(DOC, Y.encodeStateAsUpdate(withEdit('a', 'Readable')));
			await repository.append(
				DOC,
				Uint8Array.from({ length: 12 }, () => 255)
			);
			await repository.append(DOC, Y.encodeStateAsUpdate(withEdit('b', 'Also readable')));
			return repository;
		}

		it('is reported and skipped; the rest loads', async () => {
			const { doc, persistence, problems } = persist(await damagedLog());
			await persistence.whenLoaded;
			expect(doc.getMap('threads').toJSON()).toEqual({ a: 'Readable', b: 'Also readable' });
			expect(problems).toEqual([
				{ kind: 'corrupt-update', docName: DOC, index: 1, detail: expect.any(String) }
			]);
		});

		it('stays stored, even once the log passes the compaction threshold', async () => {
			const repository = await damagedLog();
			const { doc, persistence, problems } = persist(repository, { compactAfter: { updates: 2 } });
			await persistence.whenLoaded;
			edit(doc, 'c', 'New');
			await persistence.flush();
			// Compaction is not even tried: merging would fail on the damaged update, or drop it.
			expect(problems.map((problem) => problem.kind)).toEqual(['corrupt-update']);
			const { updates } = await repository.load(DOC);
			expect(updates).toHaveLength(4);
			expect(updates[1]).toEqual(Uint8Array.from({ length: 12 }, () => 255));
		});
	});

	it('reports a failed compaction and keeps the log', async () => {
		class FailingCompaction extends MemoryDocumentRepository {
			override async compact(): Promise<void> {
				throw new Error('compaction broke');
			}
		}
		const repository = new FailingCompaction();
		const { doc, persistence, problems } = persist(repository, { compactAfter: { updates: 2 } });
		await persistence.whenLoaded;
		edit(doc, 'a', '1');
		edit(doc, 'b', '2');
		await persistence.flush();
		expect(problems).toEqual([
			{ kind: 'compaction-failed', docName: DOC, error: new Error('compaction broke') }
		]);
		expect(snapshot(await reopen(repository))).toEqual(snapshot(doc));
	});

	it('saves nothing more after destroy, nor after the doc is destroyed', async () => {
		const repository = new MemoryDocumentRepository();
		const first = persist(repository);
		await first.persistence.whenLoaded;
		first.persistence.destroy();
		edit(first.doc, 'a', 'Not saved');
		const second = persist(repository);
		await second.persistence.whenLoaded;
		second.doc.destroy();
		edit(second.doc, 'b', 'Not saved either');
		await first.persistence.flush();
		await second.persistence.flush();
		expect(await repository.stats(DOC)).toEqual({ updates: 0, bytes: 0 });
	});

	it('rejects whenLoaded when the log cannot be read', async () => {
		class Unreadable extends MemoryDocumentRepository {
			override async load(): Promise<never> {
				throw new Error('no disk');
			}
		}
		const { persistence } = persist(new Unreadable());
		await expect(persistence.whenLoaded).rejects.toThrow('no disk');
	});

	it('round-trips through IndexedDB, compaction included', async () => {
		const name = 'hearth-persist-doc-test';
		const db = new HearthDatabase(name);
		try {
			const repository = new DexieDocumentRepository(db);
			const { doc, persistence } = persist(repository, { compactAfter: { updates: 4 } });
			await persistence.whenLoaded;
			for (let i = 0; i < 9; i++) edit(doc, `t${i}`, `reply ${i}`);
			await persistence.flush();
			expect((await repository.stats(DOC)).updates).toBeLessThan(4);
			expect(snapshot(await reopen(repository))).toEqual(snapshot(doc));
		} finally {
			db.close();
			await Dexie.delete(name);
		}
	});
});

function withEdit(key: string, value: string): Y.Doc {
	const doc = newDoc();
	edit(doc, key, value);
	return doc;
}
