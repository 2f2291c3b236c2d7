/**
 * Deleting a person's account on the server (DELETE /api/me): their posts leave every community
 * document, their journal room and everything the stores keep about them go, and what was
 * deleted is scrubbed from the disk.
 *
 * The order is chosen so that a failure part way can be retried: the identity, which the retry
 * needs to sign in with, goes last. Until then the person is marked as being erased, and the sync
 * endpoint refuses their new connections (see `isErasing`), so nothing they write lands behind
 * the eraser's back; their open connections are closed first (4401: the identity is going).
 *
 * Community documents: their pseudonyms can only ever have written in their own communities' rooms
 * (the gate holds every record's author to the writer's pseudonym there), so those rooms are the
 * ones looked through, every month, loaded or not. The deletion is a change the server makes
 * through the room (Room.changeAsServer): stored, then relayed to whoever is connected, and sent
 * to everyone else at their next sync like any other change. Each touched room's log is then
 * rebuilt from a garbage-collected document (the compactor), which drops the deleted records'
 * content from the stored bytes, and the room's first-sync pieces are reloaded from it.
 *
 * Nothing here logs content or ids: only counts.
 */
import type { IdentityStore } from '../identity/identity-store';
import type { Logger } from '../logger';
import type { ModerationStore } from '../moderation/moderation-store';
import type { ClientBindingStore } from '../store/client-binding-store';
import type { DocumentStore } from '../store/document-store';
import type { SyncEndpoint } from '../sync/sync-endpoint';
import { CLOSE } from '../sync/protocol';
import { eraseRecords } from './erase-records';

export interface ErasedCounts {
	/** Record entries deleted from community documents. */
	records: number;
	/** Community documents that held something of theirs, plus their journal when it existed. */
	rooms: number;
}

export interface AccountEraserOptions {
	identities: IdentityStore;
	moderation: ModerationStore;
	bindings: ClientBindingStore;
	documents: DocumentStore;
	/** The sync endpoint's rooms (given lazily: the endpoint is made after the API). */
	sync: () => Pick<SyncEndpoint, 'changeAsServer' | 'reloadRoom' | 'closeConnectionsOf'>;
	/** Rewrites a room's stored log at once from a garbage-collected document. */
	compactNow: (room: string) => Promise<void>;
	log: Logger;
}

export interface AccountEraser {
	/** Erases the person; rejects if any step fails (then a retry starts again, harmlessly). */
	erase(userId: string): Promise<ErasedCounts>;
	/** Whether the person is being erased right now: their new sync connections are refused. */
	isErasing(userId: string): boolean;
}

export function createAccountEraser(options: AccountEraserOptions): AccountEraser {
	const { identities, moderation, bindings, documents, log } = options;
	const erasing = new Map<string, Promise<ErasedCounts>>();

	async function eraseCommunities(authors: ReadonlySet<string>, communities: Set<string>) {
		const sync = options.sync();
		const counts: ErasedCounts = { records: 0, rooms: 0 };
		for (const communityId of communities) {
			for (const { room } of await documents.listRooms(`community:${communityId}:`)) {
				const records = await sync.changeAsServer(room, (doc) => eraseRecords(doc, authors));
				if (records === 0) continue;
				counts.records += records;
				counts.rooms += 1;
				await options.compactNow(room);
				await sync.reloadRoom(room);
			}
		}
		return counts;
	}

	async function erase(userId: string): Promise<ErasedCounts> {
		const pseudonyms = await identities.pseudonymsOf(userId);
		const authors = new Set(pseudonyms.map((pseudonym) => pseudonym.pseudonymId));
		await options.sync().closeConnectionsOf(userId, () => true, CLOSE.UNAUTHENTICATED);
		const counts = await eraseCommunities(
			authors,
			new Set(pseudonyms.map((pseudonym) => pseudonym.communityId))
		);
		const journal = `journal:${userId}`;
		if ((await documents.stats(journal)).pieces > 0) counts.rooms += 1;
		await documents.deleteRoom(journal);
		await moderation.forgetPerson(userId, [...authors]);
		await bindings.retire(userId);
		await identities.deleteIdentity(userId);
		// Identity, moderation and binding rows were deleted on their own connections, with
		// secure_delete; this checkpoints them out of the write-ahead log as well.
		await documents.scrubDeleted();
		log.info(`account: an account was deleted (${counts.records} records, ${counts.rooms} rooms)`);
		return counts;
	}

	return {
		erase(userId) {
			// Two requests at once (a retry racing the first) share one erasure.
			const running = erasing.get(userId);
			if (running) return running;
			const run = erase(userId).finally(() => erasing.delete(userId));
			erasing.set(userId, run);
			return run;
		},
		isErasing: (userId) => erasing.has(userId)
	};
}
