/**
 * A week of a community's life, planned before anyone writes it: who posts what, in which order,
 * at what time. Threads and replies are plain records as the app writes them
 * (`domain/community/records.ts`), each checked by the server's own parser, dated with each
 * writer's hybrid logical clock node, and spread over the window in time order. Replies go mostly
 * to recent threads, as conversation does. Seeded: the same plan on every run.
 */
import { parseReply, parseThread } from '../../src/lib/domain/community/parse-community-record';
import type { Reply, ThreadHeader } from '../../src/lib/domain/community/records';
import { formatHlc } from '../../src/lib/domain/journal/hlc';
import type { ForumText } from '../fixtures/forum-text';
import { seededId } from '../fixtures/seeded-text';

export interface Writer {
	/** The pseudonym id records carry as `author`. */
	author: string;
	/** The name under that pseudonym, as the community's `members` map holds it. */
	name: string;
	/** The writer's hybrid logical clock node id. */
	node: string;
}

export type Post =
	| { writer: number; kind: 'thread'; record: ThreadHeader }
	| { writer: number; kind: 'reply'; record: Reply };

export interface WeekOptions {
	writers: readonly Writer[];
	threads: number;
	replies: number;
	/** Epoch milliseconds; posts are dated between these, in order. */
	from: number;
	to: number;
	/** Threads already in the community that replies may answer, oldest first. */
	earlierThreads?: readonly string[];
	random: () => number;
	text: ForumText;
}

/** Replies answer one of this many most recent threads. */
const LIVELY_THREADS = 40;

export function planWeek(options: WeekOptions): Post[] {
	const { writers, random, text } = options;
	const count = options.threads + options.replies;
	const span = Math.max(1, options.to - options.from);
	const walls = Array.from(
		{ length: count },
		() => options.from + Math.floor(random() * span)
	).sort((a, b) => a - b);
	// Which posts are threads: spread evenly through the week, the first one always a thread.
	const threadSlots = new Set(
		Array.from({ length: options.threads }, (_, i) => Math.floor((i * count) / options.threads))
	);
	const threads = [...(options.earlierThreads ?? [])];
	let counter = 0;
	return walls.map((wall, slot): Post => {
		const writer = Math.floor(random() * writers.length);
		const { author, node } = writers[writer] ?? { author: '', node: '' };
		const at = formatHlc({ wall, counter: counter++ % 1000, node });
		if (threadSlots.has(slot) || threads.length === 0) {
			const record = parseThread({
				id: seededId(random),
				author,
				at,
				title: text.title(),
				body: text.threadBody(),
				contentWarning: null,
				tags: [],
				editedAt: null
			});
			threads.push(record.id);
			return { writer, kind: 'thread', record };
		}
		const recent = threads.slice(-LIVELY_THREADS);
		const thread = recent[Math.floor((1 - random() ** 2) * recent.length)] ?? threads[0] ?? '';
		const record = parseReply({
			id: seededId(random),
			thread,
			author,
			at,
			body: text.reply(),
			contentWarning: null,
			editedAt: null
		});
		return { writer, kind: 'reply', record };
	});
}

/** The ids of the threads among `posts`, in order. */
export function threadIds(posts: readonly Post[]): string[] {
	return posts.filter((post) => post.kind === 'thread').map((post) => post.record.id);
}
