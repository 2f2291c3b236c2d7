/**
 * Per-message deflate for sync sockets. Yjs updates carry JSON-ish records and repeated keys,
 * which compress well, and Hearth's users are on slow links; but each compressing socket keeps
 * zlib state for as long as it is open, so the state is kept small and small frames (typing,
 * presence, the ~10-byte sync handshake) go uncompressed.
 *
 * Memory per socket, once it has sent a frame over the threshold (zlib's formulas):
 *   deflate (server → client): 2^(windowBits + 2) + 2^(memLevel + 9)
 *                              = 2^14 + 2^16 = 80 KiB, against 256 KiB at zlib's defaults
 *   inflate (client → server): 2^windowBits of the client's window, 32 KiB at most, allocated
 *                              only if the client compresses a frame
 * `clientMaxWindowBits` is left alone: `ws` refuses the whole extension offer of a client that
 * does not offer that parameter, and the inflate side is the smaller one.
 */
import type { PerMessageDeflateOptions } from 'ws';

export const DEFLATE_THRESHOLD_BYTES = 1024;

export const PER_MESSAGE_DEFLATE = {
	threshold: DEFLATE_THRESHOLD_BYTES,
	serverMaxWindowBits: 12,
	zlibDeflateOptions: { level: 6, memLevel: 7 },
	// Compression jobs running at once across all sockets (zlib runs on the thread pool).
	concurrencyLimit: 4
} satisfies PerMessageDeflateOptions;
