/**
 * The journal's keys and the ways into them, as stored on one device.
 *
 *   journal keys   random AES-256-GCM keys, one `current` (new records are sealed with it) and
 *                  any older ones still needed to read older records; sealed together, as one
 *                  JSON bundle, under the vault key
 *   vault key      32 random bytes, never stored in the clear; wrapped by exactly one of
 *     device       a non-extractable WebCrypto key kept in IndexedDB: no lock, the journal
 *                  opens by itself (encryption at rest still keeps records unreadable as raw
 *                  rows, in backups of the browser's files, and after a wipe of this row)
 *     passphrase   a key derived from the person's passphrase or PIN (`passphrase-kdf.ts`):
 *                  the lock; nothing on the device opens the journal without it
 *   and, if the person made one, by the journal recovery code (`recovery-code.ts`'s format,
 *   256 random bits, shown once and never stored), which opens it when the passphrase is lost.
 *
 * Changing the passphrase re-wraps the vault key; records are not touched. Rotating the journal
 * key adds a key to the bundle. Every box carries its purpose as associated data, so a wrap
 * cannot be swapped for another or moved into a record.
 */

import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { formatRecoveryCode, parseRecoveryCode } from '../identity/recovery-code';
import {
	importAesKey,
	isSealedBox,
	KEY_BYTES,
	openBytes,
	randomBytes,
	sealBytes,
	type SealedBox
} from './aes-gcm';
import { JournalCryptoError } from './crypto-error';
import type { LockKind } from './lock-secret';
import {
	derivePassphraseKey,
	newKdfParams,
	parseKdfParams,
	type KdfParams
} from './passphrase-kdf';

export const VAULT_VERSION = 1;
const KEYS_PURPOSE = 'hearth/journal-keys/v1';
const AGREEMENT_PURPOSE = 'hearth/journal-agreement/v1';
const WRAP_PURPOSE = 'hearth/journal-vault-key/v1/';
const RECOVERY_INFO = 'hearth/journal-recovery/v1';
const KEY_ID_BYTES = 8;

export interface PassphraseWrap {
	kind: LockKind;
	kdf: KdfParams;
	box: SealedBox;
}

export interface RecoveryWrap {
	box: SealedBox;
	/** When the code was made, so the app can say "your code from 3 March". */
	createdAt: number;
}

export interface DeviceWrap {
	/** Non-extractable: IndexedDB keeps it as a structured clone. */
	key: CryptoKey;
	box: SealedBox;
}

export interface VaultRecord {
	v: typeof VAULT_VERSION;
	/** The id of the key new records are sealed with. */
	current: string;
	/** `{ [keyId]: base64url key }`, sealed under the vault key. */
	keys: SealedBox;
	/** Exactly one of `device` and `passphrase` is set. */
	device: DeviceWrap | null;
	passphrase: PassphraseWrap | null;
	recovery: RecoveryWrap | null;
	/** This device's X25519 secret for key grants (`device-grant.ts`), sealed under the vault
	 *  key so the lock protects it too; never in a backup or a link. Made when sync starts. */
	agreement: SealedBox | null;
}

/** An unlocked vault: only ever in memory, and dropped when the journal locks. */
export interface OpenVault {
	readonly record: VaultRecord;
	readonly vaultKey: Uint8Array;
	readonly current: string;
	readonly keys: ReadonlyMap<string, CryptoKey>;
	/** Raw key bytes, for moving the keys to a linked device or into a new bundle. */
	readonly rawKeys: ReadonlyMap<string, Uint8Array>;
	/** This device's grant secret, once made. */
	readonly agreement: Uint8Array | null;
}

/** A new journal: one fresh key, opened by this device alone until a lock is set. */
export async function createVault(): Promise<OpenVault> {
	const vaultKey = randomBytes(KEY_BYTES);
	const keyId = newKeyId();
	const rawKeys = new Map([[keyId, randomBytes(KEY_BYTES)]]);
	const record: VaultRecord = {
		v: VAULT_VERSION,
		current: keyId,
		keys: await sealKeys(vaultKey, rawKeys),
		device: await deviceWrap(vaultKey),
		passphrase: null,
		recovery: null,
		agreement: null
	};
	return openVault(record, vaultKey);
}

