/**
 * `foldReason`, remembered per record. A list re-renders its cards whenever the community
 * changes, and reading a post's topics (normalising its text, then looking for every keyword) is
 * the costly part of a card; a record's topics change only when its words do, so they are kept
 * under its id with the words they were read from, and read again only when those differ.
 */

import { foldReason, type FoldReason } from './fold-reason';
import { sensitiveTopics, type SensitiveSource, type SensitiveTopic } from './sensitive-topics';

interface Kept {
	labels: string;
	text: string;
	topics: SensitiveTopic[];
}

/** Enough for every card a long scroll shows; the oldest are dropped past it. */
const DEFAULT_LIMIT = 5000;

export class FoldCache {
	#kept = new Map<string, Kept>();

	constructor(private readonly limit = DEFAULT_LIMIT) {}

	/** What `foldReason(post, foldSensitive)` says, reading the topics of `id` at most once per text. */
	reasonFor(id: string, post: SensitiveSource, foldSensitive: boolean): FoldReason {
		// A content note folds whatever the topics, and a reader who does not fold topics needs none.
		if (!foldSensitive || (post.contentWarning !== null && post.contentWarning.trim() !== '')) {
			return foldReason(post, foldSensitive);
		}
		const topics = this.topicsOf(id, post);
		return topics.length === 0 ? null : { kind: 'topics', topics };
	}

	topicsOf(id: string, post: SensitiveSource): SensitiveTopic[] {
		const labels = [post.contentWarning ?? '', ...(post.tags ?? [])].join('\n');
		const known = this.#kept.get(id);
		if (known !== undefined && known.labels === labels && known.text === post.text) {
			return known.topics;
		}
		const topics = sensitiveTopics(post);
		this.#kept.delete(id);
		this.#kept.set(id, { labels, text: post.text, topics });
		if (this.#kept.size > this.limit) {
			const oldest = this.#kept.keys().next();
			if (oldest.done !== true) this.#kept.delete(oldest.value);
		}
		return topics;
	}

	get size(): number {
		return this.#kept.size;
	}
}
