// The server's token secret: 32 random bytes made on first start and kept in
// `<dataDir>/token-secret` (base64url text, mode 0600), so tokens survive a restart. Whoever reads
// this file can mint tokens for anyone: it is created owner-only, and tightened if found looser.
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config';
import type { Logger } from '../logger';

export const TOKEN_SECRET_FILE = 'token-secret';
const SECRET_BYTES = 32;

export class TokenSecretError extends ConfigError {
	override name = 'TokenSecretError';
}

export async function loadTokenSecret(dataDir: string, log: Logger): Promise<Uint8Array> {
	const path = join(dataDir, TOKEN_SECRET_FILE);
	await mkdir(dataDir, { recursive: true });
	// Written whole under a temporary name, then linked into place: link fails if the file
	// exists, so two servers starting at once agree on one secret, and a crash mid-write never
	// leaves an empty secret behind.
	const secret = randomBytes(SECRET_BYTES);
	const draft = `${path}.${randomBytes(6).toString('hex')}.tmp`;
	await writeFile(draft, `${secret.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
	try {
		await link(draft, path);
		log.info(`Made a new token secret in ${path}.`);
		return Uint8Array.from(secret);
	} catch (cause: unknown) {
		if (!(cause instanceof Error && 'code' in cause && cause.code === 'EEXIST')) throw cause;
		return await readTokenSecret(path, log);
	} finally {
		await rm(draft, { force: true });
	}
}

async function readTokenSecret(path: string, log: Logger): Promise<Uint8Array> {
	const { mode } = await stat(path);
	if ((mode & 0o077) !== 0 && process.platform !== 'win32') {
		await chmod(path, 0o600);
		log.warn(`${path} could be read by other users; it is now readable by the owner only.`);
	}
	const text = (await readFile(path, 'utf8')).trim();
	const secret = /^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, 'base64url') : Buffer.alloc(0);
	if (secret.length < SECRET_BYTES) {
		throw new TokenSecretError(
			`${path} does not hold a token secret (${SECRET_BYTES} or more bytes, base64url). ` +
				'Delete it to have a new one made; everyone will be signed in again automatically.'
		);
	}
	return Uint8Array.from(secret);
}
