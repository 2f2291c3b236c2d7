/**
 * The two ways to delete everything (Settings, DeleteEverything.svelte):
 *
 * - `wipeDevice()`: everything Hearth keeps on this phone goes (the database with the journal,
 *   settings, community copies and the identity; data in Cache Storage), then the app starts
 *   afresh at /welcome with a full reload, so nothing of the old session stays in memory. Works
 *   offline. Posts already in communities stay there.
 * - `deleteAccount()`: the server deletes the account first (posts and replies in every
 *   community, the journal room, the identity; sync/account-api.ts), then the device is wiped.
 *   Needs a connection; if the server cannot be reached, nothing at all is deleted, so the
 *   person is never left with a wiped phone and an account still on the server.
 *
 * An identity that never registered has nothing on the server: deleting the account then only
 * wipes the device. A 401 from the server means the account is already gone (an earlier answer
 * was lost), which counts as done.
 */
import { deleteAccountOnServer, AccountOfflineError } from '../sync/account-api';
import { clearCachedData, deleteAllStorage } from '../storage/delete-all-storage';
import { closeStorage } from './app.svelte';
import { SignedOutError } from '../sync/sync-problem';
import { identity, IdentityNotReadyError, NameTakenError } from './identity.svelte';

export type DeleteProblem =
	/** The server could not be reached: nothing was deleted. */
	| 'offline'
	/** The server refused or failed: nothing was deleted. */
	| 'server'
	/** This phone would not let its storage be deleted. */
	| 'device'
	/** The identity is still loading. */
	| 'not-ready';

export class DeleteEverythingError extends Error {
	override name = 'DeleteEverythingError';
	constructor(
		readonly problem: DeleteProblem,
		options?: ErrorOptions
	) {
		super(`Could not delete everything (${problem}).`, options);
	}
}

export interface DeleteEverythingDeps {
	/** Whether this identity may have registered with the server (tried, at least). */
	registered(): boolean;
	sessionToken(): Promise<string>;
	deleteOnServer(token: string): Promise<unknown>;
	closeStorage(): Promise<void>;
	deleteStorage(): Promise<void>;
	clearCaches(): Promise<void>;
	/** Leaves for /welcome with a full reload. */
	restart(): void;
}

export function createDeleteEverything(deps: DeleteEverythingDeps) {
	async function wipeDevice(): Promise<void> {
		try {
			// Closed for good first, so nothing still running (a sync, a save) writes it back.
			await deps.closeStorage();
			await deps.deleteStorage();
			await deps.clearCaches();
		} catch (e: unknown) {
			throw new DeleteEverythingError('device', { cause: e });
		}
		deps.restart();
	}

	async function deleteAccount(): Promise<void> {
		if (deps.registered()) await deleteOnServer();
		await wipeDevice();
	}

	async function deleteOnServer(): Promise<void> {
		let token: string;
		try {
			token = await deps.sessionToken();
		} catch (e: unknown) {
			// Registration never got past the name: nothing of theirs is on the server.
			if (e instanceof NameTakenError) return;
			if (e instanceof IdentityNotReadyError) throw new DeleteEverythingError('not-ready');
			if (e instanceof SignedOutError) throw new DeleteEverythingError('server', { cause: e });
			// The sign-in's fetch itself failed: no connection.
			throw new DeleteEverythingError('offline', { cause: e });
		}
		try {
			await deps.deleteOnServer(token);
		} catch (e: unknown) {
			const problem = e instanceof AccountOfflineError ? 'offline' : 'server';
			throw new DeleteEverythingError(problem, { cause: e });
		}
	}

	return { wipeDevice, deleteAccount };
}

export const deleteEverything = createDeleteEverything({
	registered: () => identity.registration.kind !== 'unregistered',
	sessionToken: () => identity.sessionToken(),
	deleteOnServer: (token) => deleteAccountOnServer(token, { origin: location.origin }),
	closeStorage,
	deleteStorage: () => deleteAllStorage(),
	clearCaches: () => clearCachedData(),
	restart: () => location.replace('/welcome')
});
