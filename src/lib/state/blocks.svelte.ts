/**
 * The person's block list, kept with their settings on this device. Blocking hides a community
 * pseudonym's posts, replies and reactions from this person's view in that community; nothing is
 * deleted and nobody is told, and undoing it brings everything back. Each change also goes to the
 * server (block-sender.ts), which then refuses the blocked person's replies and reactions to this
 * person's posts.
 */
import {
	addBlock,
	blockedIn,
	isBlocked,
	removeBlock,
	type BlockedPerson
} from '../domain/safety/block-list';
import { blockSender } from './block-sender';
import { settings } from './settings.svelte';

class BlocksState {
	readonly list: readonly BlockedPerson[] = $derived(settings.values.blocked);

	/** Pseudonym ids blocked in one community; reactive, so views re-derive when it changes. */
	in(communityId: string): ReadonlySet<string> {
		return blockedIn(this.list, communityId);
	}

	has(communityId: string, pseudonymId: string): boolean {
		return isBlocked(this.list, communityId, pseudonymId);
	}

	async block(
		community: { id: string; name: string },
		person: { id: string; name: string },
		now = Date.now()
	): Promise<void> {
		const entry: BlockedPerson = {
			communityId: community.id,
			communityName: community.name,
			pseudonymId: person.id,
			name: person.name,
			blockedAt: now
		};
		await settings.set('blocked', addBlock(this.list, entry));
		void blockSender.changed(community.id);
	}

	async unblock(communityId: string, pseudonymId: string): Promise<void> {
		await settings.set('blocked', removeBlock(this.list, communityId, pseudonymId));
		void blockSender.changed(communityId);
	}

	/** The pseudonym ids blocked in one community, as the server's copy takes them. */
	idsIn(communityId: string): string[] {
		return [...this.in(communityId)];
	}
}

export const blocks = new BlocksState();
