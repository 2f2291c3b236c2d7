import { isMessageKey, t } from '$lib/i18n/translate';

/** Suggested feelings are stored as ids and shown translated; the person's own tags as typed. */
export function feelingLabel(tag: string): string {
	const key = `feeling.${tag}`;
	return isMessageKey(key) ? t(key) : tag;
}
