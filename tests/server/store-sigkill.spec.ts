// Durability across SIGKILL: a child process appends to the SQLite store and prints each seq once
// `append` has resolved; the test kills it mid-stream and checks that the reopened store holds
// every piece the child announced. Announcing after `append` resolves is what the sync layer
// does before relaying, so a piece printed here but missing later is a relayed edit lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteDocumentStore } from '../../server/store/sqlite-document-store';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const storeModule = pathToFileURL(join(root, 'server/store/sqlite-document-store.ts')).href;

/** Keeps appending until killed; `<seq> <i>` on stdout after the i-th append resolved. */
const CHILD = `
import { openSqliteDocumentStore } from ${JSON.stringify(storeModule)};
const [dataDir, room] = process.argv.slice(2);
const store = openSqliteDocumentStore(dataDir);
const padding = 'p'.repeat(2000);
for (let i = 0; ; i++) {
	const seq = await store.append(room, new TextEncoder().encode(\`update \${i} \${padding}\`));
	process.stdout.write(\`\${seq} \${i}\\n\`);
}
`;

const children: ChildProcess[] = [];
const folders: string[] = [];
afterEach(() => {
	for (const child of children.splice(0)) {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	}
	for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/**
 * Not a round number: a store that batched commits every 100 or 256 appends would get lucky if
 * the kill landed on a batch boundary.
 */
const KILL_AFTER = 257;

interface Announced {
	seq: number;
	index: number;
}

/** Runs the child until it has announced `killAfter` appends, kills it, returns every line. */
function appendUntilKilled(dataDir: string, script: string, killAfter: number) {
	return new Promise<Announced[]>((resolvePromise, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir, 'room'], {
			cwd: root,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		children.push(child);
		const announced: Announced[] = [];
		let partial = '';
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.stdout.on('data', (chunk: Buffer) => {
			const lines = (partial + chunk.toString()).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) {
				const [seq, index] = line.split(' ').map(Number);
				announced.push({ seq: seq ?? NaN, index: index ?? NaN });
			}
			if (announced.length >= killAfter && child.signalCode === null) child.kill('SIGKILL');
		});
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (signal === 'SIGKILL') resolvePromise(announced);
			else reject(new Error(`The child exited (${code}) before it was killed:\n${stderr}`));
		});
	});
}

describe('SqliteDocumentStore durability', () => {
	it('keeps every update whose append resolved before the process was SIGKILLed', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'hearth-sigkill-'));
		folders.push(dataDir);
		const script = join(dataDir, 'append-forever.mjs');
		writeFileSync(script, CHILD);

		const announced = await appendUntilKilled(dataDir, script, KILL_AFTER);
		expect(announced.length).toBeGreaterThanOrEqual(KILL_AFTER);

		const store = openSqliteDocumentStore(dataDir);
		try {
			const pieces = await store.load('room');
			const decoder = new TextDecoder();
			const stored = new Map(pieces.map((p) => [p.seq, decoder.decode(p.update).split(' ')[1]]));
			for (const { seq, index } of announced) expect(stored.get(seq)).toBe(String(index));
			// Nothing beyond what was announced except, at most, the append the kill interrupted
			// between its commit and its print; and no gaps in between.
			expect(pieces.length - announced.length).toBeGreaterThanOrEqual(0);
			expect(pieces.length - announced.length).toBeLessThanOrEqual(1);
			expect(pieces.map((p) => decoder.decode(p.update).split(' ')[1])).toEqual(
				pieces.map((_, i) => String(i))
			);
		} finally {
			await store.close();
		}
	}, 60_000);
});