export async function openWithDevice(record: VaultRecord): Promise<OpenVault> {
	if (record.device === null) {
		throw new JournalCryptoError('wrong-secret', 'This journal is locked with a passphrase.');
	}
	return openVault(record, await unwrap(record.device.key, record.device.box, 'device'));
}

/** Throws `JournalCryptoError('wrong-secret')` when the passphrase or PIN is not this lock's. */
export async function openWithPassphrase(record: VaultRecord, secret: string): Promise<OpenVault> {
	if (record.passphrase === null) {
		throw new JournalCryptoError('wrong-secret', 'This journal has no passphrase set.');
	}
	const key = await derivePassphraseKey(secret, record.passphrase.kdf);
	return openVault(record, await unwrap(key, record.passphrase.box, 'passphrase'));
}

/** Throws `RecoveryCodeError` for a mistyped code, `JournalCryptoError('wrong-secret')` for
 *  a valid code that is not this journal's (an account recovery code, say). */
export async function openWithRecoveryCode(record: VaultRecord, code: string): Promise<OpenVault> {
	if (record.recovery === null) {
		throw new JournalCryptoError('wrong-secret', 'This journal has no recovery code.');
	}
	const key = await recoveryKey(parseRecoveryCode(code));
	return openVault(record, await unwrap(key, record.recovery.box, 'recovery'));
}

/** Turns the lock on, or changes its passphrase: the records stay as they are. */
export async function withPassphrase(
	vault: OpenVault,
	kind: LockKind,
	secret: string,
	kdf: KdfParams = newKdfParams()
): Promise<OpenVault> {
	const key = await derivePassphraseKey(secret, kdf);
	const box = await sealBytes(key, vault.vaultKey, WRAP_PURPOSE + 'passphrase');
	const record = { ...vault.record, device: null, passphrase: { kind, kdf, box } };
	return { ...vault, record };
}

/** Turns the lock off: the journal opens by itself on this device again. */
export async function withoutPassphrase(vault: OpenVault): Promise<OpenVault> {
	const record = { ...vault.record, device: await deviceWrap(vault.vaultKey), passphrase: null };
	return { ...vault, record };
}

/** A new journal recovery code, replacing any earlier one. The code is returned to be shown
 *  once; only its wrap is kept. */
export async function withNewRecoveryCode(
	vault: OpenVault,
	now: number
): Promise<{ vault: OpenVault; code: string }> {
	const secret = randomBytes(KEY_BYTES);
	const box = await sealBytes(await recoveryKey(secret), vault.vaultKey, WRAP_PURPOSE + 'recovery');
	const record = { ...vault.record, recovery: { box, createdAt: now } };
	return { vault: { ...vault, record }, code: formatRecoveryCode(secret) };
}

/** A fresh current key (after unlinking a device): older keys stay, to read older records. */
export async function withRotatedKey(vault: OpenVault): Promise<OpenVault> {
	const keyId = newKeyId();
	const rawKeys = new Map([...vault.rawKeys, [keyId, randomBytes(KEY_BYTES)]]);
	const record = {
		...vault.record,
		current: keyId,
		keys: await sealKeys(vault.vaultKey, rawKeys)
	};
	return openVault(record, vault.vaultKey);
}

/** Keeps this device's grant secret in the vault (see `VaultRecord.agreement`). */
export async function withAgreement(vault: OpenVault, secret: Uint8Array): Promise<OpenVault> {
	const agreement = await sealBytes(await importAesKey(vault.vaultKey), secret, AGREEMENT_PURPOSE);
	return { ...vault, record: { ...vault.record, agreement }, agreement: secret };
}

/**
 * Keys learnt elsewhere (a backup, a linked device) join this vault's bundle. `current`, one of
 * `keys`, becomes the key new records are sealed with: a linked phone takes its other phone's, so
 * what either writes opens on both.
 */
