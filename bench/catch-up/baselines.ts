/**
 * What catching up is judged beside.
 *
 * - The floor: the new text alone (titles and bodies, newline-joined), gzipped at level 9. No
 *   sync can send less without losing words, since it must also say who wrote what and where.
 * - The baseline: what most forum apps do, a JSON API answering "threads and replies since T"
 *   with ids, authors, author names and times, gzipped at level 6 as web servers do.
 */
import { gzipSync } from 'node:zlib';
import { parseHlc } from '../../src/lib/domain/journal/hlc';
import type { Post, Writer } from './community-week';

/** The words people wrote, one post's parts to a line. */
export function postTexts(posts: readonly Post[]): string {
	return posts
		.map((post) =>
			post.kind === 'thread' ? `${post.record.title}\n${post.record.body}` : post.record.body
		)
		.join('\n');
}

export function gzipFloorBytes(posts: readonly Post[]): number {
	return gzipSync(Buffer.from(postTexts(posts)), { level: 9 }).byteLength;
}

/** The answer a plain JSON forum API would give for these posts. */
export function jsonApiAnswer(posts: readonly Post[], writers: readonly Writer[]): string {
	const authorName = (writer: number) => writers[writer]?.name ?? '';
	const createdAt = (at: string) => new Date(parseHlc(at).wall).toISOString();
	const threads = [];
	const replies = [];
	for (const post of posts) {
		const { id, author, at, body } = post.record;
		if (post.kind === 'thread') {
			const { title } = post.record;
			threads.push({
				id,
				author,
				authorName: authorName(post.writer),
				createdAt: createdAt(at),
				title,
				body
			});
		} else {
			const { thread } = post.record;
			replies.push({
				id,
				thread,
				author,
				authorName: authorName(post.writer),
				createdAt: createdAt(at),
				body
			});
		}
	}
	return JSON.stringify({ threads, replies });
}

export function jsonApiGzipBytes(posts: readonly Post[], writers: readonly Writer[]): number {
	return gzipSync(Buffer.from(jsonApiAnswer(posts, writers)), { level: 6 }).byteLength;
}
