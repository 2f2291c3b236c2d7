/**
 * The member's and the moderator's half of the moderation API (docs/PROTOCOL.md, "Moderation"):
 * making a report, and recording a moderator's hide, unhide or remove in the audit log.
 *
 * Which communities a person moderates is read by the moderation state (`moderation-client.ts`).
 *
 * Refusals the server names become `ModerationRefusedError` with its `code` (and, for 429, when to
 * try again). A fetch that never reached the server rejects with the fetch's own error,
 * untouched, so callers can tell "no network" from "the server said no".
 */

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

/** The server refused the request, and said why. */
export class ModerationRefusedError extends Error {
	override name = 'ModerationRefusedError';
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		/** For 429: how long the server asks us to wait, in milliseconds. */
		readonly retryAfterMs: number | null = null
	) {
		super(message);
	}
}

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
	const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

	/**
	 * The session token. No connection stays the fetch's own error; anything else (not set up,
	 * signed out) is named, so a kept request waits for it instead of being dropped.
	 */
	async function sessionToken(): Promise<string> {
		try {
			return await options.token();
		} catch (e: unknown) {
			if (e instanceof TypeError) throw e;
			throw new ModerationRefusedError(0, NO_SESSION, 'No session to send it with.');
		}
	}

	/** One authenticated request; a 401 gets one more try with a fresh token. */
	async function call(method: 'POST', path: string, payload?: unknown): Promise<unknown> {
		for (let attempt = 0; ; attempt++) {
			const token = await sessionToken();
			const response = await doFetch(options.origin + path, {
				method,
				headers: {
					accept: 'application/json',
					authorization: `Bearer ${token}`,
					...(payload === undefined ? {} : { 'content-type': 'application/json' })
				},
				cache: 'no-store',
				body: payload === undefined ? undefined : JSON.stringify(payload)
			});
			const body: unknown = await response.json().catch(() => null);
			if (response.ok) return body;
			if (response.status === 401 && attempt === 0) {
				options.tokenRefused?.(token);
				continue;
			}
			throw refusal(response, body);
		}
	}

	return {
		async report(body) {
			await call('POST', '/api/reports', body);
		},
		async recordAction(communityId, body) {
			await call('POST', `/api/communities/${encodeURIComponent(communityId)}/audit`, body);
		}
	};
}

function refusal(response: Response, body: unknown): ModerationRefusedError {
	const error = field(body, 'error');
	const code = field(error, 'code');
	const message = field(error, 'message');
	const seconds = Number(response.headers.get('retry-after'));
	return new ModerationRefusedError(
		response.status,
		typeof code === 'string' ? code : 'unexpected',
		typeof message === 'string' ? message : `The server answered ${response.status}.`,
		response.status === 429 && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null
	);
}

function field(value: unknown, name: string): unknown {
	if (typeof value !== 'object' || value === null) return undefined;
	return Object.getOwnPropertyDescriptor(value, name)?.value;
}
