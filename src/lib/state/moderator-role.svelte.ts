/**
 * Which communities this person moderates, as the server last said (`GET /api/me` → `roles`), for
 * the rooms: the moderation state (`moderation.svelte.ts`) fetches and keeps the roles and hands
 * them over here, so a room does not load the moderators' screens to know. Unknown means "not a
 * moderator": tools appear only once the server has said so, and it checks every change anyway.
 */

/** What the server says in `GET /api/me` → `roles`. */
export interface Roles {
	admin: boolean;
	moderates: readonly string[];
}

class ModeratorRole {
	#roles = $state.raw<Roles>({ admin: false, moderates: [] });

	/** Whether this person may hide, unhide and remove in the community. */
	moderates(communityId: string): boolean {
		return this.#roles.admin || this.#roles.moderates.includes(communityId);
	}

	/** Takes the roles the server gave; null (it could not be asked) keeps what was known. */
	set(roles: Roles | null): void {
		if (roles !== null) this.#roles = roles;
	}
}

export const moderatorRole = new ModeratorRole();
