import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { newRootSecret } from '../identity/root-secret';
import { KEY_BYTES, randomBytes, sealBytes, type SealedBox } from './aes-gcm';
import { JournalCryptoError, type JournalCryptoProblem } from './crypto-error';
import { formatLinkCode, newLinkSecret, parseLinkCode } from './link-code';
import { linkDropId, openLinkPayload, sealLinkPayload, type LinkPayload } from './link-payload';

/** The box key as docs/PROTOCOL.md defines it, derived here independently of the module. */
async function documentedBoxKey(secret: Uint8Array): Promise<CryptoKey> {
	const base = await crypto.subtle.importKey('raw', new Uint8Array(secret), 'HKDF', false, [
		'deriveKey'
	]);
	const info = new TextEncoder().encode('hearth/link/v1/box');
	return crypto.subtle.deriveKey(
		{ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info },
		base,
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
}

/** A box sealed as the protocol says, around any JSON text. */
async function boxAround(secret: Uint8Array, json: string): Promise<SealedBox> {
	return sealBytes(
		await documentedBoxKey(secret),
		new TextEncoder().encode(json),
		'hearth/link/v1'
	);
}

function payload(): LinkPayload {
	return {
		rootSecret: newRootSecret(),
		keys: new Map([
			['old-key', randomBytes(KEY_BYTES)],
			['new-key', randomBytes(KEY_BYTES)]
		]),
		current: 'new-key',
		displayName: 'Sam'
	};
}

async function problemOf(work: Promise<unknown>): Promise<JournalCryptoProblem | 'opened'> {
	try {
		await work;
		return 'opened';
	} catch (e: unknown) {
		if (e instanceof JournalCryptoError) return e.code;
		throw e;
	}
}

/** Flips one bit of a base64url field, keeping it valid base64url. */
function flipped(text: string): string {
	const bytes = decodeBase64Url(text);
	bytes[0] = (bytes[0] ?? 0) ^ 1;
	return encodeBase64Url(bytes);
}

describe('link payloads', () => {
	it('open with the secret that sealed them, through the code as typed', async () => {
		const secret = newLinkSecret();
		const sent = payload();
		const box = await sealLinkPayload(secret, sent);
		const typed = parseLinkCode(formatLinkCode(secret).toLowerCase());
		expect(await openLinkPayload(typed, box)).toEqual(sent);
	});

	it('never carry the secrets in the clear', async () => {
		const secret = newLinkSecret();
		const sent = payload();
		const box = await sealLinkPayload(secret, sent);
		const text = JSON.stringify(box);
		expect(text).not.toContain(encodeBase64Url(sent.rootSecret));
		expect(text).not.toContain('Sam');
		expect(text).not.toContain(await linkDropId(secret));
	});

	it('do not open with another code', async () => {
		const box = await sealLinkPayload(newLinkSecret(), payload());
		expect(await problemOf(openLinkPayload(newLinkSecret(), box))).toBe('tampered');
	});

	it.each(['iv', 'ct'] as const)('do not open once their %s is changed', async (field) => {
		const secret = newLinkSecret();
		const box = await sealLinkPayload(secret, payload());
		const changed: SealedBox = { ...box, [field]: flipped(box[field]) };
		expect(await problemOf(openLinkPayload(secret, changed))).toBe('tampered');
	});

	it('refuse a payload whose current key is missing, before sealing it', async () => {
		const broken = { ...payload(), current: 'nowhere' };
		expect(await problemOf(sealLinkPayload(newLinkSecret(), broken))).toBe('malformed');
	});

	it('name each drop with 16 bytes that depend on the secret alone', async () => {
		const secret = newLinkSecret();
		const id = await linkDropId(secret);
		expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(await linkDropId(new Uint8Array(secret))).toBe(id);
		expect(await linkDropId(newLinkSecret())).not.toBe(id);
	});

	it('open a box sealed as the protocol documents it', async () => {
		const secret = newLinkSecret();
		const root = newRootSecret();
		const key = randomBytes(KEY_BYTES);
		const json = JSON.stringify({
			v: 1,
			rootSecret: encodeBase64Url(root),
			keys: { k1: encodeBase64Url(key) },
			current: 'k1',
			from: { displayName: null }
		});
		const opened = await openLinkPayload(secret, await boxAround(secret, json));
		expect(opened).toEqual({
			rootSecret: root,
			keys: new Map([['k1', key]]),
			current: 'k1',
			displayName: null
		});
	});

	it.each([
		['from a newer Hearth', { v: 2 }, 'unsupported-version'],
		['with a short root secret', { rootSecret: 'AAAA' }, 'malformed'],
		['with a current key it lacks', { current: 'k9' }, 'malformed'],
		['with a short key', { keys: { k1: 'AAAA' } }, 'malformed']
	] as const)('refuse a payload %s', async (_what, change, problem) => {
		const secret = newLinkSecret();
		const json = JSON.stringify({
			v: 1,
			rootSecret: encodeBase64Url(newRootSecret()),
			keys: { k1: encodeBase64Url(randomBytes(KEY_BYTES)) },
			current: 'k1',
			...change
		});
		expect(await problemOf(openLinkPayload(secret, await boxAround(secret, json)))).toBe(problem);
	});

	it('refuse a box whose contents are not JSON', async () => {
		const secret = newLinkSecret();
		expect(await problemOf(openLinkPayload(secret, await boxAround(secret, '{v:1')))).toBe(
			'malformed'
		);
	});
});
