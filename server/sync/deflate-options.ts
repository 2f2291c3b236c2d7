/**
 * Per-message deflate for sync sockets, with context takeover: each socket keeps one deflate
 * stream for its lifetime, so a message can point back into the ones before it. Yjs updates
 * carry JSON-ish records, repeated keys and prose, and Hearth's users are on slow links.
 *
 * Every frame is compressed, whatever its size. (`ws` applies a size threshold only without
 * context takeover, which would cost far more: a live post alone deflates poorly, while in the
 * stream it finds the words of the posts before it. Measured by bench/catch-up-sync.ts, a device
 * online for that week received its 1,200 live posts, each under 1 KiB, as 628 KB of payload and
 * 260 KB on the wire.) So every socket allocates its deflate state on its first message.
 *
 * The window is zlib's largest (32 KiB). Posts are prose, and prose repeats itself across posts,
 * not within a few kilobytes: catching up on a week of 200 threads and 1,000 replies took 254 KB
 * with a 4 KiB window and 215 KB with this one, where a plain JSON API's answer with the same
 * posts gzips to 196 KB (bench/catch-up-sync.ts). Level and memLevel barely matter there (level
 * 9 or memLevel 9 each save under 0.5%), so they stay low, for speed and memory.
 *
 * Memory per socket (zlib's formulas are upper bounds; pages are only resident once touched):
 *   deflate (server → client): 2^(windowBits + 2) + 2^(memLevel + 9)
 *                              = 2^17 + 2^16 = 192 KiB at most (80 KiB with a 4 KiB window,
 *                              256 KiB at zlib's defaults); measured resident (1,000 streams):
 *                              58 KiB after small messages, 80 KiB after a 64 KiB one, against
 *                              33 and 63 KiB with a 4 KiB window. Kept until the socket closes.
 *   inflate (client → server): 2^windowBits of the client's window (32 KiB) plus ~7 KiB, once
 *                              the client compresses a frame. Chromium compresses every frame it
 *                              sends when the extension is agreed, whatever its size.
 * `clientMaxWindowBits` is left alone: `ws` refuses the whole extension offer of a client that
 * does not offer that parameter, and the inflate side is the smaller one.
 *
 * The price is server CPU in a busy room: every relayed copy is one deflate job on its socket's
 * own stream, and each job is two trips through the thread pool, whose hand-offs cost more than
 * the compressing itself. Ten posts a second into one room of 1,000 (bench/server-load.ts) is
 * 10,000 jobs a second; they queued without end (p99 8.6 s). Merging bounded it (relay-outbox.ts:
 * a socket with a relay still on its way out gets the updates that arrive meanwhile as one merged
 * update), but the server still spent 91% of a core there. Level 1, and a concurrencyLimit of 10,
 * 16 or 32, were tried with and without merging: none moved the latency clearly beyond run-to-run
 * noise, and level 1 is no smaller on the wire, so level and limit stay where the bytes and
 * memory want them. What removed the cost is room-stream.ts: in a room of 32 sockets or more,
 * each relayed update is deflated once for the whole room, with these same level, memory level
 * and window, and the same frame goes to every socket on that shared stream. These options then
 * still govern each socket's first sync and everything in smaller rooms.
 */
import type { PerMessageDeflateOptions } from 'ws';

export const PER_MESSAGE_DEFLATE = {
	serverMaxWindowBits: 15,
	zlibDeflateOptions: { level: 6, memLevel: 7 },
	// Compression jobs running at once across all sockets (zlib runs on the thread pool).
	concurrencyLimit: 4
} satisfies PerMessageDeflateOptions;
