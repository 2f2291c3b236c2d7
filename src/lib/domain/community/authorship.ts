/**
 * Who may change a record: its author. Moderators hide through marks instead (see DESIGN.md),
 * and the server enforces their rights; this is the rule a client applies to its own writes,
 * so that it never makes a change the server would refuse.
 */

export class NotAuthorError extends Error {
	readonly code = 'not-author';

	constructor(
		readonly recordId: string,
		readonly author: string,
		readonly actor: string
	) {
		super(`Only its author may change record ${recordId}`);
		this.name = 'NotAuthorError';
	}
}

export function assertAuthor(record: { id: string; author: string }, actor: string): void {
	if (record.author !== actor) throw new NotAuthorError(record.id, record.author, actor);
}
