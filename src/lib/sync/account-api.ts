/**
 * Deleting the person's account on the server: `DELETE /api/me` with the confirmation
 * (docs/PROTOCOL.md, "DELETE /api/me"). The server answers with what it deleted.
 *
 * A 401 means the identity is gone: the answer to an earlier delete was lost and this is a
 * retry, so it counts as done. A fetch that never reached the server rejects with
 * `AccountOfflineError`; any other refusal is `AccountApiError` with the server's code.
 */

export const DELETE_CONFIRMATION = 'delete-everything';

export interface DeletedOnServer {
	/** Records removed from community documents, and the documents (and journal) touched. */
	deleted: { records: number; rooms: number } | null;
}

/** The request never reached the server: nothing was deleted. */
export class AccountOfflineError extends Error {
	override name = 'AccountOfflineError';
}

/** The server refused or failed; nothing is known to be deleted. */
export class AccountApiError extends Error {
	override name = 'AccountApiError';
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

export type AccountFetch = (input: string, init: RequestInit) => Promise<Response>;

export async function deleteAccountOnServer(
	token: string,
	options: { origin: string; fetch?: AccountFetch }
): Promise<DeletedOnServer> {
	const send = options.fetch ?? ((input, init) => fetch(input, init));
	let response: Response;
	try {
		response = await send(`${options.origin}/api/me`, {
			method: 'DELETE',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
			body: JSON.stringify({ confirm: DELETE_CONFIRMATION })
		});
	} catch (e: unknown) {
		throw new AccountOfflineError(e instanceof Error ? e.message : String(e), { cause: e });
	}
	const body: unknown = await response.json().catch(() => null);
	if (response.status === 401) return { deleted: null };
	if (!response.ok) {
		const { code, message } = errorOf(body);
		throw new AccountApiError(response.status, code, message);
	}
	return { deleted: countsOf(body) };
}

function errorOf(body: unknown): { code: string; message: string } {
	const error = fieldOf(body, 'error');
	const code = fieldOf(error, 'code');
	const message = fieldOf(error, 'message');
	return {
		code: typeof code === 'string' ? code : 'other',
		message: typeof message === 'string' ? message : 'The server refused.'
	};
}

function countsOf(body: unknown): DeletedOnServer['deleted'] {
	const deleted = fieldOf(body, 'deleted');
	const records = fieldOf(deleted, 'records');
	const rooms = fieldOf(deleted, 'rooms');
	return typeof records === 'number' && typeof rooms === 'number' ? { records, rooms } : null;
}

function fieldOf(value: unknown, name: string): unknown {
	if (typeof value !== 'object' || value === null) return undefined;
	return Object.getOwnPropertyDescriptor(value, name)?.value;
}
