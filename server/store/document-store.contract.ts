// The one contract every DocumentStore passes: run by sqlite-document-store.spec.ts and
// memory-document-store.spec.ts, so the in-memory twin cannot drift from the real store.
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentStore, StoredPiece } from './document-store';
import { CompactionRejectedError, InvalidRoomNameError, StoreClosedError } from './store-errors';

export interface StoreHarness {
	/** A new, empty store; `now` is its clock (for `listRooms`' `updatedAt`). */
	open(options?: { now?: () => number }): Promise<DocumentStore>;
	/**
	 * Closes the store and opens it again over the same data, for stores that outlive a restart;
	 * the memory store has no such thing and leaves it out.
	 */
	reopen?(store: DocumentStore): Promise<DocumentStore>;
}

const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);
const texts = (pieces: StoredPiece[]): string[] =>
	pieces.map((piece) => new TextDecoder().decode(piece.update));
const seqs = (pieces: StoredPiece[]): number[] => pieces.map((piece) => piece.seq);

async function appendAll(store: DocumentStore, room: string, items: string[]): Promise<number[]> {
	const result: number[] = [];
	for (const item of items) result.push(await store.append(room, bytes(item)));
	return result;
}

export function describeDocumentStoreContract(name: string, harness: StoreHarness): void {
	describe(`${name}: the DocumentStore contract`, () => {
		const open: DocumentStore[] = [];
		async function openStore(options?: { now?: () => number }): Promise<DocumentStore> {
			const store = await harness.open(options);
			open.push(store);
			return store;
		}
		afterEach(async () => {
			await Promise.all(open.splice(0).map((store) => store.close()));
		});

		it('answers for a room never written: no pieces, no bytes, nothing to compact or delete', async () => {
			const store = await openStore();
			expect(await store.load('nobody')).toEqual([]);
			expect(await store.stats('nobody')).toEqual({ bytes: 0, pieces: 0 });
			await store.compact('nobody', 100, [bytes('ghost')]);
			await store.deleteRoom('nobody');
			expect(await store.load('nobody')).toEqual([]);
		});

		it('loads pieces in the order they were appended, with the seqs append returned', async () => {
			const store = await openStore();
			const appended = await appendAll(store, 'room', ['a', 'b', 'c', 'd', 'e']);
			const pieces = await store.load('room');
			expect(texts(pieces)).toEqual(['a', 'b', 'c', 'd', 'e']);
			expect(seqs(pieces)).toEqual(appended);
			for (let i = 1; i < appended.length; i++) {
				expect(appended[i]).toBeGreaterThan(appended[i - 1] ?? Infinity);
			}
		});

		it('never hands out a seq twice: not after compaction, nor after a room is deleted', async () => {
			const store = await openStore();
			const first = await appendAll(store, 'room', ['a', 'b', 'c']);
			await store.compact('room', first[2] ?? 0, [bytes('abc')]);
			const afterCompaction = await store.append('room', bytes('d'));
			expect(afterCompaction).toBeGreaterThan(Math.max(...first));
			// Deleting the rows with the highest seqs is what makes a plain counter go back.
			await store.deleteRoom('room');
			const afterDelete = await store.append('room', bytes('e'));
			expect(afterDelete).toBeGreaterThan(afterCompaction);
			const elsewhere = await store.append('other', bytes('f'));
			expect(elsewhere).toBeGreaterThan(afterDelete);
		});

		it('copies bytes in and out: changing an array after append or load changes nothing stored', async () => {
			const store = await openStore();
			const update = bytes('original');
			await store.append('room', update);
			update.fill(0);
			const [loaded] = await store.load('room');
			expect(texts(loaded ? [loaded] : [])).toEqual(['original']);
			loaded?.update.fill(0);
			expect(texts(await store.load('room'))).toEqual(['original']);
		});

		it('compacts exactly the prefix up to upToSeq and keeps the pieces after it', async () => {
			const store = await openStore();
			const appended = await appendAll(store, 'room', ['a', 'b', 'c', 'd', 'e']);
			await store.compact('room', appended[2] ?? 0, [bytes('ab'), bytes('c')]);
			const pieces = await store.load('room');
			expect(texts(pieces)).toEqual(['ab', 'c', 'd', 'e']);
			// The merged pieces take the replaced run's last seqs; later pieces keep theirs.
			expect(seqs(pieces)).toEqual(appended.slice(1));
			expect(await store.stats('room')).toEqual({ bytes: 5, pieces: 4 });
		});

		it('keeps what was appended between loading and compacting', async () => {
			const store = await openStore();
			await appendAll(store, 'room', ['a', 'b', 'c']);
			const loaded = await store.load('room');
			const late = await appendAll(store, 'room', ['d', 'e']);
			await store.compact('room', loaded.at(-1)?.seq ?? 0, [bytes('abc')]);
			const pieces = await store.load('room');
			expect(texts(pieces)).toEqual(['abc', 'd', 'e']);
			expect(seqs(pieces).slice(1)).toEqual(late);
			const next = await store.append('room', bytes('f'));
			expect(texts(await store.load('room'))).toEqual(['abc', 'd', 'e', 'f']);
			expect(next).toBeGreaterThan(Math.max(...late));
		});

		it('survives stale compactions without losing, duplicating or resurrecting content', async () => {
			const store = await openStore();
			const appended = await appendAll(store, 'room', ['a', 'b', 'c', 'd']);
			const [s1 = 0, s2 = 0, , s4 = 0] = appended;
			await store.compact('room', s4, [bytes('abcd')]);

			// The same compaction again, from a caller that loaded before the first one landed.
			await store.compact('room', s4, [bytes('abcd')]);
			expect(texts(await store.load('room'))).toEqual(['abcd']);

			// An older, shorter prefix: already inside the merged piece, so nothing changes.
			await store.compact('room', s2, [bytes('ab')]);
			await store.compact('room', s1, [bytes('a')]);
			expect(texts(await store.load('room'))).toEqual(['abcd']);
			expect(seqs(await store.load('room'))).toEqual([s4]);

			// More pieces than the prefix now holds: refused, and the log is left alone.
			await expect(store.compact('room', s4, [bytes('ab'), bytes('cd')])).rejects.toThrow(
				CompactionRejectedError
			);
			// No pieces at all for a non-empty prefix would drop content: refused too.
			await expect(store.compact('room', s4, [])).rejects.toThrow(CompactionRejectedError);
			expect(texts(await store.load('room'))).toEqual(['abcd']);

			// A compaction that finishes after the room was deleted must not bring it back, even
			// when the room has been written again since.
			await store.deleteRoom('room');
			await store.compact('room', s4, [bytes('abcd')]);
			expect(await store.load('room')).toEqual([]);
			await store.append('room', bytes('new'));
			await store.compact('room', s4, [bytes('abcd')]);
			expect(texts(await store.load('room'))).toEqual(['new']);
		});

		it("never touches another room's pieces, whatever upToSeq says", async () => {
			const store = await openStore();
			const a = await appendAll(store, 'a', ['a1', 'a2']);
			await appendAll(store, 'b', ['b1', 'b2']);
			await store.compact('b', Math.max(...a) + 100, [bytes('b12')]);
			expect(texts(await store.load('a'))).toEqual(['a1', 'a2']);
			expect(texts(await store.load('b'))).toEqual(['b12']);
		});

		it('counts the bytes and pieces of one room', async () => {
			const store = await openStore();
			await appendAll(store, 'room', ['a', 'bb', 'ccc']);
			await appendAll(store, 'other', ['dddd']);
			expect(await store.stats('room')).toEqual({ bytes: 6, pieces: 3 });
			expect(await store.stats('other')).toEqual({ bytes: 4, pieces: 1 });
		});

		it('deletes one room completely and leaves the others alone', async () => {
			const store = await openStore();
			await appendAll(store, 'gone', ['secret 1', 'secret 2']);
			await appendAll(store, 'kept', ['k']);
			await store.deleteRoom('gone');
			expect(await store.load('gone')).toEqual([]);
			expect(await store.stats('gone')).toEqual({ bytes: 0, pieces: 0 });
			expect(texts(await store.load('kept'))).toEqual(['k']);
			// Deleting is idempotent, and the name can be used again from nothing.
			await store.deleteRoom('gone');
			await store.append('gone', bytes('fresh'));
			expect(texts(await store.load('gone'))).toEqual(['fresh']);
		});

		it('keeps many rooms apart while their appends interleave', async () => {
			const store = await openStore();
			const rooms = Array.from({ length: 40 }, (_, i) => `room-${i}`);
			for (let round = 0; round < 5; round++) {
				for (const room of rooms) await store.append(room, bytes(`${room}/${round}`));
			}
			for (const room of rooms) {
				expect(texts(await store.load(room))).toEqual(
					[0, 1, 2, 3, 4].map((round) => `${room}/${round}`)
				);
			}
		});

		it('round-trips large updates byte for byte', async () => {
			const store = await openStore();
			const large = new Uint8Array(1024 * 1024 + 7);
			for (let i = 0; i < large.length; i++) large[i] = (i * 7919 + (i >> 8)) & 0xff;
			await store.append('room', large);
			await store.append('room', bytes('after'));
			const [piece, after] = await store.load('room');
			expect(piece?.update.byteLength).toBe(large.byteLength);
			expect(Buffer.compare(piece?.update ?? new Uint8Array(), large)).toBe(0);
			expect(texts(after ? [after] : [])).toEqual(['after']);
			expect(await store.stats('room')).toEqual({ bytes: large.byteLength + 5, pieces: 2 });
		});

		it('treats room names as opaque strings, compared exactly', async () => {
			const store = await openStore();
			const names = [
				'',
				' ',
				'room',
				'Room',
				'room ',
				"'; DROP TABLE pieces; --",
				'" OR 1=1 --',
				'%',
				'_',
				'r%m',
				'a\u0000b',
				'a',
				'\u00e9', // é, precomposed
				'e\u0301', // é, decomposed: a different name, never normalised into the one above
				'مجتمع القلق',
				'🫶 new parents',
				'\u{10FFFF}',
				'x'.repeat(5000)
			];
			for (const [i, room] of names.entries()) await store.append(room, bytes(`#${i}`));
			for (const [i, room] of names.entries()) {
				expect(texts(await store.load(room)), JSON.stringify(room)).toEqual([`#${i}`]);
			}
			await store.deleteRoom('%');
			await store.deleteRoom("'; DROP TABLE pieces; --");
			expect(await store.load('%')).toEqual([]);
			expect(texts(await store.load('r%m'))).toEqual([`#${names.indexOf('r%m')}`]);
			expect(texts(await store.load('room'))).toEqual([`#${names.indexOf('room')}`]);
		});

		it('lists the rooms under a prefix that hold data, with their bytes and latest change', async () => {
			const clock = { ms: 1_000 };
			const store = await openStore({ now: () => clock.ms });
			await appendAll(store, 'community:a:2026-10', ['one', 'two']);
			clock.ms = 2_000;
			await appendAll(store, 'community:a:2026-11', ['three']);
			clock.ms = 3_000;
			await appendAll(store, 'community:a:2026-10', ['four']);
			await appendAll(store, 'community:ab:2026-11', ['other community']);
			await appendAll(store, 'community:A:2026-11', ['another case']);
			await appendAll(store, 'journal:community:a:', ['prefix elsewhere']);
			expect(await store.listRooms('community:a:')).toEqual([
				{ room: 'community:a:2026-10', bytes: 10, updatedAt: 3_000 },
				{ room: 'community:a:2026-11', bytes: 5, updatedAt: 2_000 }
			]);
			expect(await store.listRooms('community:z:')).toEqual([]);
			expect((await store.listRooms('')).length).toBe(5);
		});

		it('takes the characters of a prefix literally', async () => {
			const store = await openStore();
			for (const room of ['r%m', 'r_m', 'rxm', 'R%m', "r'm"]) await store.append(room, bytes('x'));
			expect((await store.listRooms('r%')).map((summary) => summary.room)).toEqual(['r%m']);
			expect((await store.listRooms('r_')).map((summary) => summary.room)).toEqual(['r_m']);
			expect((await store.listRooms("r'")).map((summary) => summary.room)).toEqual(["r'm"]);
			expect((await store.listRooms('🫶')).length).toBe(0);
		});

		it("keeps a room's latest change through compaction, and forgets a deleted room", async () => {
			const clock = { ms: 10 };
			const store = await openStore({ now: () => clock.ms });
			const appended = await appendAll(store, 'p:one', ['a', 'b']);
			clock.ms = 20;
			await store.append('p:one', bytes('c'));
			await appendAll(store, 'p:two', ['z']);
			clock.ms = 30;
			await store.compact('p:one', appended[1] ?? 0, [bytes('ab')]);
			expect(await store.listRooms('p:')).toEqual([
				{ room: 'p:one', bytes: 3, updatedAt: 20 },
				{ room: 'p:two', bytes: 1, updatedAt: 20 }
			]);
			await store.compact('p:one', Number.MAX_SAFE_INTEGER, [bytes('abc')]);
			expect((await store.listRooms('p:'))[0]).toEqual({ room: 'p:one', bytes: 3, updatedAt: 20 });
			await store.deleteRoom('p:two');
			expect((await store.listRooms('p:')).map((summary) => summary.room)).toEqual(['p:one']);
		});

		it('refuses room names that are not well-formed Unicode', async () => {
			const store = await openStore();
			for (const room of ['\ud800', 'a\udfffb']) {
				await expect(store.append(room, bytes('x'))).rejects.toThrow(InvalidRoomNameError);
				await expect(store.load(room)).rejects.toThrow(InvalidRoomNameError);
				await expect(store.listRooms(room)).rejects.toThrow(InvalidRoomNameError);
			}
		});

		it('rejects every call after close, and closes twice without complaint', async () => {
			const store = await openStore();
			await store.append('room', bytes('a'));
			await store.close();
			await store.close();
			await expect(store.append('room', bytes('b'))).rejects.toThrow(StoreClosedError);
			await expect(store.load('room')).rejects.toThrow(StoreClosedError);
			await expect(store.compact('room', 1, [bytes('a')])).rejects.toThrow(StoreClosedError);
			await expect(store.stats('room')).rejects.toThrow(StoreClosedError);
			await expect(store.deleteRoom('room')).rejects.toThrow(StoreClosedError);
			await expect(store.listRooms('')).rejects.toThrow(StoreClosedError);
			await expect(store.scrubDeleted()).rejects.toThrow(StoreClosedError);
		});

		it('scrubs what was deleted and keeps everything else', async () => {
			const store = await openStore();
			await store.append('kept', bytes('a'));
			await store.append('gone', bytes('b'));
			await store.deleteRoom('gone');
			await store.scrubDeleted();
			expect(await store.load('gone')).toEqual([]);
			expect((await store.load('kept')).map((piece) => piece.update)).toEqual([bytes('a')]);
		});

		const reopen = harness.reopen;
		if (reopen !== undefined) {
			it('keeps every piece, compaction and retired seq across a restart', async () => {
				const store = await openStore();
				const appended = await appendAll(store, 'room', ['a', 'b', 'c']);
				await store.compact('room', appended[1] ?? 0, [bytes('ab')]);
				const gone = await store.append('gone', bytes('highest seq so far'));
				await store.deleteRoom('gone');
				const again = await reopen(store);
				open.push(again);
				const pieces = await again.load('room');
				expect(texts(pieces)).toEqual(['ab', 'c']);
				expect(seqs(pieces)).toEqual(appended.slice(1));
				expect(await again.append('room', bytes('d'))).toBeGreaterThan(gone);
			});

			it('keeps when each room last changed across a restart', async () => {
				const store = await openStore({ now: () => 5_000 });
				await store.append('room', bytes('a'));
				const again = await reopen(store);
				open.push(again);
				expect(await again.listRooms('ro')).toEqual([{ room: 'room', bytes: 1, updatedAt: 5_000 }]);
			});
		}
	});
}
