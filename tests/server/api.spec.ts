// The JSON API over real HTTP: a Hearth server on port 0 with createApi wired to a SQLite
// identity store and real tokens, driven the way the app drives it (keys derived from a root
// secret, challenges signed on the "device"). The clock is injected, so expiry is in the test's
// hands.
import { mkdir } from 'node:fs/promises';
import { IncomingMessage, request } from 'node:http';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi, type ApiOptions } from '../../server/api/create-api';
import { authorizeSync, type AuthorizeSync } from '../../server/api/authorize-sync';
import { DEFAULT_COMMUNITIES_FILE, loadCommunities } from '../../server/api/communities';
import type { IdentityStore } from '../../server/identity/identity-store';
import { openSqliteIdentityStore } from '../../server/identity/sqlite-identity-store';
import { loadTokenSecret } from '../../server/identity/token-secret';
import { createTokenService } from '../../server/identity/tokens';
import type { Logger } from '../../server/logger';
import { encodeBase64Url } from '../../src/lib/domain/identity/base64url';
import { signChallenge } from '../../src/lib/domain/identity/challenge';
import {
	deriveIdentityKeyPair,
	derivePseudonymKeyPair,
	pseudonymIdFromPublicKey,
	userIdFromPublicKey,
	type KeyPair
} from '../../src/lib/domain/identity/derive-keys';
import { signPseudonymBinding } from '../../src/lib/domain/identity/pseudonym-binding';
import { newRootSecret } from '../../src/lib/domain/identity/root-secret';
import { startTestServer, type TestServer } from '../support/start-server';
import { makeTempFolders, writeFakeBuild, type TempFolders } from './fake-build';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let folders: TempFolders | undefined;
let app: TestServer | undefined;
let identities: IdentityStore | undefined;
let time = 1_700_000_000_000;
const now = () => time;

afterEach(async () => {
	await app?.close();
	await identities?.close();
	await folders?.remove();
	app = undefined;
	identities = undefined;
	folders = undefined;
});

interface Started {
	url: string;
	port: number;
	authorize: AuthorizeSync;
	logLines: string[];
}

async function start(options: Partial<ApiOptions> = {}): Promise<Started> {
	folders = await makeTempFolders();
	await writeFakeBuild(folders.buildDir, { version: 'v1' });
	await mkdir(folders.dataDir, { recursive: true });
	const logLines: string[] = [];
	const log: Logger = {
		info: (message) => logLines.push(message),
		warn: (message) => logLines.push(message),
		error: (message, cause) => logLines.push(`${message} ${String(cause)}`)
	};
	identities = openSqliteIdentityStore(join(folders.dataDir, 'hearth.sqlite'));
	const tokens = createTokenService({
		secret: await loadTokenSecret(folders.dataDir, log),
		now
	});
	const communities = await loadCommunities(DEFAULT_COMMUNITIES_FILE);
	const api = createApi({ identities, tokens, communities, now, log, ...options });
	app = await startTestServer({ ...folders, api, log });
	return { url: app.url, port: app.port, authorize: authorizeSync(tokens, communities), logLines };
}

interface Reply {
	status: number;
	headers: Headers;
	body: unknown;
}

