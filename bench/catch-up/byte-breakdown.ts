/**
 * Where a catch-up's bytes go: the same messages the device received, sized as they were
 * (Yjs v1 updates inside y-websocket messages), deflated as a socket would with a small and a
 * large window, and beside them the same records as plain JSON and the parts no compressor can
 * shrink (the random 128-bit record ids). Offline arithmetic on what was received: it explains
 * the wire figure, it does not replace it.
 */
import { constants, createDeflateRaw, gzipSync } from 'node:zlib';
import type { Post } from './community-week';

export interface ByteBreakdown {
	/** WebSocket payloads received (Yjs updates in y-websocket framing). */
	payload: number;
	/** The payloads as one per-message-deflate stream with context takeover, by window bits. */
	deflated: Record<number, number>;
	/** The records exactly as stored, as one JSON array, gzipped (level 6). */
	recordsJsonGzip: number;
	/** The record ids alone (and reply → thread ids), gzipped at level 9. */
	idsGzip: number;
}

export const WINDOWS = [12, 15] as const;

export async function breakDown(
	messages: readonly Uint8Array[],
	posts: readonly Post[],
	level: number
): Promise<ByteBreakdown> {
	const deflated: Record<number, number> = {};
	for (const windowBits of WINDOWS) {
		deflated[windowBits] = await deflatedStream(messages, windowBits, level);
	}
	const ids = posts.flatMap((post) =>
		post.kind === 'thread' ? [post.record.id] : [post.record.id, post.record.thread]
	);
	return {
		payload: messages.reduce((sum, message) => sum + message.byteLength, 0),
		deflated,
		recordsJsonGzip: gzipSync(JSON.stringify(posts.map((post) => post.record)), { level: 6 })
			.byteLength,
		idsGzip: gzipSync(ids.join('\n'), { level: 9 }).byteLength
	};
}

/**
 * Bytes after per-message deflate: one raw deflate stream, flushed after each message, with the
 * 4-byte tail of each flush dropped as RFC 7692 says. Frames under 1 KiB go plain, as the server's
 * threshold sends them.
 */
async function deflatedStream(
	messages: readonly Uint8Array[],
	windowBits: number,
	level: number
): Promise<number> {
	const deflate = createDeflateRaw({ windowBits, level, memLevel: 8 });
	let total = 0;
	deflate.on('data', (chunk: Buffer) => (total += chunk.byteLength));
	for (const message of messages) {
		if (message.byteLength < 1024) {
			total += message.byteLength;
			continue;
		}
		deflate.write(message);
		await new Promise<void>((flushed) => deflate.flush(constants.Z_SYNC_FLUSH, () => flushed()));
		total -= 4;
	}
	deflate.close();
	return total;
}
