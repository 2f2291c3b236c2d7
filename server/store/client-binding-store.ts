/**
 * Which person each Yjs client id belongs to. Yjs picks a fresh client id every time the app
 * starts, so a person gathers many; each is bound to the first person seen writing with it and
 * stays theirs for good, so no one can write items under another person's client id (which Yjs
 * would take for that person's own edits, and which would corrupt their history).
 *
 * Implemented by `sqlite-client-binding-store.ts` (the server) and `memory-client-binding-store.ts`
 * (tests); both pass `client-binding-store.contract.ts`.
 */

export interface ClientBindingStore {
	/**
	 * Binds every unbound id in `clientIds` to `userId`, all at once, unless one of them is
	 * already bound to someone else: then nothing is bound and that id is returned. Returns null
	 * when all of them are now `userId`'s.
	 */
	claim(userId: string, clientIds: readonly number[]): Promise<number | null>;
	/** The person a client id is bound to, or null. */
	ownerOf(clientId: number): Promise<string | null>;
	/**
	 * Unbinds a deleted person's client ids from them: each stays taken (bound to RETIRED_OWNER),
	 * since their items remain in documents as bare structure and a new writer under one of those
	 * ids would corrupt them, but nothing links the ids to the person any more.
	 */
	retire(userId: string): Promise<void>;
	close(): Promise<void>;
}

/** Who holds a deleted person's client ids: no one (user ids are 26 base32 letters). */
export const RETIRED_OWNER = '-retired-';

/** A client id is an unsigned integer a JS number holds exactly (what a Yjs update can carry). */
export function isClientId(value: number): boolean {
	return Number.isSafeInteger(value) && value >= 0;
}

/** The binding store was closed; the server is shutting down. */
export class BindingStoreClosedError extends Error {
	override name = 'BindingStoreClosedError';
	constructor() {
		super('The client binding store is closed.');
	}
}