async function call(
	url: string,
	method: string,
	path: string,
	options: { json?: unknown; token?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<Reply> {
	const headers: Record<string, string> = { ...options.headers };
	if (options.json !== undefined) headers['content-type'] ??= 'application/json';
	if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
	const res = await fetch(`${url}${path}`, {
		method,
		headers,
		body: options.body ?? (options.json === undefined ? undefined : JSON.stringify(options.json))
	});
	const text = await res.text();
	return {
		status: res.status,
		headers: res.headers,
		body: text === '' ? undefined : JSON.parse(text)
	};
}

/** The text at a path in a reply's body; fails the test when there is none. */
function textAt(reply: Reply, ...path: string[]): string {
	let value: unknown = reply.body;
	for (const key of path) {
		value = typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
	}
	if (typeof value !== 'string') {
		throw new Error(`No text at ${path.join('.')} in ${JSON.stringify(reply.body)}`);
	}
	return value;
}

function expectError(reply: Reply, status: number, code: string, field?: string): void {
	expect({ status: reply.status, body: reply.body }).toEqual({
		status,
		body: {
			error: { code, message: expect.any(String), ...(field === undefined ? {} : { field }) }
		}
	});
	expect(reply.headers.get('content-type')).toBe('application/json');
}

/** A person's device: a root secret and the keys derived from it. */
interface Device {
	root: Uint8Array;
	identity: KeyPair;
	userId: string;
	publicKey: string;
}

function device(): Device {
	const root = newRootSecret();
	const identity = deriveIdentityKeyPair(root);
	return {
		root,
		identity,
		userId: userIdFromPublicKey(identity.publicKey),
		publicKey: encodeBase64Url(identity.publicKey)
	};
}

async function challengeFor(url: string, who: Device): Promise<string> {
	const reply = await call(url, 'POST', '/api/auth/challenge', {
		json: { publicKey: who.publicKey }
	});
	expect(reply.status).toBe(200);
	return textAt(reply, 'challenge');
}

/** The session request body, signed as the app signs it. */
function sessionBody(
	url: string,
	who: Device,
	challenge: string,
	extra: { displayName?: string; origin?: string; signer?: KeyPair } = {}
) {
	const origin = extra.origin ?? url;
	const signature = signChallenge(
		{ origin, challenge, publicKey: who.identity.publicKey },
		(extra.signer ?? who.identity).secretKey
	);
	return {
		publicKey: who.publicKey,
		challenge,
		signature: encodeBase64Url(signature),
		origin,
		...(extra.displayName === undefined ? {} : { displayName: extra.displayName })
	};
}

async function signIn(url: string, who: Device, displayName?: string): Promise<Reply> {
	const challenge = await challengeFor(url, who);
	return call(url, 'POST', '/api/auth/session', {
		json: sessionBody(url, who, challenge, { displayName })
	});
}

async function sessionToken(url: string, who: Device, displayName: string): Promise<string> {
	const reply = await signIn(url, who, displayName);
	expect(reply.status).toBe(200);
	return textAt(reply, 'token');
}

function pseudonymBody(who: Device, communityId: string, displayName: string, key?: KeyPair) {
	const pseudonym = key ?? derivePseudonymKeyPair(who.root, communityId);
	const signed = signPseudonymBinding(communityId, { identity: who.identity, pseudonym });
	return {
		publicKey: encodeBase64Url(pseudonym.publicKey),
		signature: encodeBase64Url(signed.signature),
		pseudonymSignature: encodeBase64Url(signed.pseudonymSignature),
		displayName
	};
}

/** Sends a body exactly as given, in chunks and without Content-Length if asked. */
function rawPost(
	port: number,
	path: string,
	chunks: readonly Buffer[],
	headers: Record<string, string>
): Promise<{ status: number; body: unknown }> {
	return new Promise((done, fail) => {
		const req = request(
			{ host: '127.0.0.1', port, path, method: 'POST', headers, agent: false },
			(res) => {
				const parts: Buffer[] = [];
				res.on('data', (part: Buffer) => parts.push(part));
				res.on('end', () =>
					done({
						status: res.statusCode ?? 0,
						body: JSON.parse(Buffer.concat(parts).toString('utf8'))
					})
				);
			}
		);
		// The server may answer (and close) before every chunk is written.
		req.on('error', (cause: NodeJS.ErrnoException) => {
			if (cause.code !== 'EPIPE' && cause.code !== 'ECONNRESET') fail(cause);
		});
		for (const chunk of chunks) req.write(chunk);
		req.end();
	});
}

describe('POST /api/auth/challenge', () => {
	it('hands out a fresh 32-byte challenge that lasts two minutes', async () => {
		const { url } = await start();
		const who = device();
		const first = await call(url, 'POST', '/api/auth/challenge', {
			json: { publicKey: who.publicKey }
		});
		const second = await call(url, 'POST', '/api/auth/challenge', {
			json: { publicKey: who.publicKey }
		});
		expect(first.status).toBe(200);
		expect(first.body).toEqual({
			challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
			expiresAt: time + 2 * MINUTE
		});
		expect(second.body).not.toEqual(first.body);
		expect(first.headers.get('cache-control')).toBe('no-store');
	});

	it.each([
		['no public key', {}],
		['a number', { publicKey: 5 }],
		['padded base64', { publicKey: `${device().publicKey}=` }],
		['standard base64', { publicKey: '+'.repeat(43) }],
		['31 bytes', { publicKey: encodeBase64Url(new Uint8Array(31).fill(9)) }],
		[
			'a small-order key',
			{ publicKey: encodeBase64Url(Uint8Array.from({ length: 32 }, (_, i) => (i ? 0 : 1))) }
		]
	])('refuses %s: 400 invalid-body naming publicKey', async (_what, json) => {
		const { url } = await start();
		expectError(
			await call(url, 'POST', '/api/auth/challenge', { json }),
			400,
			'invalid-body',
			'publicKey'
		);
	});

	it.each([
		['broken JSON', '{"publicKey":'],
		['an empty body', ''],
		['JSON with a trailing comma', '{"publicKey": "x",}']
	])('refuses %s: 400 invalid-json', async (_what, body) => {
		const { url } = await start();
		const reply = await call(url, 'POST', '/api/auth/challenge', {
			body,
			headers: { 'content-type': 'application/json' }
		});
		expectError(reply, 400, 'invalid-json');
	});

	it('refuses bytes that are not UTF-8: 400 invalid-json', async () => {
		const { port } = await start();
		const body = Buffer.concat([
			Buffer.from('{"publicKey":"'),
			Buffer.from([0xff, 0xfe]),
			Buffer.from('"}')
		]);
		const reply = await rawPost(port, '/api/auth/challenge', [body], {
			'content-type': 'application/json',
			'content-length': String(body.length)
		});
		expect(reply).toEqual({
			status: 400,
			body: { error: { code: 'invalid-json', message: expect.any(String) } }
		});
	});

	it('refuses a body declared larger than 16 KiB: 413 body-too-large', async () => {
		const { url } = await start();
		const json = { publicKey: device().publicKey, padding: 'x'.repeat(16 * 1024) };
		const reply = await call(url, 'POST', '/api/auth/challenge', { json });
		expectError(reply, 413, 'body-too-large');
	});

	it('refuses a streamed body that grows past the limit: 413 body-too-large', async () => {
		const { port } = await start({ bodyLimitBytes: 1024 });
		const chunks = Array.from({ length: 8 }, () => Buffer.from(' '.repeat(512)));
		const reply = await rawPost(port, '/api/auth/challenge', chunks, {
			'content-type': 'application/json',
			'transfer-encoding': 'chunked'
		});
		expect(reply).toEqual({
			status: 413,
			body: { error: { code: 'body-too-large', message: expect.any(String) } }
		});
	});

	it('accepts a body exactly at the limit', async () => {
		const { url } = await start({ bodyLimitBytes: 1024 });
		const text = JSON.stringify({ publicKey: device().publicKey });
		const body = text + ' '.repeat(1024 - Buffer.byteLength(text));
		const reply = await call(url, 'POST', '/api/auth/challenge', {
			body,
			headers: { 'content-type': 'application/json' }
		});
		expect(reply.status).toBe(200);
	});

	it('refuses a body that is not declared JSON: 415', async () => {
		const { url } = await start();
		const reply = await call(url, 'POST', '/api/auth/challenge', {
			body: JSON.stringify({ publicKey: device().publicKey }),
			headers: { 'content-type': 'text/plain' }
		});
		expectError(reply, 415, 'unsupported-media-type');
	});

	it('refuses GET: 405 with Allow', async () => {
		const { url } = await start();
		const reply = await call(url, 'GET', '/api/auth/challenge');
		expectError(reply, 405, 'method-not-allowed');
		expect(reply.headers.get('allow')).toBe('POST');
	});
});

describe('POST /api/auth/session', () => {
	it('registers a new key under its display name and opens a 24-hour session', async () => {
		const { url } = await start();
		const who = device();
		const reply = await signIn(url, who, '  Quiet   River ');
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			userId: who.userId,
			displayName: 'Quiet River',
			token: expect.any(String),
			expiresAt: time + 24 * HOUR
		});
		const token = textAt(reply, 'token');
		const me = await call(url, 'GET', '/api/me', { token });
		expect(me.body).toMatchObject({
			userId: who.userId,
			displayName: 'Quiet River',
			createdAt: time
		});
	});

	it('signs a known key in again without a name, and ignores one sent', async () => {
		const { url } = await start();
		const who = device();
		await signIn(url, who, 'Quiet River');
		time += HOUR;
		const again = await signIn(url, who);
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({
			userId: who.userId,
			displayName: 'Quiet River',
			expiresAt: time + 24 * HOUR
		});
		const renamed = await signIn(url, who, 'Someone Else');
		expect(renamed.body).toMatchObject({ displayName: 'Quiet River' });
	});

	it('asks a new key for a name: 400 display-name-required, nothing registered', async () => {
		const { url } = await start();
		const who = device();
		expectError(await signIn(url, who), 400, 'display-name-required', 'displayName');
		expect(await identities?.getIdentity(who.userId)).toBeUndefined();
	});

	it('refuses a name someone has, in any case: 409 name-taken, nothing registered', async () => {
		const { url } = await start();
		await signIn(url, device(), 'Quiet River');
		const late = device();
		const reply = await signIn(url, late, 'QUIET river');
		expectError(reply, 409, 'name-taken', 'displayName');
		expect(textAt(reply, 'error', 'message')).toMatch(/pick another/);
		expect(await identities?.getIdentity(late.userId)).toBeUndefined();
		expect((await signIn(url, late, 'Quiet River 2')).status).toBe(200);
	});

	it.each([
		['', 'display-name-empty'],
		['x'.repeat(33), 'display-name-too-long'],
		['\u202eevil', 'display-name-characters']
	])('refuses the name %j: 400 %s', async (name, code) => {
		const { url } = await start();
		const who = device();
		expectError(await signIn(url, who, name), 400, code, 'displayName');
		expect(await identities?.getIdentity(who.userId)).toBeUndefined();
	});

	it('refuses a signature by another key: 401 bad-signature', async () => {
		const { url } = await start();
		const who = device();
		const challenge = await challengeFor(url, who);
		const json = sessionBody(url, who, challenge, {
			displayName: 'Sam',
			signer: device().identity
		});
		expectError(await call(url, 'POST', '/api/auth/session', { json }), 401, 'bad-signature');
		expect(await identities?.getIdentity(who.userId)).toBeUndefined();
	});

	it('refuses a tampered signature: 401 bad-signature', async () => {
		const { url } = await start();
		const who = device();
		const challenge = await challengeFor(url, who);
		const json = sessionBody(url, who, challenge, { displayName: 'Sam' });
		const bytes = Buffer.from(json.signature, 'base64url');
		bytes[5] = (bytes[5] ?? 0) ^ 1;
		json.signature = bytes.toString('base64url');
		expectError(await call(url, 'POST', '/api/auth/session', { json }), 401, 'bad-signature');
	});

	it('uses a challenge once: a second use is 401 challenge-unknown', async () => {
		const { url } = await start();
		const who = device();
		const challenge = await challengeFor(url, who);
		const json = sessionBody(url, who, challenge, { displayName: 'Sam' });
		expect((await call(url, 'POST', '/api/auth/session', { json })).status).toBe(200);
		expectError(await call(url, 'POST', '/api/auth/session', { json }), 401, 'challenge-unknown');
	});

	it('uses up a challenge on a failed attempt too', async () => {
		const { url } = await start();
		const who = device();
		const challenge = await challengeFor(url, who);
		const wrong = sessionBody(url, who, challenge, {
			displayName: 'Sam',
			signer: device().identity
		});
		expectError(
			await call(url, 'POST', '/api/auth/session', { json: wrong }),
			401,
			'bad-signature'
		);
		const right = sessionBody(url, who, challenge, { displayName: 'Sam' });
		expectError(
			await call(url, 'POST', '/api/auth/session', { json: right }),
			401,
			'challenge-unknown'
		);
	});

	it('refuses a challenge never issued, or issued to another key: 401 challenge-unknown', async () => {
		const { url } = await start();
		const who = device();
		const made = sessionBody(url, who, encodeBase64Url(new Uint8Array(32)), { displayName: 'Sam' });
		expectError(
			await call(url, 'POST', '/api/auth/session', { json: made }),
			401,
			'challenge-unknown'
		);
		const othersChallenge = await challengeFor(url, device());
		const stolen = sessionBody(url, who, othersChallenge, { displayName: 'Sam' });
		expectError(
			await call(url, 'POST', '/api/auth/session', { json: stolen }),
			401,
			'challenge-unknown'
		);
	});

	it('refuses a challenge after two minutes: 401 challenge-expired', async () => {
		const { url } = await start();
		const who = device();
		const challenge = await challengeFor(url, who);
		time += 2 * MINUTE;
		const json = sessionBody(url, who, challenge, { displayName: 'Sam' });
		expectError(await call(url, 'POST', '/api/auth/session', { json }), 401, 'challenge-expired');
	});

	it('accepts a challenge a moment before it expires', async () => {
		const { url } = await start();
		const who = device();
		const challenge = await challengeFor(url, who);
		time += 2 * MINUTE - 1;
		const json = sessionBody(url, who, challenge, { displayName: 'Sam' });
		expect((await call(url, 'POST', '/api/auth/session', { json })).status).toBe(200);
	});

	it('refuses a sign-in signed for another origin: 401 wrong-origin', async () => {
		const { url } = await start();
		const who = device();
		const challenge = await challengeFor(url, who);
		const json = sessionBody(url, who, challenge, {
			displayName: 'Sam',
			origin: 'https://evil.example'
		});
		expectError(
			await call(url, 'POST', '/api/auth/session', { json }),
			401,
			'wrong-origin',
			'origin'
		);
	});

	it('takes the configured origins instead of the Host header when given', async () => {
		const { url } = await start({ allowedOrigins: ['https://hearth.example'] });
		const who = device();
		const ours = sessionBody(url, who, await challengeFor(url, who), {
			displayName: 'Sam',
			origin: 'https://hearth.example'
		});
		expect((await call(url, 'POST', '/api/auth/session', { json: ours })).status).toBe(200);
		const local = sessionBody(url, who, await challengeFor(url, who));
		const refused = await call(url, 'POST', '/api/auth/session', { json: local });
		expectError(refused, 401, 'wrong-origin', 'origin');
	});

	it.each([
		['signature', { signature: 'abc' }],
		['challenge', { challenge: 42 }],
		['origin', { origin: undefined }],
		['displayName', { displayName: ['Sam'] }]
	])('names the field %s that does not fit: 400 invalid-body', async (field, change) => {
		const { url } = await start();
		const who = device();
		const json = {
			...sessionBody(url, who, await challengeFor(url, who), { displayName: 'Sam' }),
			...change
		};
		expectError(await call(url, 'POST', '/api/auth/session', { json }), 400, 'invalid-body', field);
	});
});

