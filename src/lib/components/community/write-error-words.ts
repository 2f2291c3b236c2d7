/**
 * The one place community writes' failures become calm words. The state raises one typed error
 * with a `code` (and, for invalid input, the field at fault); anything else that escapes (a bug, a
 * browser refusing storage) gets the general message, and is logged so it is not swallowed.
 */
import type { CommunityErrorCode } from '$lib/state/community-room.svelte';
import { t, type MessageKey } from '$lib/i18n/translate';
import '$lib/i18n/community-messages';

export type PostField = 'title' | 'body' | 'contentWarning' | 'tags';

export interface WriteProblem {
	/** The field the message belongs beside, or null for the form as a whole. */
	field: PostField | null;
	message: string;
}

const FIELDS: readonly PostField[] = ['title', 'body', 'contentWarning', 'tags'];

const FIELD_MESSAGES: Record<PostField, MessageKey> = {
	title: 'community.error.titleRequired',
	body: 'community.error.bodyRequired',
	contentWarning: 'community.error.contentWarningTooLong',
	tags: 'community.error.tagsInvalid'
};

function readString(value: unknown, key: string): string | null {
	if (typeof value !== 'object' || value === null || !(key in value)) return null;
	const found: unknown = Reflect.get(value, key);
	return typeof found === 'string' ? found : null;
}

const CODES: readonly CommunityErrorCode[] = [
	'invalid-input',
	'not-yours',
	'missing',
	'storage-full',
	'name-taken',
	'not-joined',
	'read-only',
	'not-ready'
];

function isCode(value: string | null): value is CommunityErrorCode {
	return value !== null && (CODES as readonly string[]).includes(value);
}

function isField(value: string | null): value is PostField {
	return value !== null && (FIELDS as readonly string[]).includes(value);
}

export function writeErrorWords(error: unknown): WriteProblem {
	const code = readString(error, 'code');
	if (!isCode(code)) {
		console.error('A community write failed', error);
		return { field: null, message: t('community.error.unknown') };
	}
	switch (code) {
		case 'invalid-input': {
			const field = readString(error, 'field');
			if (isField(field)) return { field, message: t(FIELD_MESSAGES[field]) };
			return { field: null, message: t('community.error.fieldInvalid') };
		}
		case 'not-yours':
			return { field: null, message: t('community.error.notYours') };
		case 'missing':
			return { field: null, message: t('community.error.missing') };
		case 'storage-full':
			return { field: null, message: t('community.error.storageFull') };
		case 'name-taken':
			return { field: null, message: t('community.error.nameTaken') };
		case 'not-joined':
			return { field: null, message: t('community.error.notJoined') };
		case 'read-only':
			return { field: null, message: t('community.error.readOnly') };
		case 'not-ready':
			// Storage would not open, or this device has no identity yet: nothing was lost.
			console.error('A community write failed', error);
			return { field: null, message: t('community.error.unknown') };
	}
}
