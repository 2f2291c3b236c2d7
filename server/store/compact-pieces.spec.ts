import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compactPieces, planPieces } from './compact-pieces';
import { mulberry32 } from '../../tests/support/seeded-random';

const ALPHABET = 'abcdefghij klmnopqrstuvwxyz éü🫶\n';

/**
 * A random edit history as a server would log it: several clients edit a text and a map, now
 * and then syncing with one another, so updates depend on each other's items; some updates
 * arrive twice, as they do when a client reconnects and resends.
 */
function randomHistory(random: () => number): Uint8Array[] {
	const int = (n: number) => Math.floor(random() * n);
	const clients = Array.from({ length: 2 + int(3) }, (_, i) => {
		const doc = new Y.Doc();
		doc.clientID = 1000 + i;
		return doc;
	});
	const log: Uint8Array[] = [];
	for (const doc of clients) {
		doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== 'sync') log.push(update);
		});
	}
	const steps = 1 + int(120);
	for (let step = 0; step < steps; step++) {
		const doc = clients[int(clients.length)] ?? new Y.Doc();
		const text = doc.getText('text');
		const map = doc.getMap<unknown>('map');
		const roll = random();
		if (roll < 0.35) {
			const length = 1 + int(random() < 0.1 ? 400 : 12);
			const content = Array.from({ length }, () => ALPHABET[int(ALPHABET.length)]).join('');
			text.insert(int(text.length + 1), content);
		} else if (roll < 0.5 && text.length > 0) {
			const at = int(text.length);
			text.delete(at, 1 + int(Math.min(20, text.length - at)));
		} else if (roll < 0.7) {
			map.set(`key-${int(8)}`, { n: int(1000), note: 'x'.repeat(int(50)) });
		} else if (roll < 0.8) {
			map.delete(`key-${int(8)}`);
		} else if (roll < 0.85) {
			doc.transact(() => {
				text.insert(0, 'batch ');
				map.set(`key-${int(8)}`, step);
			});
		} else if (roll < 0.95) {
			const other = clients[int(clients.length)] ?? doc;
			Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)), 'sync');
		} else if (log.length > 0) {
			log.push(log[int(log.length)] ?? new Uint8Array());
		}
	}
	return log;
}

function replay(updates: readonly Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc;
}

function snapshot(doc: Y.Doc) {
	return {
		stateVector: Array.from(Y.encodeStateVector(doc)),
		text: doc.getText('text').toString(),
		map: doc.getMap('map').toJSON(),
		// A lost update leaves later ones waiting for it instead of failing loudly.
		pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null
	};
}

describe('compactPieces', () => {
	it('keeps the state of random edit histories, within the limit, in as few pieces as fit', () => {
		const base = Number(process.env.HEARTH_SEED ?? Math.floor(Math.random() * 2 ** 31));
		for (let run = 0; run < 50; run++) {
			const seed = base + run;
			try {
				const random = mulberry32(seed);
				const updates = randomHistory(random);
				const max =
					random() < 0.2 ? 1 + Math.floor(random() * 64) : 16 + Math.floor(random() * 4096);
				const runs = planPieces(updates, max);

				expect(snapshot(replay(runs.map((r) => r.update)))).toEqual(snapshot(replay(updates)));
				expect(runs.map((r) => r.update)).toEqual(compactPieces(updates, max));
				let next = 0;
				for (const [i, { from, to, update }] of runs.entries()) {
					// The runs cover the inputs in order, each exactly once.
					expect(from).toBe(next);
					expect(to).toBeGreaterThan(from);
					next = to;
					if (update.byteLength > max) {
						// Only an input too large on its own may exceed the limit, and alone.
						expect(to - from).toBe(1);
						expect(update).toBe(updates[from]);
					}
					// Greedy: the next input would not have fitted into this piece.
					if (i < runs.length - 1) {
						expect(Y.mergeUpdates(updates.slice(from, to + 1)).byteLength).toBeGreaterThan(max);
					}
				}
				expect(next).toBe(updates.length);
			} catch (error: unknown) {
				throw new Error(`compactPieces failed for seed ${seed} (HEARTH_SEED=${seed})`, {
					cause: error
				});
			}
		}
	}, 30_000);

	it('merges a whole small history into one piece', () => {
		const updates = randomHistory(mulberry32(7)).slice(0, 40);
		expect(updates.length).toBeGreaterThan(1);
		const pieces = compactPieces(updates, 1024 * 1024);
		expect(pieces).toHaveLength(1);
		expect(snapshot(replay(pieces))).toEqual(snapshot(replay(updates)));
	});

	it('leaves an oversized update alone, between pieces it does not join', () => {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		doc.getText('text').insert(0, 'a');
		doc.getText('text').insert(1, 'b');
		doc.getText('text').insert(2, 'x'.repeat(500));
		doc.getText('text').insert(0, 'c');
		doc.getText('text').insert(0, 'd');
		const pieces = compactPieces(updates, 100);
		expect(pieces).toHaveLength(3);
		expect(pieces[1]).toBe(updates[2]);
		expect(pieces[0]?.byteLength).toBeLessThanOrEqual(100);
		expect(pieces[2]?.byteLength).toBeLessThanOrEqual(100);
		expect(snapshot(replay(pieces))).toEqual(snapshot(replay(updates)));
	});

	it('gives nothing for nothing, and refuses a limit that is not a positive whole number', () => {
		expect(compactPieces([], 10)).toEqual([]);
		for (const max of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
			expect(() => compactPieces([new Uint8Array([0, 0])], max)).toThrow(RangeError);
		}
	});
});