describe('GET and PUT /api/me', () => {
	it('tells the person who they are, pseudonyms included', async () => {
		const { url } = await start();
		const who = device();
		const token = await sessionToken(url, who, 'Sam');
		await call(url, 'POST', '/api/communities/grief-and-loss/pseudonym', {
			token,
			json: pseudonymBody(who, 'grief-and-loss', 'Willow')
		});
		const reply = await call(url, 'GET', '/api/me', { token });
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			userId: who.userId,
			displayName: 'Sam',
			createdAt: time,
			pseudonyms: [
				{
					pseudonymId: pseudonymIdFromPublicKey(
						derivePseudonymKeyPair(who.root, 'grief-and-loss').publicKey
					),
					communityId: 'grief-and-loss',
					displayName: 'Willow'
				}
			],
			roles: { admin: false, moderates: [] }
		});
	});

	it('answers HEAD like GET, without a body', async () => {
		const { url } = await start();
		const token = await sessionToken(url, device(), 'Sam');
		const res = await fetch(`${url}/api/me`, {
			method: 'HEAD',
			headers: { authorization: `Bearer ${token}` }
		});
		expect(res.status).toBe(200);
		expect(await res.text()).toBe('');
	});

	it('renames, to another case of the same name too', async () => {
		const { url } = await start();
		const token = await sessionToken(url, device(), 'Sam');
		const renamed = await call(url, 'PUT', '/api/me', {
			token,
			json: { displayName: ' Sam  Lee ' }
		});
		expect(renamed.status).toBe(200);
		expect(renamed.body).toMatchObject({ displayName: 'Sam Lee' });
		const recased = await call(url, 'PUT', '/api/me', { token, json: { displayName: 'SAM LEE' } });
		expect(recased.body).toMatchObject({ displayName: 'SAM LEE' });
		expect((await call(url, 'GET', '/api/me', { token })).body).toMatchObject({
			displayName: 'SAM LEE'
		});
	});

	it("refuses someone else's name: 409 name-taken, name kept", async () => {
		const { url } = await start();
		await sessionToken(url, device(), 'Kim');
		const token = await sessionToken(url, device(), 'Sam');
		expectError(
			await call(url, 'PUT', '/api/me', { token, json: { displayName: 'kim' } }),
			409,
			'name-taken',
			'displayName'
		);
		expect((await call(url, 'GET', '/api/me', { token })).body).toMatchObject({
			displayName: 'Sam'
		});
	});

	it.each([
		[{ displayName: '   ' }, 400, 'display-name-empty'],
		[{ displayName: 'y'.repeat(40) }, 400, 'display-name-too-long'],
		[{ name: 'Sam' }, 400, 'invalid-body']
	])('refuses %j: %i %s', async (json, status, code) => {
		const { url } = await start();
		const token = await sessionToken(url, device(), 'Sam');
		expectError(await call(url, 'PUT', '/api/me', { token, json }), status, code, 'displayName');
	});

	it('refuses POST: 405 with Allow', async () => {
		const { url } = await start();
		const reply = await call(url, 'POST', '/api/me');
		expectError(reply, 405, 'method-not-allowed');
		expect(reply.headers.get('allow')).toBe('GET, PUT, DELETE, HEAD');
	});
});

