/**
 * What a person does about a post or a person through the moderation API: report it, and, for a
 * moderator, record a hide, unhide or remove in the community's audit log. Both go through the
 * durable outbox (`report-outbox.ts`), so nothing is lost offline, and both are sent as soon as a
 * connection comes back (`flush`).
 *
 * One instance for the app (`moderationActions`), attached at start with the device's outbox and
 * the person's session; rooms and dialogs call it without knowing about either.
 */
import type { OutboxRepository } from '../storage/outbox.repository';
import {
	createModerationApi,
	ModerationRefusedError,
	NO_SESSION,
	type AuditBody,
	type ReportBody
} from '../sync/moderation-api';
import { ReportOutbox, OutboxFullError, type FlushResult } from './report-outbox';

export {
	REPORT_REASONS,
	type ModerationAction,
	type ReportReason,
	type ReportTarget
} from '../sync/moderation-api';

export interface ModerationActionsDependencies {
	outbox: OutboxRepository;
	session: { sessionToken(): Promise<string>; sessionRefused?(token: string): void };
	origin: string;
	fetch?: typeof fetch;
	now?: () => number;
}

export type ReportErrorCode =
	/** 10 reports in the past hour: the server asks the person to wait. */
	| 'too-many'
	/** The server refused what was sent (a bad target, an unknown community). */
	| 'refused'
	/** It could neither be sent nor kept on this device. */
	| 'not-kept'
	/** Nothing is set up yet to send it with (no identity, storage not open). */
	| 'not-ready';

export class ReportError extends Error {
	override name = 'ReportError';
	constructor(
		readonly code: ReportErrorCode,
		options?: ErrorOptions
	) {
		super(`The report was not sent: ${code}`, options);
	}
}

export class ModerationActions {
	#outbox: ReportOutbox | null = null;
	/** Kept requests the server refused for good on the last flushes; a page may say so. */
	dropped: FlushResult['dropped'] = [];

	attach(deps: ModerationActionsDependencies): void {
		const api = createModerationApi({
			origin: deps.origin,
			token: () => deps.session.sessionToken(),
			...(deps.session.sessionRefused
				? { tokenRefused: (token: string) => deps.session.sessionRefused?.(token) }
				: {}),
			...(deps.fetch ? { fetch: deps.fetch } : {})
		});
		this.#outbox = new ReportOutbox({
			store: deps.outbox,
			send: (request) =>
				request.kind === 'report'
					? api.report(request.body)
					: api.recordAction(request.communityId, request.body),
			...(deps.now ? { now: deps.now } : {})
		});
	}

	get attached(): boolean {
		return this.#outbox !== null;
	}

	/**
	 * Sends a report, or keeps it to send when online ('queued'). Throws `ReportError`: 'too-many'
	 * on 429, 'refused' for any other refusal, 'not-kept' when the device could not keep it.
	 */
	async report(body: ReportBody): Promise<'sent' | 'queued'> {
		const outbox = this.#outbox;
		if (outbox === null) throw new ReportError('not-ready');
		const note = body.note?.trim() ?? '';
		const { communityId, reason } = body;
		// Copied field by field: a page may hand in reactive proxies, which storage cannot clone.
		const { kind, id, part, thread } = body.target;
		const target = {
			kind,
			id,
			...(part === undefined ? {} : { part }),
			...(thread === undefined ? {} : { thread })
		};
		try {
			return await outbox.submit({
				kind: 'report',
				body: { communityId, target, reason, ...(note === '' ? {} : { note }) }
			});
		} catch (e: unknown) {
			if (e instanceof ModerationRefusedError) {
				const code =
					e.code === NO_SESSION ? 'not-ready' : e.status === 429 ? 'too-many' : 'refused';
				throw new ReportError(code, { cause: e });
			}
			if (e instanceof OutboxFullError) throw new ReportError('not-kept', { cause: e });
			throw e;
		}
	}

	/**
	 * Records a moderator's change in the audit log, now or when online. The change itself is in
	 * the document already; a refusal here (say, the role was just taken away) is thrown as the
	 * server's `ModerationRefusedError`.
	 */
	async record(communityId: string, body: AuditBody): Promise<'sent' | 'queued'> {
		const outbox = this.#outbox;
		if (outbox === null) throw new ReportError('not-ready');
		return outbox.submit({ kind: 'audit', communityId, body });
	}

	/** Sends what waits; call when a connection appears. Never throws. */
	async flush(): Promise<void> {
		try {
			const result = await this.#outbox?.flush();
			if (result !== undefined && result.dropped.length > 0) {
				this.dropped = [...this.dropped, ...result.dropped];
			}
		} catch (e: unknown) {
			// Storage trouble: the items stay where they were and go with the next flush.
			console.warn('Outbox not sent', e);
		}
	}
}

export const moderationActions = new ModerationActions();
