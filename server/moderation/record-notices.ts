// Turns what a moderator's update did to other people's posts (the sync gate's ModerationEvent)
// into notices for the posts' authors, by user id: pseudonyms are per community, notices follow
// the person (GET /api/me/notices). Runs after the update was admitted; the gate logs a failure.
//
// A removal carries no reason in the document, and a hide may carry none: the moderator's client
// sends it to the audit log (POST …/audit) at about the same moment. Whichever arrives second
// completes the notice: here, a matching audit entry from the last few minutes gives its reason;
// there, the audit entry fills in the newest notice still without one.
import { randomUUID } from 'node:crypto';
import type { IdentityStore } from '../identity/identity-store';
import type { ModerationEvent } from '../sync/update-gate';
import type { DocumentAuditAction, ModerationStore, Notice } from './moderation-store';

const MONTH_ROOM = /^community:[^:]+:(\d{4}-(?:0[1-9]|1[0-2]))$/;

/** How far back an audit entry may be and still give a new notice its reason. */
export const AUDIT_REASON_WINDOW_MS = 10 * 60 * 1000;

const AUDIT_ACTION = {
	hidden: 'hide',
	unhidden: 'unhide',
	removed: 'remove'
} as const satisfies Record<string, DocumentAuditAction>;

export interface NoticeRecorderOptions {
	identities: IdentityStore;
	moderation: ModerationStore;
	now?: () => number;
}

export function createNoticeRecorder(
	options: NoticeRecorderOptions
): (event: ModerationEvent) => Promise<void> {
	const now = options.now ?? Date.now;
	return async ({ communityId, room, actions }) => {
		const at = now();
		// The month document holding the post (`community:<id>:2026-11`); other rooms name none.
		const part = MONTH_ROOM.exec(room)?.[1] ?? '';
		for (const action of actions) {
			const pseudonym = await options.identities.getPseudonym(action.author);
			if (!pseudonym || pseudonym.communityId !== communityId) continue;
			const reason =
				action.reason ??
				(await options.moderation.latestAuditReason(
					communityId,
					AUDIT_ACTION[action.kind],
					action.target.id,
					at - AUDIT_REASON_WINDOW_MS
				)) ??
				null;
			const notice: Notice = {
				noticeId: randomUUID(),
				userId: pseudonym.userId,
				communityId,
				pseudonymId: pseudonym.pseudonymId,
				kind: action.kind,
				reason,
				at,
				target: { ...action.target, ...(part === '' ? {} : { part }) },
				excerpt: action.excerpt
			};
			await options.moderation.addNotice(notice);
		}
	};
}
