// `tsx server/main.ts` as npm runs it: environment, the start line, and a clean stop on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempFolders, writeFakeBuild, type TempFolders } from './fake-build';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

let folders: TempFolders | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
	// A server left running would hold a piped test run open.
	if (child && child.exitCode === null) child.kill('SIGKILL');
	child = undefined;
	await folders?.remove();
});

function startMain(env: Record<string, string>): { child: ChildProcess; url: Promise<string> } {
	const started = spawn(process.execPath, [TSX, 'server/main.ts'], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const url = new Promise<string>((done, fail) => {
		let output = '';
		started.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
			const match = /listening on (http:\/\/\S+)/.exec(output);
			if (match?.[1]) done(match[1]);
		});
		started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		started.on('exit', (code) => fail(new Error(`server exited with ${code}:\n${output}`)));
	});
	return { child: started, url };
}

const exitOf = (process: ChildProcess) =>
	new Promise<number | null>((done) => {
		if (process.exitCode !== null) done(process.exitCode);
		else process.on('exit', (code) => done(code));
	});

describe('server/main.ts', () => {
	it('starts from the environment, serves, creates its data folder and stops cleanly on SIGTERM', async () => {
		folders = await makeTempFolders();
		await writeFakeBuild(folders.buildDir, { version: 'from-main' });
		const dataDir = join(folders.dataDir, 'nested');
		const started = startMain({ PORT: '0', HEARTH_BUILD: folders.buildDir, HEARTH_DATA: dataDir });
		child = started.child;

		const url = await started.url;
		expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const health = await fetch(`${url}/healthz`, { headers: { connection: 'close' } });
		expect(await health.json()).toMatchObject({ ok: true, version: 'from-main' });
		expect(existsSync(join(dataDir, 'previous-assets', 'index.json'))).toBe(true);

		child.kill('SIGTERM');
		expect(await exitOf(child)).toBe(0);
	}, 30_000);

	it('refuses a bad PORT with a message and exit code 1', async () => {
		const started = startMain({ PORT: 'eighty' });
		child = started.child;
		await expect(started.url).rejects.toThrow(/PORT must be a whole number/);
		expect(await exitOf(child)).toBe(1);
	}, 30_000);
});
