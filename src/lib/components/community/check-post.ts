/**
 * Checks a post as it is typed, before it is saved, so a message can sit beside the field at
 * fault at once. The limits are the domain's, the same the server enforces; the state checks
 * again when it writes, and its verdict wins.
 */
import {
	MAX_BODY_LENGTH,
	MAX_CONTENT_WARNING_LENGTH,
	MAX_TAG_LENGTH,
	MAX_TAGS,
	MAX_TITLE_LENGTH
} from '$lib/domain/community/parse-community-record';
import { t } from '$lib/i18n/translate';
import '$lib/i18n/community-messages';
import type { PostField } from './write-error-words';

export type FieldProblems = Partial<Record<PostField, string>>;

export interface PostDraft {
	/** Absent for replies, which have no title or tags. */
	title?: string;
	body: string;
	contentWarning: string;
	tags?: string[];
}

export function checkPost(draft: PostDraft): FieldProblems {
	const problems: FieldProblems = {};
	if (draft.title !== undefined) {
		if (draft.title.trim() === '') problems.title = t('community.error.titleRequired');
		else if (draft.title.trim().length > MAX_TITLE_LENGTH)
			problems.title = t('community.error.titleTooLong');
	}
	if (draft.body.trim() === '') problems.body = t('community.error.bodyRequired');
	else if (draft.body.length > MAX_BODY_LENGTH) problems.body = t('community.error.bodyTooLong');
	if (draft.contentWarning.trim().length > MAX_CONTENT_WARNING_LENGTH)
		problems.contentWarning = t('community.error.contentWarningTooLong');
	if (
		draft.tags !== undefined &&
		(draft.tags.length > MAX_TAGS || draft.tags.some((tag) => tag.length > MAX_TAG_LENGTH))
	)
		problems.tags = t('community.error.tagsInvalid');
	return problems;
}
