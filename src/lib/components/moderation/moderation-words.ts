/**
 * Moderation's codes in plain words: report reasons, notice kinds, log entries, outcomes and
 * failures. Tables of literal keys (not keys built from codes), so the catalogue check sees every
 * word in use.
 */
import type {
	AuditEntry,
	NoticeKind,
	ReportOutcome,
	ReportReason
} from '$lib/domain/moderation/moderation-records';
import type { ModerationErrorCode, QueueAction } from '$lib/state/moderation.svelte';
import { t, type MessageKey } from '$lib/i18n/translate';
import '$lib/i18n/moderation-messages';

const REASONS: Record<ReportReason, MessageKey> = {
	harassment: 'moderation.reason.harassment',
	'self-harm-risk': 'moderation.reason.self-harm-risk',
	'second-look': 'moderation.reason.second-look',
	misinformation: 'moderation.reason.misinformation',
	spam: 'moderation.reason.spam',
	other: 'moderation.reason.other'
};

export function reasonWords(reason: ReportReason): string {
	return t(REASONS[reason]);
}

const NOTICE_TITLES: Record<NoticeKind, MessageKey> = {
	warning: 'moderation.notice.warning',
	hidden: 'moderation.notice.hidden',
	unhidden: 'moderation.notice.unhidden',
	removed: 'moderation.notice.removed',
	muted: 'moderation.notice.muted'
};

const NOTICE_BODIES: Record<NoticeKind, MessageKey> = {
	warning: 'moderation.noticeBody.warning',
	hidden: 'moderation.noticeBody.hidden',
	unhidden: 'moderation.noticeBody.unhidden',
	removed: 'moderation.noticeBody.removed',
	muted: 'moderation.noticeBody.muted'
};

export function noticeTitle(kind: NoticeKind, community: string): string {
	return t(NOTICE_TITLES[kind], { community });
}

export function noticeBody(kind: NoticeKind, until: string): string {
	return t(NOTICE_BODIES[kind], { until });
}

const OUTCOME_KEYS: Record<ReportOutcome, MessageKey> = {
	'no-action': 'moderation.outcome.no-action',
	hidden: 'moderation.outcome.hidden',
	removed: 'moderation.outcome.removed',
	warned: 'moderation.outcome.warned',
	muted: 'moderation.outcome.muted'
};
const OUTCOMES = new Map<string, MessageKey>(Object.entries(OUTCOME_KEYS));

const LOG_LINES = new Map<string, MessageKey>(
	Object.entries({
		hide: 'moderation.log.hide',
		unhide: 'moderation.log.unhide',
		remove: 'moderation.log.remove',
		warn: 'moderation.log.warn',
		mute: 'moderation.log.mute',
		unmute: 'moderation.log.unmute',
		'appoint-moderator': 'moderation.log.appoint-moderator',
		'remove-moderator': 'moderation.log.remove-moderator',
		'resolve-report': 'moderation.log.resolve-report'
	} satisfies Record<string, MessageKey>)
);

/** Only administrators appoint and remove moderators; every other action may be anyone's. */
const ADMIN_ACTIONS = new Set(['appoint-moderator', 'remove-moderator']);

/**
 * One line of the log: who (you, or a role: the log has user ids, and a person's names are per
 * community pseudonym, so they are not known here) and what.
 */
export function auditLine(entry: AuditEntry, me: string | null): string {
	const who =
		entry.actorId === me
			? t('moderation.actor.you')
			: ADMIN_ACTIONS.has(entry.action)
				? t('moderation.actor.admin')
				: t('moderation.actor.moderator');
	const key = LOG_LINES.get(entry.action);
	if (key === undefined) return t('moderation.log.other', { who, action: entry.action });
	// A resolved report's target is `<reportId>:<outcome>`.
	const outcome = entry.target.split(':').at(-1) ?? '';
	const outcomeKey = OUTCOMES.get(outcome);
	return t(key, { who, outcome: outcomeKey ? t(outcomeKey) : outcome });
}

const ERRORS: Record<ModerationErrorCode, MessageKey> = {
	offline: 'moderation.error.offline',
	'signed-out': 'moderation.error.signed-out',
	forbidden: 'moderation.error.forbidden',
	'already-resolved': 'moderation.error.already-resolved',
	'already-asked': 'moderation.error.already-asked',
	'nothing-to-review': 'moderation.error.nothing-to-review',
	'not-found': 'moderation.error.not-found',
	invalid: 'moderation.error.invalid',
	'needs-room': 'moderation.error.needs-room',
	failed: 'moderation.error.failed'
};

export function errorWords(code: ModerationErrorCode): string {
	return t(ERRORS[code]);
}

type ActionKind = QueueAction['kind'];

export const ACTION_LABELS: Record<ActionKind, MessageKey> = {
	hide: 'moderation.action.hide',
	remove: 'moderation.action.remove',
	warn: 'moderation.action.warn',
	mute: 'moderation.action.mute',
	dismiss: 'moderation.action.dismiss',
	unhide: 'moderation.action.unhide',
	'keep-hidden': 'moderation.action.keepHidden'
};

export const CONFIRM_LABELS: Record<ActionKind, MessageKey> = {
	hide: 'moderation.confirm.hide',
	remove: 'moderation.confirm.remove',
	warn: 'moderation.confirm.warn',
	mute: 'moderation.confirm.mute',
	dismiss: 'moderation.confirm.dismiss',
	unhide: 'moderation.confirm.unhide',
	'keep-hidden': 'moderation.confirm.keepHidden'
};

export const DONE_WORDS: Record<ActionKind, MessageKey> = {
	hide: 'moderation.done.hide',
	remove: 'moderation.done.remove',
	warn: 'moderation.done.warn',
	mute: 'moderation.done.mute',
	dismiss: 'moderation.done.dismiss',
	unhide: 'moderation.done.unhide',
	'keep-hidden': 'moderation.done.keepHidden'
};
