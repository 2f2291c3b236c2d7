/**
 * Community records for the server-load benchmark, valid under the server's policy
 * (domain/community/change-policy.ts): threads and replies of ordinary length, by the author the
 * writer's sync token names, timestamped now.
 *
 * A timed thread's id starts with MARKER, then carries its send time and a serial number, so a
 * receiving client can find which write a relayed update carries, and when it was sent (even by
 * a client in another process), by searching its bytes, without decoding it into a Y.Doc: Yjs
 * writes a map entry's key (the record id) into the update as plain UTF-8. Ids keep the shape
 * `isId` accepts (lower-case base32, 26 characters, a last character of the allowed few). An id
 * appears twice in the update that sets its record (the map key, and the record's own `id`,
 * also plain text in Yjs's encoding), so `findMarkedIds` takes each distinct id once.
 */
import * as Y from 'yjs';
import type { Reply, ThreadHeader } from '../../src/lib/domain/community/records';
import { THREADS_MAP, REPLIES_MAP } from '../../src/lib/domain/community/community-document';
import { newId } from '../../src/lib/domain/ids';
import { formatHlc } from '../../src/lib/domain/journal/hlc';

export const MARKER = 'zzbenchlat';
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const ID_LENGTH = 26;
const WORDS = (
	'rain kettle walk sister market tired hopeful sleep garden phone evening bus hill bread ' +
	'river neighbour quiet breath morning worry small steps rest friend window light tea'
).split(' ');

let counter = 0;

function at(): ThreadHeader['at'] {
	return formatHlc({ wall: Date.now(), counter: counter++ % 1_000_000, node: 'bench' });
}

/** `count` words from the list, varied by `seed`. */
function words(count: number, seed: number): string {
	return Array.from({ length: count }, (_, i) => WORDS[(seed * 7 + i * 3) % WORDS.length]).join(
		' '
	);
}

/** Digits of the send time (microseconds on the shared clock: 32^11 µs reach far past 3000 AD). */
const TIME_DIGITS = 11;
const SERIAL_DIGITS = ID_LENGTH - MARKER.length - 1 - TIME_DIGITS;
/** Serial numbers wrap here; with the send time beside them, ids stay distinct. */
export const SERIAL_LIMIT = 32 ** SERIAL_DIGITS;

/**
 * The id of a timed write sent at `sentAt` (ms on the clock every driver shares, light-client.ts
 * `sharedNow`) with serial number `serial`: MARKER, the time in µs and the serial in base32, then
 * a closing 'a'.
 */
export function markedId(sentAt: number, serial: number): string {
	return `${MARKER}${base32(Math.round(sentAt * 1000), TIME_DIGITS)}${base32(serial % SERIAL_LIMIT, SERIAL_DIGITS)}a`;
}

/** When the timed write `id` was sent, ms on the shared clock (to the microsecond). */
export function sentAtOf(id: string): number {
	let micros = 0;
	for (let i = MARKER.length; i < MARKER.length + TIME_DIGITS; i++) {
		micros = micros * 32 + BASE32.indexOf(id[i] ?? '');
	}
	return micros / 1000;
}

function base32(value: number, width: number): string {
	let digits = '';
	let rest = value;
	for (let i = 0; i < width; i++) {
		digits = BASE32[rest % 32] + digits;
		rest = Math.floor(rest / 32);
	}
	return digits;
}

const MARKER_BYTES = Buffer.from(MARKER, 'latin1');

/**
 * The marked record ids an update carries, in order: one for a relayed write, several when the
 * server merged writes that waited for the same socket (server/sync/relay-outbox.ts).
 */
export function findMarkedIds(bytes: Buffer): string[] {
	const ids = new Set<string>();
	for (let start = bytes.indexOf(MARKER_BYTES); start >= 0;) {
		if (start + ID_LENGTH > bytes.length) break;
		ids.add(bytes.toString('latin1', start, start + ID_LENGTH));
		start = bytes.indexOf(MARKER_BYTES, start + ID_LENGTH);
	}
	return [...ids];
}

/** A thread of about 300 characters, as a person might post. */
export function benchThread(author: string, id: string = newId(), seed = counter): ThreadHeader {
	return {
		id,
		author,
		at: at(),
		title: `A ${words(4, seed)} kind of day`,
		body: `${words(45, seed + 1)}.`,
		contentWarning: null,
		tags: [],
		editedAt: null
	};
}

function benchReply(author: string, thread: string, seed: number): Reply {
	return {
		id: newId(),
		thread,
		author,
		at: at(),
		body: `${words(30, seed)}.`,
		contentWarning: null,
		editedAt: null
	};
}

/**
 * A community document of `records` records (one thread for every four replies), by `authors`
 * in turn, as the updates a server would have stored: one per `perPiece` records.
 */
export function seedDocument(records: number, authors: readonly string[], perPiece = 100) {
	const doc = new Y.Doc();
	const pieces: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => pieces.push(update));
	const threads = doc.getMap<ThreadHeader>(THREADS_MAP);
	const replies = doc.getMap<Reply>(REPLIES_MAP);
	let thread = '';
	for (let start = 0; start < records; start += perPiece) {
		doc.transact(() => {
			for (let i = start; i < Math.min(records, start + perPiece); i++) {
				const author = authors[i % authors.length] ?? '';
				if (i % 5 === 0) {
					const header = benchThread(author, newId(), i);
					threads.set(header.id, header);
					thread = header.id;
				} else {
					const reply = benchReply(author, thread, i);
					replies.set(reply.id, reply);
				}
			}
		});
	}
	doc.destroy();
	return pieces;
}