export async function withKeys(
	vault: OpenVault,
	keys: ReadonlyMap<string, Uint8Array>,
	current: string = vault.current
): Promise<OpenVault> {
	const rawKeys = new Map([...keys, ...vault.rawKeys]);
	if (!rawKeys.has(current)) throw malformed('current key missing');
	if (rawKeys.size === vault.rawKeys.size && current === vault.current) return vault;
	const record = { ...vault.record, current, keys: await sealKeys(vault.vaultKey, rawKeys) };
	return openVault(record, vault.vaultKey);
}

/**
 * Reads a stored vault, trusting nothing. Throws `JournalCryptoError` ('malformed' or
 * 'unsupported-version'); never returns a record that breaks the invariants above.
 */
export function parseVaultRecord(value: unknown): VaultRecord {
	const portable = parseWaysIn(value);
	const device = (value as Record<string, unknown>).device;
	const agreement = (value as Record<string, unknown>).agreement ?? null;
	if (agreement !== null && !isSealedBox(agreement)) throw malformed('agreement');
	const record = {
		...portable,
		device: device === null ? null : parseDeviceWrap(device),
		agreement
	};
	if ((record.device === null) === (record.passphrase === null)) {
		throw malformed('exactly one of device and passphrase');
	}
	return record;
}

/** The parts a backup file carries: every way in except this device's own key. */
export type PortableVault = Omit<VaultRecord, 'device' | 'agreement'>;

export function portableVault(record: VaultRecord): PortableVault {
	return {
		v: record.v,
		current: record.current,
		keys: record.keys,
		passphrase: record.passphrase,
		recovery: record.recovery
	};
}

/** Reads a backup's vault: it must have a passphrase or a recovery code to open with. */
export function parsePortableVault(value: unknown): PortableVault {
	const portable = parseWaysIn(value);
	if (portable.passphrase === null && portable.recovery === null) throw malformed('no way in');
	return portable;
}

/** Opens a backup's vault; the result's record gets this device's own way in. */
export async function openPortable(
	portable: PortableVault,
	how: { passphrase: string } | { recoveryCode: string }
): Promise<OpenVault> {
	const record: VaultRecord = { ...portable, device: null, agreement: null };
	const vault =
		'passphrase' in how
			? await openWithPassphrase(record, how.passphrase)
			: await openWithRecoveryCode(record, how.recoveryCode);
	// A backup without a lock opens by itself here, as it did where it was made; with a lock, the
	// passphrase stays the way in. Either way the record keeps exactly one of the two.
	return record.passphrase === null ? withoutPassphrase(vault) : vault;
}

async function openVault(record: VaultRecord, vaultKey: Uint8Array): Promise<OpenVault> {
	const bundle = await openBytes(await importAesKey(vaultKey), record.keys, KEYS_PURPOSE);
	const rawKeys = parseKeyBundle(bundle);
	if (!rawKeys.has(record.current)) throw malformed('current key missing');
	const keys = new Map<string, CryptoKey>();
	for (const [id, raw] of rawKeys) keys.set(id, await importAesKey(raw));
	const agreement =
		record.agreement === null
			? null
			: await openBytes(await importAesKey(vaultKey), record.agreement, AGREEMENT_PURPOSE);
	return { record, vaultKey, current: record.current, keys, rawKeys, agreement };
}

async function unwrap(key: CryptoKey, box: SealedBox, how: string): Promise<Uint8Array> {
	try {
		const vaultKey = await openBytes(key, box, WRAP_PURPOSE + how);
		if (vaultKey.length !== KEY_BYTES) throw malformed('vault key length');
		return vaultKey;
	} catch (e: unknown) {
		// Only a typed secret can be wrong: the device's own key failing means the row was changed.
		if (e instanceof JournalCryptoError && e.code === 'tampered' && how !== 'device') {
			throw new JournalCryptoError('wrong-secret', 'That does not open this journal.');
		}
		throw e;
	}
}

