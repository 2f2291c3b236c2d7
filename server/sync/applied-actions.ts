/**
 * Waits until a room's document shows what a moderator's admitted update did, before anyone is
 * told of it. Admitted is not yet stored: the room may still refuse the update after the gate
 * (a write limit), or fail to store it, and the client then sends it again later. So each action
 * is watched on the room's document, and handed on once the document shows it (the mark hides,
 * the mark no longer hides, the post is gone), after which the watch ends.
 *
 * One watch per document and action (kind and post): an update sent again replaces the earlier
 * watch, so the author is told once. A watch the document never satisfies is dropped after
 * `WATCH_MS`, or when the room's document is destroyed.
 */
import type * as Y from 'yjs';
import {
	MARKS_MAP,
	REPLIES_MAP,
	THREADS_MAP
} from '../../src/lib/domain/community/community-document';
import { fieldOf } from './blocked-replies';
import type { ModerationAction } from './moderation-actions';
import { valueAt } from './update-changes';

/** How long an admitted update may take to reach the room's document. */
export const WATCH_MS = 60_000;

interface Watch {
	action: ModerationAction;
	until: number;
	deliver: (action: ModerationAction) => void;
}

const watchesByDoc = new WeakMap<Y.Doc, Map<string, Watch>>();

export function whenApplied(
	doc: Y.Doc,
	actions: readonly ModerationAction[],
	deliver: (action: ModerationAction) => void,
	now: () => number = Date.now
): void {
	let watches = watchesByDoc.get(doc);
	if (!watches) {
		const own = new Map<string, Watch>();
		watches = own;
		watchesByDoc.set(doc, own);
		const check = () => {
			const time = now();
			for (const [key, watch] of own) {
				const done = shows(doc, watch.action);
				if (done) watch.deliver(watch.action);
				if (done || time > watch.until) own.delete(key);
			}
			if (own.size === 0) stop();
		};
		const stop = () => {
			doc.off('update', check);
			watchesByDoc.delete(doc);
		};
		doc.on('update', check);
		doc.once('destroy', stop);
	}
	for (const action of actions) {
		watches.set(`${action.kind}:${action.target.id}`, { action, until: now() + WATCH_MS, deliver });
	}
}

/** Whether the document shows the action done. */
function shows(doc: Y.Doc, { kind, target }: ModerationAction): boolean {
	if (kind === 'removed') {
		return (
			valueAt(doc, target.kind === 'thread' ? THREADS_MAP : REPLIES_MAP, target.id) === undefined
		);
	}
	const hidden = fieldOf(valueAt(doc, MARKS_MAP, target.id), 'hidden') === true;
	return kind === 'hidden' ? hidden : !hidden;
}
