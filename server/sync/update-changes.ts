/**
 * What an incoming update would change in a community document, as record changes the policy
 * (`src/lib/domain/community/change-policy.ts`) can judge: which entry of which of the five maps
 * goes from which value to which.
 *
 * The update is never applied to the room's document to find out (a refused update must leave
 * no trace there). Its structs are first checked as decoded: each item holds one plain JSON value
 * (ContentAny of length 1) or nothing (ContentDeleted, what a client's garbage collection leaves
 * of its own deleted items), and names its parent, when it names one, as one of the five root
 * maps and a key. An item written after another under the same key names no parent at all (Yjs
 * finds it from the item to its left), so the update is then applied to a scratch replica of
 * the room's document, where every item knows its parent; the replica also answers what each
 * deleted range held. `before` values come from the room's document, `after` values from the
 * replica. The room keeps its replica between updates (room.ts), so an accepted update costs one
 * more application of itself, not a copy of the document; a refused one costs a fresh replica.
 *
 * Refused as outside the schema: items under an unknown root, inside a nested shared type, or
 * without a key (array-style insertions); content other than one plain value; deletions of
 * anything but entries of the five maps, or of clocks the room does not hold (they would wait
 * there and delete someone's future item the moment it arrived). An item that follows one the
 * room does not hold yet is held back by Yjs, as it always is, and judged when it lands; the
 * client ids it waits for count as the sender's (see `clients`).
 */
import * as Y from 'yjs';
import { isCommunityRootType } from '../../src/lib/domain/community/community-document';
import type { RecordChange } from '../../src/lib/domain/community/change-policy';
import { decodeUpdateStrictly } from '../../src/lib/sync/update-codec';

/** An update whose shape no community document allows; the sender is refused. */
export class OutsideSchemaError extends Error {
	readonly code = 'outside-schema';
	override name = 'OutsideSchemaError';
}

export interface UpdateChanges {
	changes: RecordChange[];
	/**
	 * Yjs client ids the update's structs were written by, and those its held-back structs wait
	 * for: all of them must be the sender's, so that what is held back can only land through a
	 * later update of the same person (and be judged as theirs).
	 */
	clients: number[];
}

/** A root type as a document holds it. */
type SharedType = NonNullable<ReturnType<Y.Doc['share']['get']>>;

interface Entry {
	map: string;
	key: string;
	written: unknown[];
}

/**
 * The changes `update` would make to `doc`; throws OutsideSchemaError or MalformedUpdateError.
 * `scratch` must hold what `doc` holds; the update is applied to it, so the caller either keeps
 * it as the next scratch (once `doc` has the update too) or throws it away. Without one, a
 * replica is made and dropped, which costs a copy of the whole document.
 */
export function updateChanges(
	doc: Y.Doc,
	update: Uint8Array,
	scratch: Y.Doc = replicaOf(doc)
): UpdateChanges {
	const { structs, ds } = decodeUpdateStrictly(update);
	const clients = new Set<number>();
	for (const struct of structs) {
		if (struct instanceof Y.Skip) continue;
		clients.add(struct.id.client);
		if (struct instanceof Y.Item) checkShape(struct);
	}

	const copy = scratch;
	try {
		Y.applyUpdate(copy, update);
	} catch {
		throw new OutsideSchemaError('The update does not apply to the document.');
	}
	const rootNames = new Map<SharedType, string>();
	for (const [name, type] of copy.share) rootNames.set(type, name);
	const entries = new Map<string, Entry>();
	const touch = (map: string, key: string): Entry => {
		const id = `${map}\u0000${key}`;
		let entry = entries.get(id);
		if (!entry) {
			entry = { map, key, written: [] };
			entries.set(id, entry);
		}
		return entry;
	};

	// Judged: the structs that land in the document with this update, the update's own and any
	// the room held back until now for want of something they follow (an upload in pieces can
	// send a newer client id's structs before the older ones they follow). Those still waiting
	// are judged when they land; until then they change nothing.
	const pending = doc.store.pendingStructs;
	// Yjs keeps what it holds back as a v2 update.
	const held = pending ? Y.decodeUpdateV2(pending.update).structs : [];
	for (const struct of structs) {
		if (!(struct instanceof Y.Item) || lands(struct, doc, copy)) continue;
		for (const id of [struct.origin, struct.rightOrigin]) {
			if (id && Y.getState(copy.store, id.client) <= id.clock) clients.add(id.client);
		}
	}
	for (const struct of [...held, ...structs]) {
		if (!(struct instanceof Y.Item) || !lands(struct, doc, copy)) continue;
		const placed = Y.getItem(copy.store, struct.id);
		const { map, key } = placeOf(placed, rootNames);
		const entry = touch(map, key);
		if (struct.content instanceof Y.ContentAny) entry.written.push(struct.content.arr[0]);
	}

	const docRoots = new Map<SharedType, string>();
	for (const [name, type] of doc.share) docRoots.set(type, name);
	for (const [client, ranges] of ds.clients) {
		for (const { clock, len } of ranges) {
			if (Y.getState(copy.store, client) < clock + len) {
				throw new OutsideSchemaError('The update deletes what the room does not hold.');
			}
			for (const item of liveItemsIn(doc, client, clock, len)) {
				const { map, key } = placeOf(item, docRoots);
				touch(map, key);
			}
		}
	}

	const changes = [...entries.values()].map(({ map, key, written }) => ({
		map,
		key,
		before: valueAt(doc, map, key),
		after: valueAt(copy, map, key),
		written
	}));
	return { changes, clients: [...clients] };
}

