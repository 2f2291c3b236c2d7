/**
 * What a sync close code means for the client (docs/PROTOCOL.md, "Close codes"), and the
 * problems a person may need to hear about. Codes 4400–4499 are the server's deliberate
 * refusals: retrying cannot help, except for 4401, which a fresh token fixes, and a 4429
 * `too-many-changes`, which waiting fixes.
 */
export type SyncProblem =
	| { kind: 'forbidden' }
	| { kind: 'unknown-room' }
	| { kind: 'rejected' }
	/**
	 * The server refused a change under its rules (docs/PROTOCOL.md: 4422); `rule` is the one the
	 * close reason named (`refused change: <rule>`), null when it named none.
	 */
	| { kind: 'refused-change'; rule: string | null }
	| { kind: 'too-large' }
	| { kind: 'too-many' }
	/**
	 * The server asked this person to slow down (4429 `too-many-changes`): the connection waits
	 * `retryAfterMs`, then reconnects, and the unsent changes go again with its handshake.
	 */
	| { kind: 'slow-down'; retryAfterMs: number }
	| { kind: 'signed-out' };

export type CloseDecision =
	| { action: 'retry' }
	| { action: 'renew-token' }
	/** 4403: this token no longer writes (a mute, a demotion): ask for a fresh one, maybe read-only. */
	| { action: 'renew-access' }
	| { action: 'stop'; problem: SyncProblem }
	/** 4429 `too-many-changes`: nothing is lost; connect again once `delayMs` has passed. */
	| { action: 'wait'; delayMs: number; problem: SyncProblem };

const STOPPING: Readonly<Record<number, SyncProblem>> = {
	4400: { kind: 'rejected' },
	4404: { kind: 'unknown-room' },
	4413: { kind: 'too-large' },
	4429: { kind: 'too-many' }
};

/**
 * `null` is a close the client made itself (the provider's silence watchdog): retry. Unknown
 * codes, including the rest of 44xx, retry too: a client older than its server should keep
 * trying with backoff rather than stop for good on a code it cannot read.
 */
export function decideOnClose(code: number | null, reason = ''): CloseDecision {
	if (code === 4401) return { action: 'renew-token' };
	if (code === 4403) return { action: 'renew-access' };
	if (code === 4422)
		return { action: 'stop', problem: { kind: 'refused-change', rule: ruleOf(reason) } };
	if (code === 4429 && reason.startsWith(TOO_MANY_CHANGES)) return slowDown(reason);
	const problem = code === null ? undefined : STOPPING[code];
	return problem ? { action: 'stop', problem } : { action: 'retry' };
}

const REFUSED_PREFIX = 'refused change:';

/** The rule a 4422's reason names; a rule is a short code (`blocked`, `not-author`), never content. */
function ruleOf(reason: string): string | null {
	if (!reason.startsWith(REFUSED_PREFIX)) return null;
	const rule = reason.slice(REFUSED_PREFIX.length).trim();
	return /^[a-z][a-z-]{0,40}$/.test(rule) ? rule : null;
}

const TOO_MANY_CHANGES = 'too-many-changes';
/** When a 4429 `too-many-changes` names no usable wait (an older or odd server). */
export const DEFAULT_SLOW_DOWN_MS = 60_000;
/** The longest wait a server may ask for; a client asked for more comes back sooner to ask again. */
export const MAX_SLOW_DOWN_MS = 24 * 60 * 60 * 1000;

/** `too-many-changes retry-after=<seconds>` (docs/PROTOCOL.md): wait that long, within bounds. */
function slowDown(reason: string): CloseDecision {
	const seconds = /(?:^|\s)retry-after=(\d{1,9})(?:\s|$)/.exec(reason)?.[1];
	const asked = seconds === undefined ? DEFAULT_SLOW_DOWN_MS : Number(seconds) * 1000;
	const delayMs = Math.min(Math.max(asked, 1000), MAX_SLOW_DOWN_MS);
	return { action: 'wait', delayMs, problem: { kind: 'slow-down', retryAfterMs: delayMs } };
}

/** Thrown by a `getToken` whose API call answered 401: the person must sign in again. */
export class SignedOutError extends Error {
	override name = 'SignedOutError';
	constructor(message = 'The session has ended; sign in again to sync.') {
		super(message);
	}
}
