/**
 * What a sync close code means for the client (docs/PROTOCOL.md, "Close codes"), and the
 * problems a person may need to hear about. Codes 4400–4499 are the server's deliberate
 * refusals: retrying cannot help, except for 4401, which a fresh token fixes.
 */
export type SyncProblem =
	| { kind: 'forbidden' }
	| { kind: 'unknown-room' }
	| { kind: 'rejected' }
	/** The server refused a change under its rules (docs/PROTOCOL.md: 4422). */
	| { kind: 'refused-change' }
	| { kind: 'too-large' }
	| { kind: 'too-many' }
	| { kind: 'signed-out' };

export type CloseDecision =
	{ action: 'retry' } | { action: 'renew-token' } | { action: 'stop'; problem: SyncProblem };

const STOPPING: Readonly<Record<number, SyncProblem>> = {
	4400: { kind: 'rejected' },
	4403: { kind: 'forbidden' },
	4404: { kind: 'unknown-room' },
	4413: { kind: 'too-large' },
	4422: { kind: 'refused-change' },
	4429: { kind: 'too-many' }
};

/**
 * `null` is a close the client made itself (the provider's silence watchdog): retry. Unknown
 * codes, including the rest of 44xx, retry too: a client older than its server should keep
 * trying with backoff rather than stop for good on a code it cannot read.
 */
export function decideOnClose(code: number | null): CloseDecision {
	if (code === 4401) return { action: 'renew-token' };
	const problem = code === null ? undefined : STOPPING[code];
	return problem ? { action: 'stop', problem } : { action: 'retry' };
}

/** Thrown by a `getToken` whose API call answered 401: the person must sign in again. */
export class SignedOutError extends Error {
	override name = 'SignedOutError';
	constructor(message = 'The session has ended; sign in again to sync.') {
		super(message);
	}
}