/** Whether a struct the room's doc lacks is in the copy, i.e. lands with the update. */
function lands(struct: Y.Item, doc: Y.Doc, copy: Y.Doc): boolean {
	const { client, clock } = struct.id;
	const end = clock + struct.length;
	return Y.getState(doc.store, client) < end && Y.getState(copy.store, client) >= end;
}

/** What can be checked on a struct as decoded, before knowing its parent. */
function checkShape(item: Y.Item): void {
	const { content, parent, parentSub } = item;
	if (content instanceof Y.ContentType) {
		throw new OutsideSchemaError('A shared type inside a record: records are plain values.');
	}
	const plain = content instanceof Y.ContentAny && content.getLength() === 1;
	if (!plain && !(content instanceof Y.ContentDeleted)) {
		throw new OutsideSchemaError('An item holds something other than one plain value.');
	}
	if (parent instanceof Y.ID) {
		throw new OutsideSchemaError('An item inside a nested shared type.');
	}
	if (typeof parent === 'string') {
		if (!isCommunityRootType(parent)) throw new OutsideSchemaError('An unknown root type.');
		if (parentSub === null) throw new OutsideSchemaError('An item without a key.');
	}
}

/** The root map and key an integrated item sits under, or OutsideSchemaError. */
function placeOf(
	struct: Y.Item | Y.GC,
	roots: ReadonlyMap<SharedType, string>
): { map: string; key: string } {
	if (!(struct instanceof Y.Item)) {
		throw new OutsideSchemaError('An item whose place is gone from the document.');
	}
	const { parent, parentSub } = struct;
	if (!(parent instanceof Y.AbstractType) || parent._item !== null) {
		throw new OutsideSchemaError('An item inside a nested shared type.');
	}
	const map = roots.get(parent);
	if (map === undefined || !isCommunityRootType(map)) {
		throw new OutsideSchemaError('An unknown root type.');
	}
	if (parentSub === null) throw new OutsideSchemaError('An item without a key.');
	return { map, key: parentSub };
}

/** Items of `client` in [clock, clock + len) that `doc` holds and has not deleted yet. */
function liveItemsIn(doc: Y.Doc, client: number, clock: number, len: number): Y.Item[] {
	const structs = doc.store.clients.get(client);
	if (!structs || Y.getState(doc.store, client) <= clock) return [];
	const found: Y.Item[] = [];
	for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
		const struct = structs[i];
		if (!struct || struct.id.clock >= clock + len) break;
		if (struct instanceof Y.Item && !struct.deleted) found.push(struct);
	}
	return found;
}

/** The value under `key` in root map `map`, without creating the map, or undefined. */
export function valueAt(doc: Y.Doc, map: string, key: string): unknown {
	const type = doc.share.get(map);
	if (!type) return undefined;
	const item = type._map.get(key);
	if (!item || item.deleted) return undefined;
	const content = item.content.getContent();
	return content[content.length - 1];
}

/**
 * A replica of `doc`, pending changes included. Garbage-collected like the room's document (a
 * deleted map entry keeps its place, only its content goes; the written values are read from
 * the update itself).
 */
export function replicaOf(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}
