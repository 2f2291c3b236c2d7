/**
 * Whether a piece of writing contains words that suggest the writer may be at risk of harming
 * themselves. The list and the reasoning behind it are in docs/CRISIS-LANGUAGE.md.
 *
 * This is a gentle prompt, not a diagnosis: it only decides whether to offer a card pointing to
 * crisis help. It misses things (people say these things in countless ways) and sometimes shows
 * when it is not needed; both are acceptable, because the card never blocks anything. It runs
 * wherever it is called, on the device; nothing here sends or stores anything.
 *
 * Phrases are matched on `normalizeText` output, so case, punctuation, curly apostrophes and
 * line breaks do not matter. Each phrase may list `unless` words that, coming straight after
 * it, make it a figure of speech ("I could die laughing").
 */

import { normalizeText } from './normalize-text';

export interface CrisisPhrase {
	/** A stable name, for tests and the documentation. */
	id: string;
	/** Matched against normalised text (lower case, no apostrophes, single spaces). */
	pattern: RegExp;
	/** Words that, following the match, make it a figure of speech rather than a worry. */
	unless?: RegExp;
}

const FIGURES_OF_SPEECH = /^ (?:laughing|of (?:laughter|embarrassment|shame|boredom|cringe))\b/;

export const CRISIS_PHRASES: readonly CrisisPhrase[] = [
	{
		id: 'want-to-die',
		pattern: / (?:want|wanted|wanting|wanna|wants) (?:to )?die\b/,
		unless: /^ (?:laughing|of (?:laughter|embarrassment|shame|boredom|cringe)|my hair)\b/
	},
	{ id: 'wish-dead', pattern: / (?:i )?wish (?:i was|i were|i could be|to be) dead\b/ },
	{ id: 'wish-could-die', pattern: / (?:i )?wish i (?:could|would) (?:just )?die\b/ },
	{
		id: 'better-off',
		pattern:
			/ (?:better off (?:dead|without me)|(?:everyone|they|people) (?:would be|d be|are) better off without me)\b/
	},
	{
		id: 'kill-myself',
		pattern: / (?:(?:kill|killing|killed) myself|kms)\b/,
		unless: FIGURES_OF_SPEECH
	},
	{
		id: 'end-my-life',
		pattern: / (?:end|ending|take|taking) my (?:own )?life\b/
	},
	{ id: 'end-it-all', pattern: / (?:end|ending) (?:it all|everything|things for good)\b/ },
	{
		id: 'suicidal',
		pattern:
			/ (?:suicidal|(?:commit|committing|thinking about|thought about|thoughts of) suicide)\b/
	},
	{
		id: 'not-be-here',
		pattern:
			/ (?:dont|do not|no longer) want to (?:be here|be alive|live|exist|wake up)(?: anymore| any more)?\b/
	},
	{
		id: 'not-be-around',
		pattern: / (?:wont|will not) be (?:here|around) (?:much longer|anymore|any more|for long)\b/
	},
	{
		id: 'no-reason-to-live',
		pattern:
			/ (?:no reason to live|nothing (?:left )?to live for|no point (?:in )?(?:living|being alive|going on))\b/
	},
	{
		id: 'cant-go-on',
		pattern:
			/ (?:i )?(?:cant|can not|cannot) (?:go on|keep going|do this anymore) (?:like this|living|anymore|any more)\b/
	},
	{
		id: 'hurt-myself',
		pattern: / (?:hurt|hurting|harm|harming) myself\b/
	},
	{ id: 'self-harm', pattern: / self (?:harm|harming|injury|injuring)\b/ },
	{
		id: 'cutting',
		// "I cut myself cooking" is an accident, not a worry; "cutting myself" and "cut myself
		// again" speak of a habit. Tailing words that show a slice or slack are excluded.
		pattern: / (?:cutting myself|cut myself again|cut myself on purpose|started cutting again)\b/,
		unless: /^ (?:a|an|some|off|free|loose|slack|short)\b/
	},
	{ id: 'overdose', pattern: / (?:overdose|overdosing|take all (?:my|the) pills)\b/ },
	{
		id: 'a-plan',
		pattern:
			/ (?:have|made|got|making) a plan to (?:die|end it|end my life|kill myself|hurt myself)\b/
	},
	{
		id: 'goodbye',
		pattern:
			/ (?:this is (?:my )?(?:final |last )?goodbye|my (?:final|last) goodbye|goodbye forever|saying (?:my )?(?:final|last) goodbyes?)\b/
	}
];

export interface CrisisMatch {
	id: string;
}

/** The phrases found in `text`, each once, in list order. */
export function findCrisisLanguage(text: string): CrisisMatch[] {
	const normal = normalizeText(text);
	if (normal.length <= 2) return [];
	return CRISIS_PHRASES.flatMap((phrase) => (anyMatch(normal, phrase) ? [{ id: phrase.id }] : []));
}

export function hasCrisisLanguage(text: string): boolean {
	return findCrisisLanguage(text).length > 0;
}

function anyMatch(normal: string, { pattern, unless }: CrisisPhrase): boolean {
	const global = new RegExp(pattern.source, 'g');
	for (const match of normal.matchAll(global)) {
		const after = normal.slice(match.index + match[0].length);
		if (unless === undefined || !unless.test(after)) return true;
	}
	return false;
}
