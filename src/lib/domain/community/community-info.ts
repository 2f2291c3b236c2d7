/**
 * A community as the operator describes it and the API lists it (`GET /api/communities`). The
 * id is a lower-case slug that appears in room names, URLs and the label of each person's
 * pseudonym key there, so it never changes once people have used it.
 */
export interface CommunityInfo {
	id: string;
	name: string;
	description: string;
	/** Short plain sentences, shown and accepted before a person first posts. */
	guidelines: string[];
	/** Names this text of the guidelines (16 hex digits); absent from servers that predate it. */
	guidelinesVersion?: string;
}
