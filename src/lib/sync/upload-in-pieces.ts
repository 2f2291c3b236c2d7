/**
 * A large answer to the server's sync step 1, sent in pieces.
 *
 * The stock provider answers the server's step 1 with one step 2 holding everything the server
 * lacks. After a long offline stretch that can pass the server's 256 KiB message limit, and the
 * refusal (4413) would repeat on every reconnect. So a large answer is split into valid Yjs
 * updates of at most UPLOAD_PIECE_BYTES (split-update.ts; a single struct larger than that goes
 * alone), sent as ordinary `update` messages paced by the socket's buffer (send-paced.ts), then
 * an empty step 2 to close the exchange: the same protocol, so the server needs nothing special.
 * The server stores each piece as it arrives, so an upload cut half way resumes: the next server
 * step 1 covers what arrived, and only the rest is sent.
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { messageSync } from 'y-websocket';
import { sendPaced, type PacedSocket } from './send-paced';
import { splitUpdate } from './split-update';
import type { SyncTimers } from './sync-environment';

/** The largest update sent in one message (the server's limit is 256 KiB). */
export const UPLOAD_PIECE_BYTES = 64 * 1024;
/** How often a paced upload looks whether the socket's buffer has drained. */
export const UPLOAD_POLL_MS = 50;

/** A Yjs v1 update with nothing in it. */
const EMPTY_UPDATE = Uint8Array.of(0, 0);

/** Whether an answer of these bytes must go in pieces rather than as one step 2. */
export function needsPieces(missing: Uint8Array): boolean {
	return missing.byteLength > UPLOAD_PIECE_BYTES;
}

export interface UploadOptions {
	timers: SyncTimers;
	/** The upload goes on while this holds (the socket is open and still the connection's). */
	isCurrent: () => boolean;
	/** Called once the closing step 2 has been handed to the socket. */
	onDone: () => void;
}

/** Starts sending `missing` in pieces, then an empty step 2; returns how to stop. */
export function uploadInPieces(
	socket: PacedSocket,
	missing: Uint8Array,
	options: UploadOptions
): () => void {
	return sendPaced(socket, messages(missing), {
		...options,
		// About one piece queued: the link stays busy, and little waits in memory.
		lowWaterBytes: UPLOAD_PIECE_BYTES,
		pollMs: UPLOAD_POLL_MS
	});
}

/** Split lazily: the next piece is cut only when the socket can take it. */
function* messages(missing: Uint8Array): Generator<Uint8Array<ArrayBuffer>, void, undefined> {
	for (const piece of splitUpdate(missing, UPLOAD_PIECE_BYTES)) {
		yield syncMessage(syncProtocol.messageYjsUpdate, piece);
	}
	yield syncMessage(syncProtocol.messageYjsSyncStep2, EMPTY_UPDATE);
}

function syncMessage(subType: number, update: Uint8Array): Uint8Array<ArrayBuffer> {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageSync);
	encoding.writeVarUint(encoder, subType);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}
