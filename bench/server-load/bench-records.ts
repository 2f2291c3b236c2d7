/**
 * Community records for the server-load benchmark, valid under the server's policy
 * (domain/community/change-policy.ts): threads and replies of ordinary length, by the author the
 * writer's sync token names, timestamped now.
 *
 * A timed thread's id starts with MARKER and then counts up, so a receiving client can find which
 * write a relayed update carries by searching its bytes, without decoding it into a Y.Doc: Yjs
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

/** The id of timed write number `seq`: MARKER, then `seq` in base32, then a closing 'a'. */
export function markedId(seq: number): string {
	let digits = '';
	let rest = seq;
	const width = ID_LENGTH - MARKER.length - 1;
	for (let i = 0; i < width; i++) {
		digits = BASE32[rest % 32] + digits;
		rest = Math.floor(rest / 32);
	}
	return `${MARKER}${digits}a`;
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
