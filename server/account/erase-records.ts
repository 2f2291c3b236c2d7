// Deletes, in one community document, everything recordsToErase names for a deleted account's
// pseudonyms. Deleting a Y.Map entry writes no new item, only a deletion of the old one, so the
// change carries no client id of anyone's and needs none.
import type * as Y from 'yjs';
import { recordsToErase } from '../../src/lib/domain/community/records-to-erase';

/** Deletes the authors' records from `doc` in one transaction; returns how many entries went. */
export function eraseRecords(doc: Y.Doc, authors: ReadonlySet<string>): number {
	const doomed = recordsToErase((map) => doc.getMap<unknown>(map).entries(), authors);
	if (doomed.length === 0) return 0;
	doc.transact(() => {
		for (const { map, key } of doomed) doc.getMap<unknown>(map).delete(key);
	});
	return doomed.length;
}
