/**
 * The y-websocket wire protocol as Hearth's server speaks it, byte by byte. Every message is one
 * binary WebSocket frame; integers are lib0 varUints (7 bits a byte, low bits first, high bit set
 * on every byte but the last); byte arrays are a varUint length followed by that many bytes.
 *
 *   sync            [0] [0] <state vector>      step 1: "this is what I have", answered by step 2
 *                   [0] [1] <update>            step 2: "what you lacked"; the client marks itself
 *                                               synced on the first one it receives
 *                   [0] [2] <update>            update: a change, relayed as it happens
 *   awareness       [1] <awareness update>      presence; never stored
 *   auth            [2] ...                     server → client only (permission denied); refused
 *                                               from a client
 *   query-awareness [3]                         "send me everyone's presence"
 *
 * Updates are Yjs v1 updates. A state vector is a varUint count, then that many
 * (client id, clock) varUint pairs. An awareness update is a varUint count, then that many
 * (client id varUint, clock varUint, state as JSON text in a byte array).
 *
 * Decoding is strict: every length is checked against what is left, nothing may follow the last
 * field, and payloads are copied out so that later decoders (lib0, Yjs) work on an exact buffer
 * and cannot read past it into a pooled one. A stock client never sends anything this refuses.
 */
import * as encoding from 'lib0/encoding';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/** A Yjs v1 update with no structs and no deletions: zero clients, zero delete-set clients. */
export const EMPTY_UPDATE: Uint8Array = Uint8Array.of(0, 0);

/**
 * Close codes. The stock client stops reconnecting on 4400–4499 (a decision reconnecting cannot
 * change) and retries on everything else, so temporary trouble must use a code outside that band.
 *
 * | code | name                 | when                                                       | client  |
 * | ---- | -------------------- | ---------------------------------------------------------- | ------- |
 * | 1001 | GOING_AWAY           | the server is shutting down                                | retries |
 * | 1011 | SERVER_ERROR         | the store failed to load the room or to store an update    | retries |
 * | 1013 | TRY_AGAIN_LATER      | server full, authorisation timed out, link fell too far    | retries |
 * |      |                      | behind the room (send buffer over its limit)               |         |
 * | 4400 | MALFORMED            | a message that does not decode, an unknown or client-sent  | stops   |
 * |      |                      | auth type, a text frame, an invalid Yjs update             |         |
 * | 4401 | UNAUTHENTICATED      | no token, or a token that is invalid or expired            | stops   |
 * | 4403 | FORBIDDEN            | may not read the room, Origin not allowed, or a write from | stops   |
 * |      |                      | a read-only connection                                     |         |
 * | 4404 | NO_SUCH_ROOM         | not a valid room name, or no such room                     | stops   |
 * | 4413 | TOO_LARGE            | a message over maxMessageBytes                             | stops   |
 * | 4422 | REFUSED_CHANGE       | an update the room's rules refuse (update-gate.ts): the    | stops   |
 * |      |                      | reason names the rule, e.g. `refused change: not-yours`    |         |
 * | 4429 | TOO_MANY_CONNECTIONS | authorize says this person has too many open               | stops   |
 * | 4429 | TOO_MANY_CHANGES     | an update over its sender's write budget (write-budget.ts) | stops   |
 * |      |                      | with reason `too-many-changes retry-after=<seconds>`;      |         |
 * |      |                      | Hearth's client waits that long, then reconnects           |         |
 *
 * A message over the hard ceiling (twice maxMessageBytes, `ws`'s maxPayload) is cut off by `ws`
 * before it is buffered; `ws` would say 1009, which the stock client retries with the same
 * message forever, so the endpoint reports it as 4413 too (see sync-endpoint.ts).
 */
export const CLOSE = {
	GOING_AWAY: 1001,
	SERVER_ERROR: 1011,
	TRY_AGAIN_LATER: 1013,
	MALFORMED: 4400,
	UNAUTHENTICATED: 4401,
	FORBIDDEN: 4403,
	NO_SUCH_ROOM: 4404,
	TOO_LARGE: 4413,
	REFUSED_CHANGE: 4422,
	TOO_MANY_CONNECTIONS: 4429,
	/** Same code, told apart by its reason (`too-many-changes retry-after=<seconds>`). */
	TOO_MANY_CHANGES: 4429
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

/** Short, fixed reasons (a close reason must fit in 123 bytes and must not echo input). */
export const CLOSE_REASON: Record<CloseCode, string> = {
	[CLOSE.GOING_AWAY]: 'server shutting down',
	[CLOSE.SERVER_ERROR]: 'server error, try again',
	[CLOSE.TRY_AGAIN_LATER]: 'try again later',
	[CLOSE.MALFORMED]: 'malformed message',
	[CLOSE.UNAUTHENTICATED]: 'missing, invalid or expired token',
	[CLOSE.FORBIDDEN]: 'not allowed',
	[CLOSE.NO_SUCH_ROOM]: 'no such room',
	[CLOSE.TOO_LARGE]: 'message too large',
	[CLOSE.REFUSED_CHANGE]: 'refused change',
	[CLOSE.TOO_MANY_CONNECTIONS]: 'too many connections'
};

/** Bytes that do not follow the protocol; the connection is closed with 4400. */
export class MalformedMessageError extends Error {
	override name = 'MalformedMessageError';
}

export type ClientMessage =
	| { type: 'sync-step1'; stateVector: Uint8Array }
	| { type: 'sync-step2'; update: Uint8Array }
	| { type: 'sync-update'; update: Uint8Array }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'query-awareness' };

