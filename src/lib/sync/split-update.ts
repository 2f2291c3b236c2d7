/**
 * Splits one Yjs v1 update into several, each at most `maxBytes`, that applied in order give the
 * same document as the original. Used wherever an update is too large to send as one message:
 * by the server for a stored piece (or the merge of small ones) in a first sync, and by the
 * client for what it wrote offline (the server refuses messages over its limit). Pure yjs and
 * lib0, so both import this one copy.
 *
 * The cut is made between structs where possible and inside a struct where one alone is too
 * large: a struct covers a run of clocks, and units [from, to) of it re-encode as a struct of
 * their own (Yjs does the same when it sends part of an item). Each client's structs go out in
 * clock order and deletions last, so a receiver can integrate every part as it arrives, and a
 * connection cut half-way leaves it with a state vector that covers what it got.
 *
 * A struct of one unit (an embed, a format, a binary, a nested type, a single JSON value) cannot
 * be cut; if it alone is over `maxBytes`, its part is over too. Such a struct came in through the
 * incoming message limit, so it is no larger than that.
 */
import * as Y from 'yjs';
import {
	decodeUpdateStrictly,
	encodeStructRange,
	safeCut,
	UpdateWriter,
	type Struct
} from './update-codec';

/** Tries to fit a range of one struct into a budget; each try shrinks the range. */
const MAX_FIT_TRIES = 32;

export function splitUpdate(update: Uint8Array, maxBytes: number): Uint8Array[] {
	if (update.byteLength <= maxBytes) return [update];
	const { structs, ds } = decodeUpdateStrictly(update);
	const parts: Uint8Array[] = [];
	let writer = new UpdateWriter();
	const flush = () => {
		if (writer.isEmpty()) return;
		parts.push(writer.toUpdate());
		writer = new UpdateWriter();
	};
	const room = () => maxBytes - writer.byteLengthBound();

	for (const struct of structs) {
		const { client, clock } = struct.id;
		if (!writer.canAppend(client, clock)) flush();
		if (struct instanceof Y.Skip) {
			const bytes = encodeStructRange(struct, 0, struct.length);
			if (writer.structCost(client, clock, bytes.length) > room()) flush();
			writer.addStruct(client, clock, struct.length, bytes, true);
			continue;
		}
		let from = 0;
		while (from < struct.length) {
			const rest = encodeStructRange(struct, from, struct.length);
			if (writer.structCost(client, clock + from, rest.length) <= room()) {
				writer.addStruct(client, clock + from, struct.length - from, rest);
				break;
			}
			if (!writer.isEmpty()) {
				flush();
				continue;
			}
			const to = fitRange(
				struct,
				from,
				rest.length,
				room() - writer.structCost(client, clock + from, 0)
			);
			writer.addStruct(client, clock + from, to - from, encodeStructRange(struct, from, to));
			from = to;
			if (from < struct.length) flush();
		}
	}

	for (const [client, ranges] of ds.clients) {
		for (const { clock, len } of ranges) {
			if (writer.deleteCost(client, clock, len) > room()) flush();
			writer.addDelete(client, clock, len);
		}
	}
	flush();
	return parts;
}

/** The end of the longest range from `from` whose bytes fit `budget` (at least one unit). */
function fitRange(struct: Struct, from: number, restBytes: number, budget: number): number {
	const units = struct.length - from;
	let take = Math.max(1, Math.floor((units * budget) / restBytes));
	let to = from + 1;
	for (let i = 0; i < MAX_FIT_TRIES; i++) {
		to = safeCut(struct, from, Math.min(struct.length, from + take));
		const size = encodeStructRange(struct, from, to).length;
		if (size <= budget || take === 1) return to;
		// Shrink in proportion to the overshoot, a little more so the next try lands under.
		take = Math.max(1, Math.floor(((to - from) * budget * 0.95) / size));
	}
	return to;
}
