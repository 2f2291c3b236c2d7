/**
 * Why a post starts folded, if it does. The author's own content note always folds it, whatever
 * the reader's settings; otherwise a post on a sensitive topic folds when the reader asked for that.
 */

import { sensitiveTopics, type SensitiveSource, type SensitiveTopic } from './sensitive-topics';

export type FoldReason =
	{ kind: 'note'; note: string } | { kind: 'topics'; topics: SensitiveTopic[] } | null;

export function foldReason(post: SensitiveSource, foldSensitive: boolean): FoldReason {
	if (post.contentWarning !== null && post.contentWarning.trim() !== '') {
		return { kind: 'note', note: post.contentWarning };
	}
	if (!foldSensitive) return null;
	const topics = sensitiveTopics(post);
	return topics.length === 0 ? null : { kind: 'topics', topics };
}
