/**
 * What this phone knows of a reported post, read from the community's room when it is open here:
 * its words (so a moderator reads before acting), who wrote it (for a warning or a pause), and
 * whether it is hidden now. Null when the room is not open or does not hold the post.
 */
import type { Report } from '$lib/domain/moderation/moderation-records';
import { threadOfReport } from '$lib/domain/moderation/moderation-records';
import type { CommunityRoom } from '$lib/state/community-room.svelte';

export interface ReportedPost {
	title: string | null;
	body: string;
	authorId: string;
	authorName: string;
	hidden: boolean;
}

export function reportedPost(room: CommunityRoom | null, report: Report): ReportedPost | null {
	const threadId = threadOfReport(report);
	if (room === null || threadId === null) return null;
	const thread = room.thread(threadId);
	if (thread === null) return null;
	const hidden = room.markOf(report.target.id)?.hidden === true;
	if (report.target.kind === 'thread') {
		return {
			title: thread.title,
			body: thread.body,
			authorId: thread.author.id,
			authorName: thread.author.name,
			hidden
		};
	}
	const reply = thread.replies.find((r) => r.id === report.target.id);
	if (reply === undefined) return null;
	return {
		title: null,
		body: reply.body,
		authorId: reply.author.id,
		authorName: reply.author.name,
		hidden
	};
}
