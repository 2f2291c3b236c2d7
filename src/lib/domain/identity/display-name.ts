/**
 * Display names: what a person is called, globally and in each community. The app checks them
 * as the person types and the server checks them again with this same code, so both always agree.
 *
 * - Normal form: NFC, every run of whitespace (tabs and line breaks too) becomes one space,
 *   trimmed; 1 to 32 code points. Code points, not graphemes: Intl.Segmenter's answer depends
 *   on the engine's Unicode version, and the phone and the server must not disagree.
 * - Refused: control and format characters (bidi overrides could make a name read backwards),
 *   except the zero-width joiner and non-joiner that emoji sequences and several scripts need.
 * - Canonical form, for "is this name taken": compatibility-folded (NFKC), case-folded, with
 *   invisible characters removed, so "Sam", "SAM", "Ｓａｍ" and "Sa\u200Dm" are one name.
 */

export const DISPLAY_NAME_MAX_LENGTH = 32;

export type DisplayNameProblem =
	'display-name-empty' | 'display-name-too-long' | 'display-name-characters';

export class DisplayNameError extends Error {
	override name = 'DisplayNameError';
	constructor(
		readonly code: DisplayNameProblem,
		message: string
	) {
		super(message);
	}
}

const WHITESPACE_RUN = /\s+/gu;
const JOINERS = /[\u200c\u200d]/gu;
const REFUSED = /[\p{Cc}\p{Cf}\p{Cs}]/u;
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/** The name as it will be stored and shown; throws DisplayNameError when it cannot be one. */
export function normalizeDisplayName(input: string): string {
	const name = input.normalize('NFC').replace(WHITESPACE_RUN, ' ').trim();
	if (REFUSED.test(name.replace(JOINERS, ''))) {
		throw new DisplayNameError(
			'display-name-characters',
			'A name cannot contain control or formatting characters.'
		);
	}
	if (name === '' || canonicalDisplayName(name) === '') {
		throw new DisplayNameError(
			'display-name-empty',
			'A name needs at least one visible character.'
		);
	}
	const length = [...name].length;
	if (length > DISPLAY_NAME_MAX_LENGTH) {
		throw new DisplayNameError(
			'display-name-too-long',
			`A name can be up to ${DISPLAY_NAME_MAX_LENGTH} characters; this one has ${length}.`
		);
	}
	return name;
}

/** The form two names share when people would take them for the same name. */
export function canonicalDisplayName(name: string): string {
	// Upper- then lower-casing folds what lower-casing alone misses ("ß" and "SS", final sigma).
	return name
		.normalize('NFKC')
		.replace(INVISIBLE, '')
		.toUpperCase()
		.toLowerCase()
		.normalize('NFC')
		.replace(WHITESPACE_RUN, ' ')
		.trim();
}
