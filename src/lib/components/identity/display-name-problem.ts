/** The words for a display name the rules refuse (the codes of `DisplayNameError`). */
import type { DisplayNameProblem } from '$lib/domain/identity/display-name';
import type { MessageKey } from '$lib/i18n/translate';
import '$lib/i18n/identity-messages';

export const DISPLAY_NAME_PROBLEM: Readonly<Record<DisplayNameProblem, MessageKey>> = {
	'display-name-empty': 'identity.name.empty',
	'display-name-too-long': 'identity.name.tooLong',
	'display-name-characters': 'identity.name.characters'
};
