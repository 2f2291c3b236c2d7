/**
 * Text as the safety checks read it: lower case, apostrophes dropped ("don’t" reads "dont"),
 * accents folded, every run of punctuation or space made one space, padded with a space at each
 * end so a phrase can be matched as whole words with plain ` phrase ` searches.
 */

const APOSTROPHES = /['’‘ʼ`´]/g;
const MARKS = /\p{M}/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

export function normalizeText(text: string): string {
	const words = text
		.normalize('NFKD')
		.replace(MARKS, '')
		.toLowerCase()
		.replace(APOSTROPHES, '')
		.replace(NOT_WORD, ' ')
		.trim();
	return ` ${words} `;
}
