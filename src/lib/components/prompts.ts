import { isMessageKey, type MessageKey } from '$lib/i18n/translate';

/** Gentle writing prompts, stored on an entry by id and shown from the catalogue. */
export const PROMPT_IDS = [
	'small-good',
	'on-mind',
	'body',
	'kind-words',
	'helped',
	'looking-forward',
	'let-go',
	'people',
	'energy',
	'tomorrow'
] as const;

export function promptKey(id: string): MessageKey | undefined {
	const key = `prompt.${id}`;
	return isMessageKey(key) ? key : undefined;
}
