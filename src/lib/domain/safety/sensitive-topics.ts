/**
 * Which sensitive topics a post touches, so a person who asked for it can have such posts folded
 * until they choose to open them. A post is sensitive when its content note, its tags or its text
 * name a topic's keyword as whole words (after `normalizeText`, so "Self-Harm" and "self harm"
 * are the same).
 *
 * Like the crisis check, this is a courtesy, not a filter: it misses posts that talk around a
 * topic and folds a few that merely mention one. Folding hides nothing for good; one tap opens it.
 */

import { normalizeText } from './normalize-text';

export const SENSITIVE_TOPICS = ['self-harm', 'suicide', 'eating', 'substances', 'abuse'] as const;

export type SensitiveTopic = (typeof SENSITIVE_TOPICS)[number];

/** Whole words or phrases, normalised (lower case, no apostrophes, single spaces). */
export const TOPIC_KEYWORDS: Readonly<Record<SensitiveTopic, readonly string[]>> = {
	'self-harm': [
		'self harm',
		'selfharm',
		'self harming',
		'self injury',
		'cutting myself',
		'cut myself',
		'hurting myself',
		'hurt myself',
		'burning myself',
		'sh'
	],
	suicide: [
		'suicide',
		'suicidal',
		'kill myself',
		'killing myself',
		'end my life',
		'want to die',
		'wanting to die',
		'better off dead'
	],
	eating: [
		'eating disorder',
		'eating disorders',
		'ed',
		'anorexia',
		'anorexic',
		'bulimia',
		'bulimic',
		'binge',
		'binging',
		'bingeing',
		'purge',
		'purging',
		'calories',
		'starving myself',
		'restricting food',
		'arfid'
	],
	substances: [
		'alcohol',
		'alcoholic',
		'drunk',
		'drinking problem',
		'addiction',
		'addicted',
		'relapse',
		'relapsed',
		'sober',
		'sobriety',
		'drugs',
		'overdose',
		'overdosed',
		'opioids',
		'heroin',
		'cocaine',
		'meth',
		'substance use',
		'substances'
	],
	abuse: [
		'abuse',
		'abused',
		'abuser',
		'abusive',
		'assault',
		'assaulted',
		'rape',
		'raped',
		'domestic violence',
		'molested',
		'grooming',
		'groomed',
		'coercive control'
	]
};

export interface SensitiveSource {
	contentWarning: string | null;
	tags?: readonly string[];
	/** The title and body, or a reply's body. */
	text: string;
}

/**
 * Short keywords ("sh", "ed") are only read from content notes and tags, where they are meant as
 * topic names; in running text they are too often something else ("she'd" reads "shed").
 */
const LABEL_ONLY = new Set(['sh', 'ed']);

/** The topics `post` touches, in `SENSITIVE_TOPICS` order. */
export function sensitiveTopics({
	contentWarning,
	tags = [],
	text
}: SensitiveSource): SensitiveTopic[] {
	const labels = normalizeText([contentWarning ?? '', ...tags].join(' \n '));
	const body = normalizeText(text);
	return SENSITIVE_TOPICS.filter((topic) =>
		TOPIC_KEYWORDS[topic].some(
			(keyword) =>
				labels.includes(` ${keyword} `) ||
				(!LABEL_ONLY.has(keyword) && body.includes(` ${keyword} `))
		)
	);
}
