import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../logger';
import { loadTokenSecret, TokenSecretError } from './token-secret';

const folders: string[] = [];

async function dataDir(): Promise<string> {
	const root = await mkdtemp(join(tmpdir(), 'hearth-secret-'));
	folders.push(root);
	return join(root, 'data');
}

afterEach(async () => {
	await Promise.all(
		folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true }))
	);
});

describe('loadTokenSecret', () => {
	it('makes 32 random bytes once, owner-only, and gives the same bytes after', async () => {
		const dir = await dataDir();
		const first = await loadTokenSecret(dir, silentLogger);
		expect(first).toHaveLength(32);
		expect((await stat(join(dir, 'token-secret'))).mode & 0o777).toBe(0o600);
		expect(await loadTokenSecret(dir, silentLogger)).toEqual(first);
		expect(await readdir(dir)).toEqual(['token-secret']);
	});

	it('agrees on one secret when several starts race', async () => {
		const dir = await dataDir();
		const secrets = await Promise.all(
			Array.from({ length: 8 }, () => loadTokenSecret(dir, silentLogger))
		);
		expect(new Set(secrets.map((secret) => secret.join())).size).toBe(1);
		expect(await readdir(dir)).toEqual(['token-secret']);
	});

	it('makes each data folder its own secret', async () => {
		const a = await loadTokenSecret(await dataDir(), silentLogger);
		const b = await loadTokenSecret(await dataDir(), silentLogger);
		expect(a).not.toEqual(b);
	});

	it('tightens a secret file others could read, and says so', async () => {
		const dir = await dataDir();
		const secret = await loadTokenSecret(dir, silentLogger);
		await chmod(join(dir, 'token-secret'), 0o644);
		const warnings: string[] = [];
		const log: Logger = { ...silentLogger, warn: (message) => warnings.push(message) };
		expect(await loadTokenSecret(dir, log)).toEqual(secret);
		expect((await stat(join(dir, 'token-secret'))).mode & 0o777).toBe(0o600);
		expect(warnings).toEqual([expect.stringContaining('token-secret')]);
	});

	it.each([
		['empty', ''],
		['too short', 'AAAA\n'],
		['not base64url', `${'a'.repeat(43)}!\n`]
	])('refuses a secret file that is %s, naming it', async (_what, text) => {
		const dir = await dataDir();
		await loadTokenSecret(dir, silentLogger);
		await writeFile(join(dir, 'token-secret'), text);
		const loading = loadTokenSecret(dir, silentLogger);
		await expect(loading).rejects.toThrow(TokenSecretError);
		await expect(loadTokenSecret(dir, silentLogger)).rejects.toThrow(join(dir, 'token-secret'));
	});
});
