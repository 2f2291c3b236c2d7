/**
 * The moderation half of Hearth's JSON API (docs/PROTOCOL.md, "Moderation"), typed: a person's
 * roles and notices, a community's report queue and audit log, and the actions moderators take
 * through the API (resolve, warn, mute). Hide, unhide and remove happen in the community's
 * document instead, through the room.
 *
 * Answers are checked before use (`domain/moderation/moderation-records.ts`). A refusal the API
 * names becomes `ModerationApiError` with its `code`; a fetch that never reached the server
 * rejects with the fetch's own error, untouched, so callers can tell "no connection" from "no".
 */
import {
	MalformedAnswerError,
	readAuditEntries,
	readNotices,
	readReports,
	readRoles,
	type AuditEntry,
	type Notice,
	type Report,
	type ReportOutcome,
	type Roles
} from '../domain/moderation/moderation-records';
import type { AuditBody, ReportBody } from './moderation-api';
import { callJson, isRecord, type JsonFetch } from './call-json';

/** The server refused, and said why. `message` is the server's, for logs; never shown as is. */
export class ModerationApiError extends Error {
	override name = 'ModerationApiError';
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		/** For 429: how long the server asks us to wait (`Retry-After`), in milliseconds. */
		readonly retryAfterMs: number | null = null
	) {
		super(message);
	}
}

export type ModerationFetch = JsonFetch;

type Method = 'GET' | 'POST' | 'DELETE';

export class ModerationClient {
	readonly #origin: string;
	readonly #fetch: ModerationFetch;

	constructor(options: { origin: string; fetch?: ModerationFetch }) {
		this.#origin = options.origin;
		this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
	}

	async roles(token: string): Promise<Roles> {
		return readRoles(await this.#call(token, 'GET', '/api/me'));
	}

	async notices(token: string): Promise<Notice[]> {
		return readNotices(await this.#call(token, 'GET', '/api/me/notices'));
	}

	async askSecondLook(
		token: string,
		noticeId: string,
		note: string | null
	): Promise<{ reportId: string; createdAt: number }> {
		const body = await this.#call(
			token,
			'POST',
			`/api/me/notices/${encodeURIComponent(noticeId)}/second-look`,
			note ? { note } : {}
		);
		const record = isRecord(body) ? body : {};
		const { reportId, createdAt } = record;
		if (typeof reportId !== 'string' || typeof createdAt !== 'number') {
			throw new MalformedAnswerError('a second look without its report');
		}
		return { reportId, createdAt };
	}

	/** A member's report (`POST /api/reports`); the reporter sees nothing more of it. */
	async report(token: string, body: ReportBody): Promise<void> {
		await this.#call(token, 'POST', '/api/reports', body);
	}

	/** Records a hide, unhide or remove the moderator just made in the document. */
	async recordAction(token: string, communityId: string, body: AuditBody): Promise<void> {
		await this.#call(token, 'POST', `${community(communityId)}/audit`, body);
	}

	async reports(token: string, communityId: string): Promise<Report[]> {
		return readReports(await this.#call(token, 'GET', `${community(communityId)}/reports`));
	}

	async audit(token: string, communityId: string): Promise<AuditEntry[]> {
		return readAuditEntries(await this.#call(token, 'GET', `${community(communityId)}/audit`));
	}

	async resolve(
		token: string,
		reportId: string,
		outcome: ReportOutcome,
		note: string | null
	): Promise<void> {
		await this.#call(token, 'POST', `/api/reports/${encodeURIComponent(reportId)}/resolve`, {
			outcome,
			...(note ? { note } : {})
		});
	}

	async warn(
		token: string,
		communityId: string,
		pseudonymId: string,
		reason: string
	): Promise<void> {
		await this.#call(token, 'POST', `${community(communityId)}/warnings`, { pseudonymId, reason });
	}

	async mute(
		token: string,
		communityId: string,
		mute: { pseudonymId: string; until: number; reason: string }
	): Promise<void> {
		await this.#call(token, 'POST', `${community(communityId)}/mutes`, mute);
	}

	async unmute(token: string, communityId: string, userId: string): Promise<void> {
		await this.#call(
			token,
			'DELETE',
			`${community(communityId)}/mutes/${encodeURIComponent(userId)}`
		);
	}

	/** One request; resolves with a 2xx answer's JSON (null for an empty body). */
	async #call(token: string, method: Method, path: string, payload?: unknown): Promise<unknown> {
		const answer = await callJson(this.#fetch, this.#origin + path, { method, token, payload });
		if (answer.ok) return answer.body;
		throw new ModerationApiError(answer.status, answer.code, answer.message, answer.retryAfterMs);
	}
}

function community(communityId: string): string {
	return `/api/communities/${encodeURIComponent(communityId)}`;
}
