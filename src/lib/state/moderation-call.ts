/**
 * One authenticated moderation call, and the one place its failures get their names: the notices
 * and moderation states both go through `authedCall`, so "no connection", "not for you" and "the
 * server said no" are told apart the same way everywhere, and the pages turn each code into calm
 * words.
 */
import { MalformedAnswerError } from '../domain/moderation/moderation-records';
import { ModerationApiError, type ModerationClient } from '../sync/moderation-client';
import { SignedOutError } from '../sync/sync-problem';
import { IdentityNotReadyError, NameTakenError } from './identity-errors';

/** What moderation needs of the person's identity (`identity.svelte.ts` provides it). */
export interface ModerationSession {
	/** Known once keys are derived (`loadKeys`): copies on the device are kept per person. */
	readonly userId: string | null;
	/** Whether the person finished set-up: before that there is no one to ask the server about. */
	readonly setupComplete: boolean;
	loadKeys(): Promise<void>;
	sessionToken(): Promise<string>;
	/** A call was refused with this token (401): the next `sessionToken` signs in again. */
	sessionRefused(token: string): void;
}

export type ModerationErrorCode =
	/** No connection to the server (or the server is away). */
	| 'offline'
	/** The person is not set up or not signed in on this device yet. */
	| 'signed-out'
	/** Only the community's moderators (and administrators) may do this. */
	| 'forbidden'
	/** Someone else dealt with this report already. */
	| 'already-resolved'
	/** The second look was asked for already. */
	| 'already-asked'
	/** There is nothing for moderators to look at again (say, the post is back already). */
	| 'nothing-to-review'
	/** The report, notice, person or community is not there (any more). */
	| 'not-found'
	/** The server refused what was sent (`field` names the field). */
	| 'invalid'
	/** Hiding or removing needs the community open on this device (joined). */
	| 'needs-room'
	/** Anything else: the server had trouble, or answered something unreadable. */
	| 'failed';

export class ModerationError extends Error {
	override name = 'ModerationError';
	constructor(
		readonly code: ModerationErrorCode,
		options?: ErrorOptions
	) {
		super(`Moderation call failed: ${code}`, options);
	}
}

const BY_API_CODE: Readonly<Record<string, ModerationErrorCode>> = {
	forbidden: 'forbidden',
	'already-resolved': 'already-resolved',
	'already-asked': 'already-asked',
	'nothing-to-review': 'nothing-to-review',
	'unknown-report': 'not-found',
	'unknown-notice': 'not-found',
	'unknown-community': 'not-found',
	'not-found': 'not-found',
	'invalid-body': 'invalid'
};

/** Names any failure of a moderation call; a ModerationError passes through as it is. */
export function toModerationError(e: unknown): ModerationError {
	if (e instanceof ModerationError) return e;
	// fetch rejects with a TypeError when the request never reached the server.
	if (e instanceof TypeError) return new ModerationError('offline', { cause: e });
	if (
		e instanceof SignedOutError ||
		e instanceof IdentityNotReadyError ||
		e instanceof NameTakenError
	) {
		return new ModerationError('signed-out', { cause: e });
	}
	if (e instanceof ModerationApiError) {
		if (e.status === 401) return new ModerationError('signed-out', { cause: e });
		return new ModerationError(BY_API_CODE[e.code] ?? 'failed', { cause: e });
	}
	if (e instanceof MalformedAnswerError) return new ModerationError('failed', { cause: e });
	return new ModerationError('failed', { cause: e });
}

/**
 * Runs `call` with a session token; a 401 signs in again, once, without bothering the person.
 * Every failure comes out as a `ModerationError`.
 */
export async function authedCall<T>(
	session: ModerationSession,
	client: ModerationClient,
	call: (client: ModerationClient, token: string) => Promise<T>
): Promise<T> {
	try {
		const token = await session.sessionToken();
		try {
			return await call(client, token);
		} catch (e: unknown) {
			if (!(e instanceof ModerationApiError && e.status === 401)) throw e;
			session.sessionRefused(token);
		}
		return await call(client, await session.sessionToken());
	} catch (e: unknown) {
		throw toModerationError(e);
	}
}
