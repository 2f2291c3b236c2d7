// What a device catching up pays on the wire, through a byte-counting link: the server's
// per-message deflate keeps one 32 KiB window per socket, so posts that share words with posts
// sent a few dozen kilobytes earlier cost little. (A 4 KiB window misses those; the catch-up
// benchmark measured 250 KB against 215 KB for a week of posts.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, createDeflateRaw } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mulberry32 } from '../support/seeded-random';
import { startSyncTestServer, type SyncTestServer } from '../support/sync-test-server';
import { stockClient, waitConverged, waitSynced, type StockClient } from '../support/sync-clients';
import { startThrottledProxy, type ThrottledProxy } from '../support/throttled-proxy';

const ROOM = 'catch-up-compression';
const POSTS = 400;

let server: SyncTestServer | undefined;
let proxy: ThrottledProxy | undefined;
const clients: StockClient[] = [];

afterEach(async () => {
	for (const client of clients.splice(0)) client.destroy();
	await proxy?.close();
	await server?.close();
	proxy = undefined;
	server = undefined;
});

/** Posts of three sentences each, drawn from the protocol document: prose that repeats itself. */
function posts(count: number): string[] {
	const random = mulberry32(11);
	const text = readFileSync(join(import.meta.dirname, '../../docs/PROTOCOL.md'), 'utf8');
	const sentences = text.split(/(?<=[.?!])\s+/).filter((s) => s.length > 40);
	const pick = () => sentences[Math.floor(random() * sentences.length)] ?? '';
	return Array.from({ length: count }, () => `${pick()} ${pick()} ${pick()}`);
}

/** The same messages through one per-message-deflate stream with a `windowBits` window. */
async function deflatedBytes(messages: readonly Uint8Array[], windowBits: number): Promise<number> {
	const deflate = createDeflateRaw({ windowBits, level: 6, memLevel: 7 });
	let total = 0;
	deflate.on('data', (chunk: Buffer) => (total += chunk.byteLength));
	for (const message of messages) {
		deflate.write(message);
		await new Promise<void>((flushed) => deflate.flush(constants.Z_SYNC_FLUSH, () => flushed()));
		total -= 4;
	}
	deflate.close();
	return total;
}

// A real server, 400 posts and two deflate passes: longer than the default five seconds on a busy
// two-core machine.
describe('catching up on the wire', { timeout: 30_000 }, () => {
	it('uses a deflate window wide enough to find words repeated across posts', async () => {
		server = await startSyncTestServer();
		proxy = await startThrottledProxy({
			targetPort: server.port,
			bytesPerSecond: 100_000_000,
			rttMs: 0,
			bufferBytes: 1_000_000
		});
		const writer = stockClient(server.syncUrl, ROOM, 'alice');
		clients.push(writer);
		await waitSynced(writer);
		const records = writer.doc.getMap<string>('records');
		for (const [n, post] of posts(POSTS).entries()) records.set(`post-${n}`, post);

		const reader = stockClient(`ws://127.0.0.1:${proxy.port}/sync`, ROOM, 'bob', {
			doc: new Y.Doc()
		});
		clients.push(reader);
		const received: Uint8Array[] = [];
		reader.traffic.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
		await waitConverged([writer, reader]);

		const wire = proxy.links[0]?.down ?? 0;
		const payload = received.reduce((sum, message) => sum + message.byteLength, 0);
		const smallWindow = await deflatedBytes(received, 12);
		expect(payload).toBeGreaterThan(100_000);
		// Frame headers and the upgrade answer add a little; a 4 KiB window would add far more.
		expect(wire).toBeLessThan(smallWindow * 0.9);
	});
});