async function deviceWrap(vaultKey: Uint8Array): Promise<DeviceWrap> {
	const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
		'encrypt',
		'decrypt'
	]);
	return { key, box: await sealBytes(key, vaultKey, WRAP_PURPOSE + 'device') };
}

async function recoveryKey(secret: Uint8Array): Promise<CryptoKey> {
	const base = await crypto.subtle.importKey('raw', new Uint8Array(secret), 'HKDF', false, [
		'deriveKey'
	]);
	return crypto.subtle.deriveKey(
		{
			name: 'HKDF',
			hash: 'SHA-256',
			salt: new Uint8Array(0),
			info: new TextEncoder().encode(RECOVERY_INFO)
		},
		base,
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
}

async function sealKeys(
	vaultKey: Uint8Array,
	rawKeys: ReadonlyMap<string, Uint8Array>
): Promise<SealedBox> {
	const bundle = Object.fromEntries([...rawKeys].map(([id, raw]) => [id, encodeBase64Url(raw)]));
	const bytes = new TextEncoder().encode(JSON.stringify(bundle));
	return sealBytes(await importAesKey(vaultKey), bytes, KEYS_PURPOSE);
}

function parseKeyBundle(bytes: Uint8Array): Map<string, Uint8Array> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		throw malformed('key bundle');
	}
	if (!isObject(parsed)) throw malformed('key bundle');
	const keys = new Map<string, Uint8Array>();
	for (const [id, text] of Object.entries(parsed)) {
		if (typeof text !== 'string') throw malformed('key bundle');
		let raw: Uint8Array;
		try {
			raw = decodeBase64Url(text);
		} catch {
			throw malformed('key bundle');
		}
		if (raw.length !== KEY_BYTES) throw malformed('key length');
		keys.set(id, raw);
	}
	return keys;
}

function parseWaysIn(value: unknown): PortableVault {
	if (!isObject(value)) throw malformed('not an object');
	if (typeof value.v === 'number' && value.v > VAULT_VERSION) {
		throw new JournalCryptoError(
			'unsupported-version',
			'A newer version of Hearth wrote this journal’s keys; an update will read them.'
		);
	}
	if (value.v !== VAULT_VERSION) throw malformed('version');
	if (typeof value.current !== 'string' || value.current === '') throw malformed('current');
	if (!isSealedBox(value.keys)) throw malformed('keys');
	return {
		v: VAULT_VERSION,
		current: value.current,
		keys: value.keys,
		passphrase: value.passphrase == null ? null : parsePassphraseWrap(value.passphrase),
		recovery: value.recovery == null ? null : parseRecoveryWrap(value.recovery)
	};
}

function parseDeviceWrap(value: unknown): DeviceWrap {
	if (!isObject(value) || !isSealedBox(value.box)) throw malformed('device wrap');
	// Structured clone keeps a CryptoKey's type; anything else in its place is not ours.
	if (!(value.key instanceof CryptoKey)) throw malformed('device key');
	return { key: value.key, box: value.box };
}

function parsePassphraseWrap(value: unknown): PassphraseWrap {
	if (!isObject(value) || !isSealedBox(value.box)) throw malformed('passphrase wrap');
	if (value.kind !== 'pin' && value.kind !== 'passphrase') throw malformed('lock kind');
	return { kind: value.kind, kdf: parseKdfParams(value.kdf), box: value.box };
}

function parseRecoveryWrap(value: unknown): RecoveryWrap {
	if (!isObject(value) || !isSealedBox(value.box)) throw malformed('recovery wrap');
	if (typeof value.createdAt !== 'number' || !Number.isFinite(value.createdAt)) {
		throw malformed('recovery date');
	}
	return { box: value.box, createdAt: value.createdAt };
}

function newKeyId(): string {
	return encodeBase64Url(randomBytes(KEY_ID_BYTES));
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(detail: string): JournalCryptoError {
	return new JournalCryptoError('malformed', `The journal's stored keys are damaged (${detail}).`);
}
