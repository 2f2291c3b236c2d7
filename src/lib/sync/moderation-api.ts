/**
 * The member's and the moderator's half of the moderation API (docs/PROTOCOL.md, "Moderation"):
 * making a report, and recording a moderator's hide, unhide or remove in the audit log.
 *
 * Both go through the one moderation client (`moderation-client.ts`), which also reads roles,
 * queues and notices; this half adds the session token, one fresh sign-in after a 401, and a
 * named `no-session` refusal when there is no session yet, so an outbox can keep the request.
 *
 * Refusals the server names become `ModerationRefusedError` with its `code` (and, for 429, when to
 * try again). A fetch that never reached the server rejects with the fetch's own error,
 * untouched, so callers can tell "no network" from "the server said no".
 */

import { ModerationApiError, ModerationClient } from './moderation-client';

export type ReportReason = 'harassment' | 'self-harm-risk' | 'misinformation' | 'spam' | 'other';

export const REPORT_REASONS: readonly ReportReason[] = [
	'harassment',
	'self-harm-risk',
	'misinformation',
	'spam',
	'other'
];

export interface ReportTarget {
	kind: 'thread' | 'reply' | 'person';
	/** The record's id, or the person's pseudonym id. */
	id: string;
	/** The month document (`yyyy-mm`) holding the record, so moderators find it at once. */
	part?: string;
	/** For a reply: its thread. */
	thread?: string;
}

export interface ReportBody {
	communityId: string;
	target: ReportTarget;
	reason: ReportReason;
	note?: string;
}

export type ModerationAction = 'hide' | 'unhide' | 'remove';

export interface AuditBody {
	action: ModerationAction;
	/** The thread's or reply's id. */
	target: string;
	reason?: string;
}

/** The server refused the request, and said why (the same error the moderation client uses). */
export { ModerationApiError as ModerationRefusedError } from './moderation-client';

/** The code of a `ModerationRefusedError` raised before sending: there is no session yet. */
export const NO_SESSION = 'no-session';

export interface ModerationApiOptions {
	origin: string;
	/** A live session token (signing in when needed). */
	token: () => Promise<string>;
	/** Told when a token was refused (401), so the next one is fresh. */
	tokenRefused?: (token: string) => void;
	fetch?: typeof fetch;
}

export interface ModerationApi {
	report(body: ReportBody): Promise<void>;
	recordAction(communityId: string, body: AuditBody): Promise<void>;
}

export function createModerationApi(options: ModerationApiOptions): ModerationApi {
	const client = new ModerationClient({ origin: options.origin, fetch: options.fetch });

	/**
	 * The session token. No connection stays the fetch's own error; anything else (not set up,
	 * signed out) is named, so a kept request waits for it instead of being dropped.
	 */
	async function sessionToken(): Promise<string> {
		try {
			return await options.token();
		} catch (e: unknown) {
			if (e instanceof TypeError) throw e;
			throw new ModerationApiError(0, NO_SESSION, 'No session to send it with.');
		}
	}

	/** One authenticated request; a 401 gets one more try with a fresh token. */
	async function call(send: (token: string) => Promise<void>): Promise<void> {
		const token = await sessionToken();
		try {
			return await send(token);
		} catch (e: unknown) {
			if (!(e instanceof ModerationApiError && e.status === 401)) throw e;
			options.tokenRefused?.(token);
		}
		return send(await sessionToken());
	}

	return {
		report: (body) => call((token) => client.report(token, body)),
		recordAction: (communityId, body) =>
			call((token) => client.recordAction(token, communityId, body))
	};
}
