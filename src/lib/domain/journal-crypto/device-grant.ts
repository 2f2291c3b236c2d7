/**
 * A journal key sent to one of the person's devices through the shared document, readable by
 * that device alone: X25519 with a fresh ephemeral key per grant, HKDF-SHA-256 over the shared
 * secret (salted with both public keys), then AES-256-GCM with the grant's place as associated
 * data (an ECIES construction, as in RFC 9180's base mode, built from parts every phone has).
 *
 * This is how unlinking a lost device works: the remaining devices get the new journal key in
 * grants to their own public keys; the lost device, left out, can read nothing sealed with it.
 */

import { x25519 } from '@noble/curves/ed25519.js';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { isSealedBox, openBytes, sealBytes, type SealedBox } from './aes-gcm';
import { JournalCryptoError } from './crypto-error';

const INFO = 'hearth/journal-grant/v1';
const KEY_BYTES = 32;

export interface DeviceGrant extends SealedBox {
	/** The sender's ephemeral X25519 public key, base64url. */
	epk: string;
}

export interface AgreementKeyPair {
	secretKey: Uint8Array;
	publicKey: Uint8Array;
}

export function newAgreementKeyPair(): AgreementKeyPair {
	const secretKey = x25519.utils.randomSecretKey();
	return { secretKey, publicKey: x25519.getPublicKey(secretKey) };
}

export function agreementPublicKey(secretKey: Uint8Array): Uint8Array {
	return x25519.getPublicKey(secretKey);
}

export async function sealGrant(
	recipient: Uint8Array,
	payload: Uint8Array,
	purpose: string
): Promise<DeviceGrant> {
	const ephemeral = newAgreementKeyPair();
	const key = await grantKey(
		x25519.getSharedSecret(ephemeral.secretKey, recipient),
		ephemeral.publicKey,
		recipient
	);
	const box = await sealBytes(key, payload, purpose);
	return { epk: encodeBase64Url(ephemeral.publicKey), ...box };
}

/** Throws `JournalCryptoError` ('malformed' or 'tampered': not for this device, or changed). */
export async function openGrant(
	secretKey: Uint8Array,
	grant: unknown,
	purpose: string
): Promise<Uint8Array> {
	if (!isSealedBox(grant) || !('epk' in grant) || typeof grant.epk !== 'string') {
		throw new JournalCryptoError('malformed', 'Not a key grant.');
	}
	let ephemeral: Uint8Array;
	let shared: Uint8Array;
	try {
		ephemeral = decodeBase64Url(grant.epk);
		shared = x25519.getSharedSecret(secretKey, ephemeral);
	} catch {
		throw new JournalCryptoError('malformed', 'The grant’s public key is damaged.');
	}
	const key = await grantKey(shared, ephemeral, x25519.getPublicKey(secretKey));
	return openBytes(key, grant, purpose);
}

async function grantKey(
	shared: Uint8Array,
	ephemeral: Uint8Array,
	recipient: Uint8Array
): Promise<CryptoKey> {
	const base = await crypto.subtle.importKey('raw', new Uint8Array(shared), 'HKDF', false, [
		'deriveKey'
	]);
	const salt = new Uint8Array(KEY_BYTES * 2);
	salt.set(ephemeral, 0);
	salt.set(recipient, KEY_BYTES);
	return crypto.subtle.deriveKey(
		{ name: 'HKDF', hash: 'SHA-256', salt, info: new TextEncoder().encode(INFO) },
		base,
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
}
