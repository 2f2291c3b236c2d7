/**
 * The plain words a kept draft is shown with: why it is kept, and what it was. Spelled out key by
 * key so the catalogue check and translators see every key.
 */
import type { DraftReason, DraftView } from '$lib/state/refused-drafts';
import { t, type MessageKey } from '$lib/i18n/translate';
import { reactionLabel } from './reaction-label';
import '$lib/i18n/community-messages';

const REASONS: Record<DraftReason, MessageKey> = {
	blocked: 'community.drafts.reason.blocked',
	muted: 'community.drafts.reason.muted',
	guidelines: 'community.drafts.reason.guidelines',
	'no-pseudonym': 'community.drafts.reason.no-pseudonym',
	missing: 'community.drafts.reason.missing',
	'not-sent': 'community.drafts.reason.not-sent',
	refused: 'community.drafts.reason.refused'
};

export function draftReasonWords(reason: DraftReason): string {
	return t(REASONS[reason]);
}

export function draftHeading(draft: DraftView): string {
	switch (draft.kind) {
		case 'thread':
			return t('community.drafts.kind.thread', { title: draft.title ?? '' });
		case 'reply':
			return t('community.drafts.kind.reply');
		case 'reaction':
			return draft.reaction === null
				? t('community.drafts.kind.moderation')
				: t('community.drafts.kind.reaction', { reaction: reactionLabel(draft.reaction) });
		case 'moderation':
			return t('community.drafts.kind.moderation');
		case 'other':
			return t('community.drafts.kind.other');
	}
}

/** What "Copy text" puts on the clipboard: the words the person wrote, title first. */
export function draftText(draft: DraftView): string {
	return [draft.title, draft.body].filter((part): part is string => part !== null).join('\n\n');
}
