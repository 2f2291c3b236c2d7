/**
 * A report that did not go, in calm words: what happened and what the person can do. Anything
 * that is not a `ReportError` is logged, so it is not swallowed, and gets the general message.
 */
import { ReportError, type ReportErrorCode } from '$lib/state/moderation-actions';
import { t, type MessageKey } from '$lib/i18n/translate';
import '$lib/i18n/community-messages';

const WORDS: Record<ReportErrorCode, MessageKey> = {
	'too-many': 'community.report.tooMany',
	refused: 'community.report.refused',
	'not-kept': 'community.report.notKept',
	'not-ready': 'community.report.notReady'
};

export function reportErrorWords(error: unknown): string {
	if (error instanceof ReportError) return t(WORDS[error.code]);
	console.error('A report was not sent', error);
	return t('community.report.failed');
}
