/**
 * What a link carries from one of a person's phones to another, sealed so that only the link
 * code opens it. From the code's secret, HKDF-SHA-256 (no salt) derives two unrelated values:
 *
 *   hearth/link/v1/drop-id   16 bytes, base64url: the server's name for the sealed box. Knowing
 *                            it tells nothing about the secret (HKDF is one-way).
 *   hearth/link/v1/box       an AES-256-GCM key that seals the payload, with associated data
 *                            `hearth/link/v1`, so the box opens for nothing else.
 *
 * The payload, as JSON inside the box:
 *
 *   { "v": 1, "rootSecret": "<32 bytes>", "keys": { "<key id>": "<32 bytes>", … },
 *     "current": "<key id>", "from": { "displayName": "Sam" | null } }
 *
 * The server only ever holds the box and its drop id, never the secret: it cannot open the box,
 * and 160 random bits cannot be guessed offline.
 */
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { ROOT_SECRET_BYTES } from '../identity/root-secret';
import { KEY_BYTES, openBytes, sealBytes, type SealedBox } from './aes-gcm';
import { JournalCryptoError } from './crypto-error';
import { LINK_SECRET_BYTES } from './link-code';

export const LINK_PAYLOAD_VERSION = 1;
const DROP_ID_INFO = 'hearth/link/v1/drop-id';
const BOX_KEY_INFO = 'hearth/link/v1/box';
const PURPOSE = 'hearth/link/v1';
const DROP_ID_BYTES = 16;

export interface LinkPayload {
	rootSecret: Uint8Array;
	/** Every journal key, by key id. */
	keys: ReadonlyMap<string, Uint8Array>;
	/** The key new journal records are sealed with. */
	current: string;
	/** The person's name, so the new phone can greet them before it reaches the server. */
	displayName: string | null;
}

/** The server's name for the box a link secret seals (22 base64url characters). */
export async function linkDropId(secret: Uint8Array): Promise<string> {
	const bits = await crypto.subtle.deriveBits(
		hkdf(DROP_ID_INFO),
		await baseKey(secret),
		DROP_ID_BYTES * 8
	);
	return encodeBase64Url(new Uint8Array(bits));
}

export async function sealLinkPayload(
	secret: Uint8Array,
	payload: LinkPayload
): Promise<SealedBox> {
	if (!payload.keys.has(payload.current)) {
		throw new JournalCryptoError('malformed', 'The current journal key is not among the keys.');
	}
	const json = {
		v: LINK_PAYLOAD_VERSION,
		rootSecret: encodeBase64Url(payload.rootSecret),
		keys: Object.fromEntries([...payload.keys].map(([id, raw]) => [id, encodeBase64Url(raw)])),
		current: payload.current,
		from: { displayName: payload.displayName }
	};
	const bytes = new TextEncoder().encode(JSON.stringify(json));
	return sealBytes(await boxKey(secret), bytes, PURPOSE);
}

/**
 * Opens and checks a link box. Throws `JournalCryptoError`: 'tampered' when it does not open with
 * this secret (changed, or another link's), 'unsupported-version' from a newer Hearth, and
 * 'malformed' for anything else amiss.
 */
export async function openLinkPayload(secret: Uint8Array, box: SealedBox): Promise<LinkPayload> {
	const bytes = await openBytes(await boxKey(secret), box, PURPOSE);
	let value: unknown;
	try {
		value = JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		throw malformed('not JSON');
	}
	return parsePayload(value);
}

function parsePayload(value: unknown): LinkPayload {
	if (!isObject(value)) throw malformed('not an object');
	if (typeof value.v === 'number' && value.v > LINK_PAYLOAD_VERSION) {
		throw new JournalCryptoError(
			'unsupported-version',
			'A newer version of Hearth made this link; updating Hearth on this phone will read it.'
		);
	}
	if (value.v !== LINK_PAYLOAD_VERSION) throw malformed('version');
	const rootSecret = bytesOf(value.rootSecret, ROOT_SECRET_BYTES, 'root secret');
	if (!isObject(value.keys)) throw malformed('keys');
	const keys = new Map<string, Uint8Array>();
	for (const [id, raw] of Object.entries(value.keys)) {
		if (id === '') throw malformed('key id');
		keys.set(id, bytesOf(raw, KEY_BYTES, 'key'));
	}
	if (typeof value.current !== 'string' || !keys.has(value.current)) throw malformed('current');
	const from = isObject(value.from) ? value.from : {};
	const displayName = typeof from.displayName === 'string' ? from.displayName : null;
	return { rootSecret, keys, current: value.current, displayName };
}

function bytesOf(value: unknown, length: number, what: string): Uint8Array {
	if (typeof value !== 'string') throw malformed(what);
	let bytes: Uint8Array;
	try {
		bytes = decodeBase64Url(value);
	} catch {
		throw malformed(what);
	}
	if (bytes.length !== length) throw malformed(`${what} length`);
	return bytes;
}

async function baseKey(secret: Uint8Array): Promise<CryptoKey> {
	if (secret.length !== LINK_SECRET_BYTES) {
		throw new RangeError(`A link secret is ${LINK_SECRET_BYTES} bytes, not ${secret.length}.`);
	}
	return crypto.subtle.importKey('raw', new Uint8Array(secret), 'HKDF', false, [
		'deriveBits',
		'deriveKey'
	]);
}

async function boxKey(secret: Uint8Array): Promise<CryptoKey> {
	return crypto.subtle.deriveKey(
		hkdf(BOX_KEY_INFO),
		await baseKey(secret),
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
}

function hkdf(info: string): HkdfParams {
	return {
		name: 'HKDF',
		hash: 'SHA-256',
		salt: new Uint8Array(0),
		info: new TextEncoder().encode(info)
	};
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(detail: string): JournalCryptoError {
	return new JournalCryptoError('malformed', `The link's contents are damaged (${detail}).`);
}