describe('session tokens', () => {
	it.each([
		['no Authorization header', undefined],
		['another scheme', 'Basic c2FtOnNhbQ=='],
		['an empty bearer', 'Bearer '],
		['a made-up token', 'Bearer abc.def'],
		['a token with its signature changed', 'changed']
	])('refuse %s: 401 unauthorized with WWW-Authenticate', async (_what, header) => {
		const { url } = await start();
		let authorization = header;
		if (header === 'changed') {
			const token = await sessionToken(url, device(), 'Sam');
			authorization = `Bearer ${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
		}
		const reply = await call(url, 'GET', '/api/me', {
			headers: authorization === undefined ? {} : { authorization }
		});
		expectError(reply, 401, 'unauthorized');
		expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="hearth"');
		const put = await call(url, 'PUT', '/api/me', {
			json: { displayName: 'Kim' },
			headers: authorization === undefined ? {} : { authorization }
		});
		expectError(put, 401, 'unauthorized');
	});

	it('refuse a sync token used as a session token: 401 unauthorized', async () => {
		const { url } = await start();
		const who = device();
		const token = await sessionToken(url, who, 'Sam');
		const sync = await call(url, 'POST', '/api/sync-token', {
			token,
			json: { room: `journal:${who.userId}` }
		});
		const syncToken = textAt(sync, 'token');
		expectError(await call(url, 'GET', '/api/me', { token: syncToken }), 401, 'unauthorized');
	});

	it('refuse a token from a server with another secret: 401 unauthorized', async () => {
		const first = await start();
		const token = await sessionToken(first.url, device(), 'Sam');
		await app?.close();
		await identities?.close();
		await folders?.remove();
		const second = await start();
		expectError(await call(second.url, 'GET', '/api/me', { token }), 401, 'unauthorized');
	});

	it('expire after 24 hours: 401 token-expired', async () => {
		const { url } = await start();
		const token = await sessionToken(url, device(), 'Sam');
		time += 24 * HOUR - 1;
		expect((await call(url, 'GET', '/api/me', { token })).status).toBe(200);
		time += 1;
		const reply = await call(url, 'GET', '/api/me', { token });
		expectError(reply, 401, 'token-expired');
		expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="hearth"');
	});

	it('stop working once the identity is deleted: 401 unauthorized', async () => {
		const { url } = await start();
		const who = device();
		const token = await sessionToken(url, who, 'Sam');
		await identities?.deleteIdentity(who.userId);
		expectError(await call(url, 'GET', '/api/me', { token }), 401, 'unauthorized');
	});
});

describe('GET /api/communities', () => {
	it('lists the default communities, each with guidelines, to anyone', async () => {
		const { url } = await start();
		const reply = await call(url, 'GET', '/api/communities');
		expect(reply.status).toBe(200);
		const ids = [
			'anxiety',
			'low-mood',
			'grief-and-loss',
			'caregivers',
			'farming-and-rural-life',
			'new-parents'
		];
		expect(reply.body).toEqual({
			communities: ids.map((id) => ({
				id,
				name: expect.any(String),
				description: expect.any(String),
				guidelines: expect.arrayContaining([expect.any(String)]),
				guidelinesVersion: expect.stringMatching(/^[0-9a-f]{16}$/)
			}))
		});
	});

	it('refuses POST: 405 with Allow', async () => {
		const { url } = await start();
		const reply = await call(url, 'POST', '/api/communities', { json: {} });
		expectError(reply, 405, 'method-not-allowed');
		expect(reply.headers.get('allow')).toBe('GET, HEAD');
	});
});

describe('POST /api/communities/:id/pseudonym', () => {
	it('registers a pseudonym: 201, and 200 when asked again', async () => {
		const { url } = await start();
		const who = device();
		const token = await sessionToken(url, who, 'Sam');
		const json = pseudonymBody(who, 'anxiety', 'Quiet Fox');
		const pseudonymId = pseudonymIdFromPublicKey(
			derivePseudonymKeyPair(who.root, 'anxiety').publicKey
		);
		const made = await call(url, 'POST', '/api/communities/anxiety/pseudonym', { token, json });
		expect(made.status).toBe(201);
		expect(made.body).toEqual({ pseudonymId, communityId: 'anxiety', displayName: 'Quiet Fox' });
		expect(pseudonymId).not.toBe(who.userId);
		const again = await call(url, 'POST', '/api/communities/anxiety/pseudonym', { token, json });
		expect(again.status).toBe(200);
		expect(again.body).toEqual(made.body);
		expect(await identities?.getPseudonym(pseudonymId)).toMatchObject({ userId: who.userId });
	});

	it('renames when asked again with another name', async () => {
		const { url } = await start();
		const who = device();
		const token = await sessionToken(url, who, 'Sam');
		await call(url, 'POST', '/api/communities/anxiety/pseudonym', {
			token,
			json: pseudonymBody(who, 'anxiety', 'Quiet Fox')
		});
		const renamed = await call(url, 'POST', '/api/communities/anxiety/pseudonym', {
			token,
			json: pseudonymBody(who, 'anxiety', 'Calm Fox')
		});
		expect(renamed.status).toBe(200);
		expect(renamed.body).toMatchObject({ displayName: 'Calm Fox' });
	});

	it('refuses a name taken in that community, allows it in another: 409 name-taken', async () => {
		const { url } = await start();
		const sam = device();
		const kim = device();
		const samToken = await sessionToken(url, sam, 'Sam');
		const kimToken = await sessionToken(url, kim, 'Kim');
		await call(url, 'POST', '/api/communities/anxiety/pseudonym', {
			token: samToken,
			json: pseudonymBody(sam, 'anxiety', 'Quiet Fox')
		});
		const clash = await call(url, 'POST', '/api/communities/anxiety/pseudonym', {
			token: kimToken,
			json: pseudonymBody(kim, 'anxiety', 'quiet fox')
		});
		expectError(clash, 409, 'name-taken', 'displayName');
		const elsewhere = await call(url, 'POST', '/api/communities/caregivers/pseudonym', {
			token: kimToken,
			json: pseudonymBody(kim, 'caregivers', 'Quiet Fox')
		});
		expect(elsewhere.status).toBe(201);
	});

	it('refuses a second pseudonym key in one community: 409 pseudonym-exists', async () => {
		const { url } = await start();
		const who = device();
		const token = await sessionToken(url, who, 'Sam');
		await call(url, 'POST', '/api/communities/anxiety/pseudonym', {
			token,
			json: pseudonymBody(who, 'anxiety', 'Quiet Fox')
		});
		const otherKey = derivePseudonymKeyPair(newRootSecret(), 'anxiety');
		const reply = await call(url, 'POST', '/api/communities/anxiety/pseudonym', {
			token,
			json: pseudonymBody(who, 'anxiety', 'Owl', otherKey)
		});
		expectError(reply, 409, 'pseudonym-exists');
	});

	it("refuses another person's pseudonym key: 409 key-in-use", async () => {
		const { url } = await start();
		const sam = device();
		const kim = device();
		const samToken = await sessionToken(url, sam, 'Sam');
		const kimToken = await sessionToken(url, kim, 'Kim');
		const samsKey = derivePseudonymKeyPair(sam.root, 'anxiety');
		await call(url, 'POST', '/api/communities/anxiety/pseudonym', {
			token: samToken,
			json: pseudonymBody(sam, 'anxiety', 'Quiet Fox')
		});
		// Only possible for someone holding Sam's pseudonym secret, but refused all the same.
		const reply = await call(url, 'POST', '/api/communities/anxiety/pseudonym', {
			token: kimToken,
			json: pseudonymBody(kim, 'anxiety', 'Owl', samsKey)
		});
		expectError(reply, 409, 'key-in-use', 'publicKey');
	});

	it('refuses a pseudonym key used as an identity key: 409 key-in-use, nothing registered', async () => {
		const { url } = await start();
		const sam = device();
		const token = await sessionToken(url, sam, 'Sam');
		const fox = derivePseudonymKeyPair(sam.root, 'anxiety');
		await call(url, 'POST', '/api/communities/anxiety/pseudonym', {
			token,
			json: pseudonymBody(sam, 'anxiety', 'Quiet Fox')
		});
		const masked: Device = {
			root: sam.root,
			identity: fox,
			userId: userIdFromPublicKey(fox.publicKey),
			publicKey: encodeBase64Url(fox.publicKey)
		};
		expectError(await signIn(url, masked, 'Fox'), 409, 'key-in-use', 'publicKey');
		expect(await identities?.getIdentity(masked.userId)).toBeUndefined();
	});

	it.each([
		[
			'signed for another community',
			(who: Device) => ({
				...pseudonymBody(
					who,
					'grief-and-loss',
					'Quiet Fox',
					derivePseudonymKeyPair(who.root, 'anxiety')
				)
			})
		],
		[
			'signed by another identity',
			(who: Device) => {
				const body = pseudonymBody(
					device(),
					'anxiety',
					'Quiet Fox',
					derivePseudonymKeyPair(who.root, 'anxiety')
				);
				return {
					...body,
					pseudonymSignature: pseudonymBody(who, 'anxiety', 'Quiet Fox').pseudonymSignature
				};
			}
		],
		[
			'without the pseudonym key’s own signature',
			(who: Device) => {
				const body = pseudonymBody(who, 'anxiety', 'Quiet Fox');
				return { ...body, pseudonymSignature: body.signature };
			}
		]
	])('refuses a binding %s: 400 bad-signature', async (_what, makeBody) => {
		const { url } = await start();
		const who = device();
		const token = await sessionToken(url, who, 'Sam');
		const reply = await call(url, 'POST', '/api/communities/anxiety/pseudonym', {
			token,
			json: makeBody(who)
		});
		expectError(reply, 400, 'bad-signature');
		expect(await identities?.pseudonymsOf(who.userId)).toEqual([]);
	});

	it('refuses an unknown community: 404 unknown-community', async () => {
		const { url } = await start();
		const who = device();
		const token = await sessionToken(url, who, 'Sam');
		const reply = await call(url, 'POST', '/api/communities/knitting/pseudonym', {
			token,
			json: pseudonymBody(who, 'knitting', 'Quiet Fox')
		});
		expectError(reply, 404, 'unknown-community');
	});

	it('refuses a bad name (400) and a missing session (401)', async () => {
		const { url } = await start();
		const who = device();
		const token = await sessionToken(url, who, 'Sam');
		const path = '/api/communities/anxiety/pseudonym';
		expectError(
			await call(url, 'POST', path, { token, json: pseudonymBody(who, 'anxiety', '') }),
			400,
			'display-name-empty',
			'displayName'
		);
		expectError(
			await call(url, 'POST', path, { json: pseudonymBody(who, 'anxiety', 'Fox') }),
			401,
			'unauthorized'
		);
		expectError(await call(url, 'GET', path, { token }), 405, 'method-not-allowed');
	});
});

describe('POST /api/sync-token and authorizeSync', () => {
	async function signedIn() {
		const started = await start();
		const who = device();
		const token = await sessionToken(started.url, who, 'Sam');
		const syncToken = async (room: string) =>
			call(started.url, 'POST', '/api/sync-token', { token, json: { room } });
		/** What the sync endpoint would decide for an upgrade to /sync/<room>?token=… */
		const upgrade = (room: string, query: string) => {
			const req = new IncomingMessage(new Socket());
			req.url = `/sync/${room}${query}`;
			return started.authorize(req, room);
		};
		return { ...started, who, token, syncToken, upgrade };
	}

	it('opens one’s own journal, read and write, for five minutes', async () => {
		const { who, syncToken, upgrade } = await signedIn();
		const room = `journal:${who.userId}`;
		const reply = await syncToken(room);
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			token: expect.any(String),
			expiresAt: time + 5 * MINUTE,
			write: true
		});
		const token = textAt(reply, 'token');
		expect(await upgrade(room, `?token=${token}`)).toEqual({
			userId: who.userId,
			author: who.userId,
			canWrite: true,
			awareness: false,
			issuedAt: expect.any(Number)
		});
		time += 5 * MINUTE;
		expect(await upgrade(room, `?token=${token}`)).toEqual({ refusal: 'expired' });
	});

	it('opens a community room read-only until the person has a pseudonym there', async () => {
		const { url, who, token: session, syncToken, upgrade } = await signedIn();
		const room = 'community:anxiety:recent';
		const before = textAt(await syncToken(room), 'token');
		// Writing also needs the guidelines accepted (tests/server/safety-api.spec.ts).
		const listed = await call(url, 'GET', '/api/communities');
		const version = JSON.stringify(listed.body).match(
			/"id":"anxiety"[^}]*"guidelinesVersion":"([0-9a-f]{16})"/
		)?.[1];
		await call(url, 'PUT', '/api/communities/anxiety/guidelines', {
			token: session,
			json: { version }
		});
		expect(await upgrade(room, `?token=${before}`)).toEqual({
			userId: who.userId,
			author: null,
			canWrite: false,
			awareness: true,
			issuedAt: expect.any(Number)
		});
		await call(url, 'POST', '/api/communities/anxiety/pseudonym', {
			token: session,
			json: pseudonymBody(who, 'anxiety', 'Quiet Fox')
		});
		const after = textAt(await syncToken(room), 'token');
		expect(await upgrade(room, `?token=${after}`)).toEqual({
			userId: who.userId,
			author: pseudonymIdFromPublicKey(derivePseudonymKeyPair(who.root, 'anxiety').publicKey),
			canWrite: true,
			awareness: true,
			issuedAt: expect.any(Number)
		});
	});

	it("refuses someone else's journal: 403 forbidden", async () => {
		const { syncToken } = await signedIn();
		expectError(await syncToken(`journal:${device().userId}`), 403, 'forbidden');
	});

	it.each([
		'community:knitting:recent',
		'community:anxiety',
		'community:anxiety:Recent',
		'journal:not-an-id',
		'lobby',
		`community:anxiety:${'x'.repeat(120)}`
	])('refuses the room %j: 404 unknown-room', async (room) => {
		const { syncToken } = await signedIn();
		expectError(await syncToken(room), 404, 'unknown-room');
	});

	it('needs a session (401) and a room (400)', async () => {
		const { url, token } = await signedIn();
		expectError(
			await call(url, 'POST', '/api/sync-token', { json: { room: 'community:anxiety:recent' } }),
			401,
			'unauthorized'
		);
		expectError(
			await call(url, 'POST', '/api/sync-token', { token, json: {} }),
			400,
			'invalid-body',
			'room'
		);
		expectError(await call(url, 'GET', '/api/sync-token', { token }), 405, 'method-not-allowed');
	});

	it('authorizeSync refuses what it must', async () => {
		const { who, token: session, syncToken, upgrade } = await signedIn();
		const journal = `journal:${who.userId}`;
		const token = textAt(await syncToken('community:anxiety:recent'), 'token');
		expect(await upgrade(journal, '')).toEqual({ refusal: 'missing-token' });
		expect(await upgrade(journal, '?token=')).toEqual({ refusal: 'missing-token' });
		expect(await upgrade(journal, `?token=${token}`)).toEqual({ refusal: 'forbidden' });
		expect(await upgrade(journal, `?token=${session}`)).toEqual({ refusal: 'invalid-token' });
		expect(await upgrade(journal, '?token=abc.def')).toEqual({ refusal: 'invalid-token' });
		expect(await upgrade('community:knitting:recent', `?token=${token}`)).toEqual({
			refusal: 'unknown-room'
		});
		expect(await upgrade('community:anxiety:recent', `?token=${token}`)).toMatchObject({
			canWrite: false
		});
	});
});

describe('the API as a whole', () => {
	it.each([
		['GET', '/api'],
		['GET', '/api/auth'],
		['POST', '/api/auth/logout'],
		['GET', '/api/communities/anxiety'],
		['GET', '/api/me/extra']
	])('%s %s is 404 not-found', async (method, path) => {
		const { url } = await start();
		expectError(await call(url, method, path), 404, 'not-found');
	});

	it('never writes tokens, keys, names or bodies to the log', async () => {
		const { url, logLines } = await start();
		const who = device();
		const reply = await signIn(url, who, 'Secret Name');
		const token = textAt(reply, 'token');
		await call(url, 'POST', '/api/communities/anxiety/pseudonym', {
			token,
			json: pseudonymBody(who, 'anxiety', 'Hidden Fox')
		});
		await call(url, 'POST', '/api/sync-token', { token, json: { room: `journal:${who.userId}` } });
		await call(url, 'PUT', '/api/me', { token, json: { displayName: 'kim' } });
		await call(url, 'POST', '/api/auth/session', {
			body: '{"publicKey":"leaky',
			headers: { 'content-type': 'application/json' }
		});
		const log = logLines.join('\n');
		for (const secret of [token, who.publicKey, 'Secret Name', 'Hidden Fox', 'leaky']) {
			expect(log).not.toContain(secret);
		}
	});
});
