/**
 * A moderator's hide, unhide or remove that did not happen, in calm words. The room's errors mean
 * what they mean for any write, but two read differently here: "not yours" means "not a moderator
 * (any more)", and the field at fault can only be the reason.
 */
import { CommunityError } from '$lib/state/community-room.svelte';
import { MAX_REASON_LENGTH } from '$lib/domain/community/parse-community-record';
import { t } from '$lib/i18n/translate';
import '$lib/i18n/community-messages';
import { writeErrorWords } from './write-error-words';

export function moderateErrorWords(error: unknown): string {
	if (error instanceof CommunityError && error.code === 'not-yours') {
		return t('community.mod.notModerator');
	}
	if (error instanceof CommunityError && error.code === 'invalid-input') {
		return t('community.mod.reasonTooLong', { max: MAX_REASON_LENGTH });
	}
	return writeErrorWords(error).message;
}
