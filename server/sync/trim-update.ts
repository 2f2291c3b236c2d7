/**
 * Keeps only what a room's document does not already hold from an incoming update: structs past
 * its state vector, and deletions of items it has not already deleted.
 *
 * Why trim: a client answers the server's sync step 1 with everything the server's state vector
 * lacks plus its whole delete set, and a reconnecting client does so every time. Storing that
 * as it came would grow the log with every reconnect, and relaying it would send every other
 * member the full delete set again. Trimmed, a reconnect with nothing new stores and relays
 * nothing.
 *
 * Deletions of clocks the room has not seen yet are kept (they may refer to structs still on
 * their way); only ranges the room's document already marks deleted are dropped.
 */
import * as Y from 'yjs';
import {
	decodeUpdateStrictly,
	encodeStructRange,
	hasContent,
	MalformedUpdateError,
	UpdateWriter
} from '../../src/lib/sync/update-codec';

/** The new part of `update` for `doc`, or null when the document already holds all of it. */
export function trimUpdate(doc: Y.Doc, update: Uint8Array): Uint8Array | null {
	let beyond: Uint8Array;
	try {
		beyond = Y.diffUpdate(update, Y.encodeStateVector(doc));
	} catch {
		throw new MalformedUpdateError('The update is not a valid Yjs update.');
	}
	const decoded = decodeUpdateStrictly(beyond);
	if (!hasContent(decoded)) return null;

	let dropped = false;
	const kept: { client: number; clock: number; len: number }[] = [];
	for (const [client, ranges] of decoded.ds.clients) {
		for (const { clock, len } of ranges) {
			const fresh = undeletedRanges(doc, client, clock, len);
			if (fresh.length !== 1 || fresh[0]?.len !== len) dropped = true;
			for (const range of fresh) kept.push({ client, ...range });
		}
	}
	const structs = decoded.structs.filter((s) => !(s instanceof Y.Skip));
	if (!dropped) return beyond;
	if (structs.length === 0 && kept.length === 0) return null;

	const writer = new UpdateWriter();
	for (const struct of decoded.structs) {
		const bytes = encodeStructRange(struct, 0, struct.length);
		writer.addStruct(
			struct.id.client,
			struct.id.clock,
			struct.length,
			bytes,
			struct instanceof Y.Skip
		);
	}
	for (const { client, clock, len } of kept) writer.addDelete(client, clock, len);
	return writer.toUpdate();
}

/** The parts of [clock, clock + len) of `client` that `doc` does not already mark deleted. */
function undeletedRanges(
	doc: Y.Doc,
	client: number,
	clock: number,
	len: number
): { clock: number; len: number }[] {
	const end = clock + len;
	const out: { clock: number; len: number }[] = [];
	const keep = (from: number, to: number) => {
		const last = out.at(-1);
		if (last && last.clock + last.len === from) last.len += to - from;
		else out.push({ clock: from, len: to - from });
	};
	const structs = doc.store.clients.get(client);
	const known = Y.getState(doc.store, client);
	let pos = clock;
	if (structs && pos < known) {
		for (let i = Y.findIndexSS(structs, pos); pos < Math.min(end, known); i++) {
			const struct = structs[i];
			if (!struct) break;
			const structEnd = Math.min(struct.id.clock + struct.length, end);
			if (!struct.deleted) keep(pos, structEnd);
			pos = structEnd;
		}
	}
	if (pos < end) keep(Math.max(pos, clock), end);
	return out;
}