export interface AwarenessEntry {
	clientId: number;
	clock: number;
	/** The state as the JSON text the client sent; `'null'` marks the client as gone. */
	json: string;
}

/** Largest varUint accepted: 2^53 - 1, the largest integer a JS number holds exactly. */
const MAX_VAR_UINT_BYTES = 8;

class ByteReader {
	private pos = 0;
	constructor(private readonly bytes: Uint8Array) {}

	varUint(): number {
		let value = 0;
		let scale = 1;
		for (let i = 0; i < MAX_VAR_UINT_BYTES; i++) {
			if (this.pos >= this.bytes.length) throw new MalformedMessageError('Truncated number.');
			const byte = this.bytes[this.pos++] ?? 0;
			value += (byte & 0x7f) * scale;
			if (byte < 0x80) {
				if (!Number.isSafeInteger(value)) break;
				return value;
			}
			scale *= 128;
		}
		throw new MalformedMessageError('A number is too large.');
	}

	varBytes(): Uint8Array {
		const length = this.varUint();
		if (length > this.bytes.length - this.pos) {
			throw new MalformedMessageError('A length runs past the end of the message.');
		}
		const out = this.bytes.slice(this.pos, this.pos + length);
		this.pos += length;
		return out;
	}

	varString(): string {
		try {
			return new TextDecoder('utf-8', { fatal: true }).decode(this.varBytes());
		} catch (cause: unknown) {
			if (cause instanceof MalformedMessageError) throw cause;
			throw new MalformedMessageError('Text is not valid UTF-8.');
		}
	}

	end(): void {
		if (this.pos !== this.bytes.length) {
			throw new MalformedMessageError('Unexpected bytes after the end of the message.');
		}
	}
}

/** Decodes one message from a client; throws MalformedMessageError for anything else. */
export function decodeClientMessage(bytes: Uint8Array): ClientMessage {
	const reader = new ByteReader(bytes);
	const type = reader.varUint();
	let message: ClientMessage;
	switch (type) {
		case MESSAGE_SYNC: {
			const step = reader.varUint();
			const payload = reader.varBytes();
			if (step === SYNC_STEP1) {
				decodeStateVector(payload);
				message = { type: 'sync-step1', stateVector: payload };
			} else if (step === SYNC_STEP2) message = { type: 'sync-step2', update: payload };
			else if (step === SYNC_UPDATE) message = { type: 'sync-update', update: payload };
			else throw new MalformedMessageError(`Unknown sync message type ${step}.`);
			break;
		}
		case MESSAGE_AWARENESS:
			message = { type: 'awareness', update: reader.varBytes() };
			break;
		case MESSAGE_QUERY_AWARENESS:
			message = { type: 'query-awareness' };
			break;
		default:
			// Includes auth (2): only the server sends it.
			throw new MalformedMessageError(`Unknown message type ${type}.`);
	}
	reader.end();
	return message;
}

/** Strictly decodes a state vector into client id → clock. */
export function decodeStateVector(bytes: Uint8Array): Map<number, number> {
	const reader = new ByteReader(bytes);
	const count = reader.varUint();
	const clocks = new Map<number, number>();
	for (let i = 0; i < count; i++) clocks.set(reader.varUint(), reader.varUint());
	reader.end();
	return clocks;
}

/** Strictly decodes an awareness update; each state must be JSON for an object or null. */
export function decodeAwarenessUpdate(bytes: Uint8Array): AwarenessEntry[] {
	const reader = new ByteReader(bytes);
	const count = reader.varUint();
	const entries: AwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = reader.varUint();
		const clock = reader.varUint();
		const json = reader.varString();
		let state: unknown;
		try {
			state = JSON.parse(json);
		} catch {
			throw new MalformedMessageError('An awareness state is not JSON.');
		}
		if (typeof state !== 'object' || Array.isArray(state)) {
			throw new MalformedMessageError('An awareness state must be an object or null.');
		}
		entries.push({ clientId, clock, json });
	}
	reader.end();
	return entries;
}

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const entry of entries) {
		encoding.writeVarUint(encoder, entry.clientId);
		encoding.writeVarUint(encoder, entry.clock);
		encoding.writeVarString(encoder, entry.json);
	}
	return encoding.toUint8Array(encoder);
}

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, step);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => syncMessage(SYNC_STEP1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array) => syncMessage(SYNC_STEP2, update);
export const encodeSyncUpdate = (update: Uint8Array) => syncMessage(SYNC_UPDATE, update);

export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, awarenessUpdate);
	return encoding.toUint8Array(encoder);
}

/** Bytes a message adds around its payload: type, sub-type and a length of up to 8 bytes. */
export const MESSAGE_FRAMING_BYTES = 10;
