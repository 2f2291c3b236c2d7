/**
 * The warm words each reaction kind is shown with. Spelled out key by key (not built from the
 * kind) so the catalogue check and translators can see every key the app uses.
 */
import type { ReactionKind } from '$lib/domain/community/records';
import { t, type MessageKey } from '$lib/i18n/translate';
import '$lib/i18n/community-messages';

const LABELS: Record<ReactionKind, MessageKey> = {
	'hear-you': 'community.reaction.hear-you',
	strength: 'community.reaction.strength',
	'me-too': 'community.reaction.me-too',
	'thank-you': 'community.reaction.thank-you'
};

export function reactionLabel(kind: ReactionKind): string {
	return t(LABELS[kind]);
}
