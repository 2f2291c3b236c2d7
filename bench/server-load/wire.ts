/**
 * The few y-websocket messages the benchmark's light clients send and read (the bytes are
 * described in server/sync/protocol.ts): sync step 1, step 2 and update; presence is only
 * recognised, never sent.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

/** The state vector of an empty document: no clients. */
export const EMPTY_STATE_VECTOR = Uint8Array.of(0);
/** An update with nothing in it, the answer an empty client gives the server's step 1. */
export const EMPTY_UPDATE = Uint8Array.of(0, 0);

export type SyncKind = 'step1' | 'step2' | 'update';

const SYNC_TYPES: Record<SyncKind, number> = {
	step1: SYNC_STEP1,
	step2: SYNC_STEP2,
	update: SYNC_UPDATE
};

export function syncMessage(kind: SyncKind, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, SYNC_TYPES[kind]);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

export type IncomingKind = SyncKind | 'presence' | 'other';

/**
 * What the server sent. Only the first two bytes are looked at unless the payload is asked for:
 * readers of relayed updates search the raw bytes instead (bench-records.ts).
 */
export function kindOf(bytes: Uint8Array): IncomingKind {
	if (bytes[0] === MESSAGE_AWARENESS) return 'presence';
	if (bytes[0] !== MESSAGE_SYNC) return 'other';
	switch (bytes[1]) {
		case SYNC_STEP1:
			return 'step1';
		case SYNC_STEP2:
			return 'step2';
		case SYNC_UPDATE:
			return 'update';
		default:
			return 'other';
	}
}

/** The payload of a sync message (a state vector or an update). */
export function syncPayload(bytes: Uint8Array): Uint8Array {
	const decoder = decoding.createDecoder(bytes);
	decoding.readVarUint(decoder);
	decoding.readVarUint(decoder);
	return decoding.readVarUint8Array(decoder);
}
