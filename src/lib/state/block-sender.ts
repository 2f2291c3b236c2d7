/**
 * Sends a person's block list to the server, so it can refuse a blocked person's replies and
 * reactions to their posts (`PUT /api/communities/:communityId/blocks`, which replaces the whole
 * list). The list is kept on the device first (blocks.svelte.ts); which communities' lists still
 * have to reach the server is kept too, so a change made offline, or one the server could not take
 * yet (no pseudonym there: 409), goes out when a connection appears, after a reload as well.
 */
import type { CommunityRepository } from '../storage/community.repository';

export interface BlockSenderDeps {
	store: Pick<CommunityRepository, 'loadBlocksToSend' | 'saveBlocksToSend'>;
	/** The pseudonym ids blocked in a community, as the device holds them now. */
	blockedIn(communityId: string): readonly string[];
	origin: string;
	sessionToken(): Promise<string>;
	online(): boolean;
	fetch?: typeof fetch;
}

export class BlockSender {
	#deps: BlockSenderDeps | null = null;
	#toSend = new Set<string>();
	#sending: Promise<void> | null = null;
	/** Set when a change came while sending, so the round goes again. */
	#again = false;

	/** Communities whose list has not reached the server yet. */
	get waiting(): readonly string[] {
		return [...this.#toSend];
	}

	async attach(deps: BlockSenderDeps): Promise<void> {
		this.#deps = deps;
		for (const id of await deps.store.loadBlocksToSend()) this.#toSend.add(id);
		await this.flush();
	}

	/** The list changed in this community: remember to send it, and try now. Never throws. */
	async changed(communityId: string): Promise<void> {
		this.#toSend.add(communityId);
		// A device too full to note it still sends it now; only a reload before that would forget.
		await this.#deps?.store.saveBlocksToSend([...this.#toSend]).catch(() => {});
		await this.flush();
	}

	/** Sends every waiting list; what fails stays waiting for the next connection. Never throws. */
	async flush(): Promise<void> {
		if (this.#sending !== null) {
			this.#again = true;
			return this.#sending;
		}
		this.#sending = this.#sendAll().finally(() => {
			this.#sending = null;
		});
		await this.#sending;
		if (this.#again) {
			this.#again = false;
			await this.flush();
		}
	}

	async #sendAll(): Promise<void> {
		const deps = this.#deps;
		if (deps === null || this.#toSend.size === 0 || !deps.online()) return;
		let changed = false;
		for (const communityId of [...this.#toSend]) {
			if (await this.#send(deps, communityId)) {
				this.#toSend.delete(communityId);
				changed = true;
			}
		}
		// A device too full to note it only sends the same list again next time.
		if (changed) await deps.store.saveBlocksToSend([...this.#toSend]).catch(() => {});
	}

	/** Whether the server now holds the community's list. */
	async #send(deps: BlockSenderDeps, communityId: string): Promise<boolean> {
		try {
			const session = await deps.sessionToken();
			const response = await (deps.fetch ?? globalThis.fetch)(
				`${deps.origin}/api/communities/${encodeURIComponent(communityId)}/blocks`,
				{
					method: 'PUT',
					headers: { 'content-type': 'application/json', authorization: `Bearer ${session}` },
					body: JSON.stringify({ blocked: [...new Set(deps.blockedIn(communityId))] })
				}
			);
			// 404: the community is gone from the server; nothing there to protect any more.
			return response.ok || response.status === 404;
		} catch {
			// Offline, signed out or the server away: it stays waiting for the next connection.
			return false;
		}
	}
}

export const blockSender = new BlockSender();
