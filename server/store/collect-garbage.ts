/**
 * Rebuilds a room's whole state from its stored updates in a garbage-collecting Y.Doc, so the
 * content of deleted items (a removed post, a deleted reply) is dropped and only the bare
 * structure Yjs needs to merge with other replicas remains. Merging updates as they are
 * (`Y.mergeUpdates`) would keep that content on disk for ever.
 *
 * The result is one update; the caller splits it into bounded pieces. Updates still waiting on
 * missing ones are kept (Yjs includes pending structs when it encodes the state).
 */
import * as Y from 'yjs';

export function collectGarbage(updates: readonly Uint8Array[]): Uint8Array {
	const doc = new Y.Doc({ gc: true });
	try {
		doc.transact(() => {
			for (const update of updates) Y.applyUpdate(doc, update);
		});
		return Y.encodeStateAsUpdate(doc);
	} finally {
		doc.destroy();
	}
}
