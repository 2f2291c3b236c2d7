import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import {
	formatRecoveryCode,
	parseRecoveryCode,
	RecoveryCodeError,
	type RecoveryCodeProblem
} from '../identity/recovery-code';
import { newRootSecret } from '../identity/root-secret';
import { importAesKey, KEY_BYTES, randomBytes, sealBytes, type SealedBox } from './aes-gcm';
import { JournalCryptoError, type JournalCryptoProblem } from './crypto-error';
import { DEFAULT_ITERATIONS, MIN_ITERATIONS, needsUpgrade, newKdfParams } from './passphrase-kdf';
import { openRecord, sealRecord } from './record-envelope';
import {
	createVault,
	openPortable,
	openWithDevice,
	openWithPassphrase,
	openWithRecoveryCode,
	parsePortableVault,
	parseVaultRecord,
	portableVault,
	VAULT_VERSION,
	withKeys,
	withNewRecoveryCode,
	withoutPassphrase,
	withPassphrase,
	withRotatedKey,
	type OpenVault,
	type VaultRecord
} from './vault';

/** Associated data the module documents for its boxes, spelt out to build look-alike boxes. */
const WRAP_PURPOSE = 'hearth/journal-vault-key/v1/';
const KEYS_PURPOSE = 'hearth/journal-keys/v1';

const PASSPHRASE = 'river stone moss';
const NOW = Date.UTC(2026, 2, 3);
const CODE_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){13}$/;

/** Most tests use the lowest accepted iteration count, to stay fast; two use the default. */
const fastKdf = () => newKdfParams(MIN_ITERATIONS);

async function lockedVault(secret = PASSPHRASE): Promise<OpenVault> {
	return withPassphrase(await createVault(), 'passphrase', secret, fastKdf());
}

async function problemOf(opening: Promise<unknown>): Promise<JournalCryptoProblem | 'opened'> {
	try {
		await opening;
		return 'opened';
	} catch (e: unknown) {
		if (e instanceof JournalCryptoError) return e.code;
		throw e;
	}
}

function parseProblemOf(read: () => unknown): JournalCryptoProblem | 'accepted' {
	try {
		read();
		return 'accepted';
	} catch (e: unknown) {
		if (e instanceof JournalCryptoError) return e.code;
		throw e;
	}
}

async function recoveryProblemOf(
	opening: Promise<unknown>
): Promise<RecoveryCodeProblem | 'opened'> {
	try {
		await opening;
		return 'opened';
	} catch (e: unknown) {
		if (e instanceof RecoveryCodeError) return e.code;
		throw e;
	}
}

function flipByte(text: string, index: number): string {
	const bytes = decodeBase64Url(text);
	const byte = bytes.at(index);
	if (byte === undefined) throw new Error(`The field has no byte ${index}.`);
	bytes[index] = byte ^ 0x01;
	return encodeBase64Url(bytes);
}

function flipBox(box: SealedBox): SealedBox {
	return { ...box, ct: flipByte(box.ct, 0) };
}

function expectSameKeys(a: OpenVault, b: OpenVault): void {
	expect(b.current).toBe(a.current);
	expect(b.vaultKey).toEqual(a.vaultKey);
	expect(b.rawKeys).toEqual(a.rawKeys);
	expect([...b.keys.keys()].sort()).toEqual([...a.keys.keys()].sort());
}

function deviceOf(record: VaultRecord): NonNullable<VaultRecord['device']> {
	if (record.device === null) throw new Error('The record has no device wrap.');
	return record.device;
}

function passphraseOf(record: VaultRecord): NonNullable<VaultRecord['passphrase']> {
	if (record.passphrase === null) throw new Error('The record has no passphrase wrap.');
	return record.passphrase;
}

function recoveryOf(record: VaultRecord): NonNullable<VaultRecord['recovery']> {
	if (record.recovery === null) throw new Error('The record has no recovery wrap.');
	return record.recovery;
}

/** The same code with one character replaced by another valid one: a typing slip. */
function mistype(code: string): string {
	const swap = code[0] === '7' ? '8' : '7';
	return swap + code.slice(1);
}

/** The same code with the first two different neighbouring characters swapped. */
function swapNeighbours(code: string): string {
	for (let i = 0; i + 1 < code.length; i++) {
		const [a, b] = [code[i], code[i + 1]];
		if (a !== b && a !== '-' && b !== '-') return code.slice(0, i) + b + a + code.slice(i + 2);
	}
	throw new Error('No two different neighbours to swap.');
}

describe('createVault and openWithDevice', () => {
	it('makes a journal with one key, opened by this device alone', async () => {
		const vault = await createVault();
		expect(vault.record.v).toBe(VAULT_VERSION);
		expect(vault.record.current).toBe(vault.current);
		expect(vault.record.passphrase).toBeNull();
		expect(vault.record.recovery).toBeNull();
		expect(deviceOf(vault.record).key.extractable).toBe(false);
		expect(vault.vaultKey).toHaveLength(KEY_BYTES);
		expect([...vault.rawKeys.keys()]).toEqual([vault.current]);
		expect(vault.rawKeys.get(vault.current)).toHaveLength(KEY_BYTES);
		expect(vault.keys.get(vault.current)?.extractable).toBe(false);
	});

	it('makes different keys for every journal', async () => {
		const [a, b] = await Promise.all([createVault(), createVault()]);
		expect(a.current).not.toBe(b.current);
		expect(a.vaultKey).not.toEqual(b.vaultKey);
		expect(a.rawKeys.get(a.current)).not.toEqual(b.rawKeys.get(b.current));
	});

	it('reopens from its stored record with the same keys, and reads its records', async () => {
		const vault = await createVault();
		const sealed = await sealRecord(vault, 'entry-1', { words: 'first page' });
		const reopened = await openWithDevice(vault.record);
		expectSameKeys(vault, reopened);
		expect(await openRecord(reopened, 'entry-1', sealed)).toEqual({ words: 'first page' });
	});

	it('refuses a locked journal: it needs the passphrase', async () => {
		const vault = await lockedVault();
		expect(await problemOf(openWithDevice(vault.record))).toBe('wrong-secret');
	});

	it.each<[string, (record: VaultRecord, other: VaultRecord) => VaultRecord, JournalCryptoProblem]>(
		[
			[
				'the device box changed',
				(r) => ({ ...r, device: { ...deviceOf(r), box: flipBox(deviceOf(r).box) } }),
				'tampered'
			],
			['another journal’s device wrap', (r, other) => ({ ...r, device: other.device }), 'tampered'],
			['the key bundle changed', (r) => ({ ...r, keys: flipBox(r.keys) }), 'tampered'],
			['another journal’s key bundle', (r, other) => ({ ...r, keys: other.keys }), 'tampered'],
			['the current key id changed', (r) => ({ ...r, current: 'not-a-key' }), 'malformed']
		]
	)('detects %s', async (_what, change, expected) => {
		const [vault, other] = await Promise.all([createVault(), createVault()]);
		expect(await problemOf(openWithDevice(change(vault.record, other.record)))).toBe(expected);
	});

	it('refuses the vault key sealed under the device key for another purpose', async () => {
		const vault = await createVault();
		const { key } = deviceOf(vault.record);
		const open = async (purpose: string) =>
			openWithDevice({
				...vault.record,
				device: { key, box: await sealBytes(key, vault.vaultKey, WRAP_PURPOSE + purpose) }
			});
		expect(await problemOf(open('device'))).toBe('opened');
		expect(await problemOf(open('passphrase'))).toBe('tampered');
		expect(await problemOf(open('recovery'))).toBe('tampered');
	});

	describe('a key bundle that opens but is not one this version writes', () => {
		const bundleOf = (text: string, vaultKey: Uint8Array) =>
			importAesKey(vaultKey).then((key) =>
				sealBytes(key, new TextEncoder().encode(text), KEYS_PURPOSE)
			);

		it.each<[string, (current: string) => string, JournalCryptoProblem | 'opened']>([
			[
				'a well-formed bundle',
				(id) => JSON.stringify({ [id]: encodeBase64Url(new Uint8Array(32)) }),
				'opened'
			],
			['not JSON', () => '{"broken', 'malformed'],
			['a JSON array', () => '[]', 'malformed'],
			['JSON null', () => 'null', 'malformed'],
			['a key as a number', (id) => JSON.stringify({ [id]: 7 }), 'malformed'],
			['a key not base64url', (id) => JSON.stringify({ [id]: 'not base64!' }), 'malformed'],
			[
				'a 16-byte key',
				(id) => JSON.stringify({ [id]: encodeBase64Url(new Uint8Array(16)) }),
				'malformed'
			],
			[
				'no current key',
				() => JSON.stringify({ other: encodeBase64Url(new Uint8Array(32)) }),
				'malformed'
			],
			['no keys at all', () => '{}', 'malformed']
		])('%s → %s', async (_what, text, expected) => {
			const vault = await createVault();
			const keys = await bundleOf(text(vault.current), vault.vaultKey);
			expect(await problemOf(openWithDevice({ ...vault.record, keys }))).toBe(expected);
		});

		it('refuses the bundle sealed for another purpose', async () => {
			const vault = await createVault();
			const key = await importAesKey(vault.vaultKey);
			const bytes = new TextEncoder().encode(
				JSON.stringify(
					Object.fromEntries([...vault.rawKeys].map(([id, raw]) => [id, encodeBase64Url(raw)]))
				)
			);
			const keys = await sealBytes(key, bytes, WRAP_PURPOSE + 'device');
			expect(await problemOf(openWithDevice({ ...vault.record, keys }))).toBe('tampered');
		});
	});
});

describe('withPassphrase and openWithPassphrase', () => {
	it('turns the lock on: only the passphrase opens the journal, with the same keys', async () => {
		const vault = await createVault();
		const sealed = await sealRecord(vault, 'entry-1', 'before the lock');
		const locked = await withPassphrase(vault, 'passphrase', PASSPHRASE, fastKdf());
		expect(locked.record.device).toBeNull();
		expect(passphraseOf(locked.record).kind).toBe('passphrase');
		const opened = await openWithPassphrase(locked.record, PASSPHRASE);
		expectSameKeys(vault, opened);
		expect(await openRecord(opened, 'entry-1', sealed)).toBe('before the lock');
	});

	it('stores a PIN as a PIN', async () => {
		const locked = await withPassphrase(await createVault(), 'pin', '204719', fastKdf());
		expect(passphraseOf(locked.record).kind).toBe('pin');
		expect(await problemOf(openWithPassphrase(locked.record, '204719'))).toBe('opened');
		expect(await problemOf(openWithPassphrase(locked.record, '204718'))).toBe('wrong-secret');
	});

	it('stores PBKDF2-SHA-256 at 600,000 iterations and a 16-byte salt by default', async () => {
		const locked = await withPassphrase(await createVault(), 'passphrase', PASSPHRASE);
		const { kdf } = passphraseOf(locked.record);
		expect(kdf.alg).toBe('PBKDF2-SHA-256');
		expect(kdf.iterations).toBe(DEFAULT_ITERATIONS);
		expect(kdf.iterations).toBe(600_000);
		expect(decodeBase64Url(kdf.salt)).toHaveLength(16);
		expect(needsUpgrade(kdf)).toBe(false);
		expect(await problemOf(openWithPassphrase(locked.record, PASSPHRASE))).toBe('opened');
	});

	it('lets an unlock with older, weaker parameters re-wrap at the default', async () => {
		const weak = await lockedVault();
		expect(needsUpgrade(passphraseOf(weak.record).kdf)).toBe(true);
		const opened = await openWithPassphrase(weak.record, PASSPHRASE);
		const upgraded = await withPassphrase(opened, 'passphrase', PASSPHRASE);
		expect(passphraseOf(upgraded.record).kdf.iterations).toBe(DEFAULT_ITERATIONS);
		expect(upgraded.record.keys).toBe(weak.record.keys);
		expectSameKeys(weak, await openWithPassphrase(upgraded.record, PASSPHRASE));
	});

	it('uses a fresh salt for every wrap, even of the same passphrase', async () => {
		const vault = await createVault();
		const a = await withPassphrase(vault, 'passphrase', PASSPHRASE, fastKdf());
		const b = await withPassphrase(vault, 'passphrase', PASSPHRASE, fastKdf());
		expect(passphraseOf(a.record).kdf.salt).not.toBe(passphraseOf(b.record).kdf.salt);
		expect(passphraseOf(a.record).box.ct).not.toBe(passphraseOf(b.record).box.ct);
	});

	it.each([
		['another passphrase', 'river stone mass'],
		['the passphrase in other case', 'River Stone Moss'],
		['the passphrase with a space added', `${PASSPHRASE} `],
		['nothing', '']
	])('refuses %s as the wrong secret', async (_what, attempt) => {
		const locked = await lockedVault();
		expect(await problemOf(openWithPassphrase(locked.record, attempt))).toBe('wrong-secret');
	});

	it('opens with the passphrase typed composed or decomposed', async () => {
		const locked = await lockedVault('caf\u00e9 au lait');
		expect(await problemOf(openWithPassphrase(locked.record, 'cafe\u0301 au lait'))).toBe('opened');
	});

	it('refuses a journal with no lock set', async () => {
		const vault = await createVault();
		expect(await problemOf(openWithPassphrase(vault.record, PASSPHRASE))).toBe('wrong-secret');
	});

	it.each<[string, (record: VaultRecord) => VaultRecord]>([
		[
			'the wrap changed',
			(r) => ({ ...r, passphrase: { ...passphraseOf(r), box: flipBox(passphraseOf(r).box) } })
		],
		[
			'the salt changed',
			(r) => ({
				...r,
				passphrase: {
					...passphraseOf(r),
					kdf: { ...passphraseOf(r).kdf, salt: newKdfParams().salt }
				}
			})
		],
		[
			'the iteration count changed',
			(r) => ({
				...r,
				passphrase: {
					...passphraseOf(r),
					kdf: { ...passphraseOf(r).kdf, iterations: MIN_ITERATIONS + 1 }
				}
			})
		]
	])('does not open with %s, even with the right passphrase', async (_what, change) => {
		const locked = await lockedVault();
		expect(await problemOf(openWithPassphrase(change(locked.record), PASSPHRASE))).toBe(
			'wrong-secret'
		);
	});

	it('detects a changed key bundle behind the right passphrase', async () => {
		const locked = await lockedVault();
		const record = { ...locked.record, keys: flipBox(locked.record.keys) };
		expect(await problemOf(openWithPassphrase(record, PASSPHRASE))).toBe('tampered');
	});

	describe('changing the passphrase', () => {
		it('re-wraps the vault key and leaves the records and key bundle as they were', async () => {
			const first = await lockedVault('old passphrase here');
			const sealed = await sealRecord(first, 'entry-1', { words: 'kept safe' });
			const changed = await withPassphrase(
				await openWithPassphrase(first.record, 'old passphrase here'),
				'passphrase',
				'new passphrase here',
				fastKdf()
			);
			expect(changed.record.keys).toEqual(first.record.keys);
			expect(changed.record.current).toBe(first.record.current);
			expect(passphraseOf(changed.record).box).not.toEqual(passphraseOf(first.record).box);

			const reopened = await openWithPassphrase(changed.record, 'new passphrase here');
			expectSameKeys(first, reopened);
			expect(await openRecord(reopened, 'entry-1', sealed)).toEqual({ words: 'kept safe' });
			expect(await problemOf(openWithPassphrase(changed.record, 'old passphrase here'))).toBe(
				'wrong-secret'
			);
		});

		it('can change a passphrase to a PIN', async () => {
			const changed = await withPassphrase(await lockedVault(), 'pin', '555123', fastKdf());
			expect(passphraseOf(changed.record).kind).toBe('pin');
			expect(await problemOf(openWithPassphrase(changed.record, '555123'))).toBe('opened');
			expect(await problemOf(openWithPassphrase(changed.record, PASSPHRASE))).toBe('wrong-secret');
		});
	});
});

describe('withoutPassphrase', () => {
	it('turns the lock off: the device opens the journal again, and the passphrase no longer does', async () => {
		const locked = await lockedVault();
		const sealed = await sealRecord(locked, 'entry-1', 'still here');
		const unlocked = await withoutPassphrase(await openWithPassphrase(locked.record, PASSPHRASE));
		expect(unlocked.record.passphrase).toBeNull();
		expect(unlocked.record.keys).toBe(locked.record.keys);
		const reopened = await openWithDevice(unlocked.record);
		expectSameKeys(locked, reopened);
		expect(await openRecord(reopened, 'entry-1', sealed)).toBe('still here');
		expect(await problemOf(openWithPassphrase(unlocked.record, PASSPHRASE))).toBe('wrong-secret');
	});

	it('makes a new device key rather than bringing back the one from before the lock', async () => {
		const vault = await createVault();
		const locked = await withPassphrase(vault, 'passphrase', PASSPHRASE, fastKdf());
		const unlocked = await withoutPassphrase(locked);
		expect(deviceOf(unlocked.record).key).not.toBe(deviceOf(vault.record).key);
		const oldDevice = { ...unlocked.record, device: vault.record.device };
		expect(await problemOf(openWithDevice(oldDevice))).toBe('opened');
	});
});

describe('withNewRecoveryCode and openWithRecoveryCode', () => {
	it('gives a code in the identity recovery code’s format, of 256 bits, and its date', async () => {
		const { vault, code } = await withNewRecoveryCode(await createVault(), NOW);
		expect(code).toMatch(CODE_FORMAT);
		expect(parseRecoveryCode(code)).toHaveLength(32);
		expect(recoveryOf(vault.record).createdAt).toBe(NOW);
	});

	it('opens the journal with the code, with the same keys', async () => {
		const created = await createVault();
		const sealed = await sealRecord(created, 'entry-1', 'remember this');
		const { vault, code } = await withNewRecoveryCode(created, NOW);
		const opened = await openWithRecoveryCode(vault.record, code);
		expectSameKeys(created, opened);
		expect(await openRecord(opened, 'entry-1', sealed)).toBe('remember this');
	});

	it('reads the code as forgivingly as the identity code: case, spaces, confusable letters', async () => {
		const { vault, code } = await withNewRecoveryCode(await createVault(), NOW);
		const typed = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
		expect(await problemOf(openWithRecoveryCode(vault.record, typed))).toBe('opened');
	});

	it('opens a locked journal whose passphrase is lost, so a new one can be set', async () => {
		const { vault: locked, code } = await withNewRecoveryCode(await lockedVault(), NOW);
		const opened = await openWithRecoveryCode(locked.record, code);
		const relocked = await withPassphrase(opened, 'passphrase', 'a brand new one', fastKdf());
		expectSameKeys(locked, await openWithPassphrase(relocked.record, 'a brand new one'));
		expect(await problemOf(openWithPassphrase(relocked.record, PASSPHRASE))).toBe('wrong-secret');
		expect(await problemOf(openWithRecoveryCode(relocked.record, code))).toBe('opened');
	});

	it('refuses a valid code that is not this journal’s (an account recovery code, say)', async () => {
		const { vault } = await withNewRecoveryCode(await createVault(), NOW);
		const accountCode = formatRecoveryCode(newRootSecret());
		expect(await problemOf(openWithRecoveryCode(vault.record, accountCode))).toBe('wrong-secret');
	});

	it('refuses the code of another journal', async () => {
		const { vault } = await withNewRecoveryCode(await createVault(), NOW);
		const { code } = await withNewRecoveryCode(await createVault(), NOW);
		expect(await problemOf(openWithRecoveryCode(vault.record, code))).toBe('wrong-secret');
	});

	it.each<[string, (code: string) => string, RecoveryCodeProblem]>([
		['one character mistyped', mistype, 'recovery-code-checksum'],
		['two neighbours swapped', swapNeighbours, 'recovery-code-checksum'],
		['the last group missing', (code) => code.slice(0, -5), 'recovery-code-length'],
		['a character it never uses', (code) => 'U' + code.slice(1), 'recovery-code-characters']
	])(
		'refuses a code with %s as mistyped, not as the wrong code',
		async (_what, change, expected) => {
			const { vault, code } = await withNewRecoveryCode(await createVault(), NOW);
			const typed = change(code);
			expect(typed).not.toBe(code);
			expect(await recoveryProblemOf(openWithRecoveryCode(vault.record, typed))).toBe(expected);
		}
	);

	it('replaces an earlier code: the old one no longer opens', async () => {
		const first = await withNewRecoveryCode(await createVault(), NOW);
		const second = await withNewRecoveryCode(first.vault, NOW + 1000);
		expect(second.code).not.toBe(first.code);
		expect(recoveryOf(second.vault.record).createdAt).toBe(NOW + 1000);
		expect(await problemOf(openWithRecoveryCode(second.vault.record, first.code))).toBe(
			'wrong-secret'
		);
		expect(await problemOf(openWithRecoveryCode(second.vault.record, second.code))).toBe('opened');
	});

	it('refuses when the journal has no recovery code', async () => {
		const vault = await createVault();
		const code = formatRecoveryCode(newRootSecret());
		expect(await problemOf(openWithRecoveryCode(vault.record, code))).toBe('wrong-secret');
	});

	it('keeps the code out of the stored record', async () => {
		const { vault, code } = await withNewRecoveryCode(await lockedVault(), NOW);
		const text = JSON.stringify(portableVault(vault.record));
		expect(text).not.toContain(code);
		expect(text).not.toContain(code.replace(/-/g, ''));
		expect(text).not.toContain(encodeBase64Url(parseRecoveryCode(code)));
	});

	it('keeps working through a passphrase change, a lock removed and a key rotation', async () => {
		const { vault, code } = await withNewRecoveryCode(await lockedVault(), NOW);
		const changed = await withPassphrase(vault, 'pin', '909090', fastKdf());
		const unlocked = await withoutPassphrase(changed);
		const rotated = await withRotatedKey(unlocked);
		for (const step of [changed, unlocked, rotated]) {
			expect(await problemOf(openWithRecoveryCode(step.record, code))).toBe('opened');
		}
	});

	describe('a box moved between the passphrase and recovery slots', () => {
		it('does not open as the recovery code’s', async () => {
			const { vault, code } = await withNewRecoveryCode(await lockedVault(), NOW);
			const record: VaultRecord = {
				...vault.record,
				recovery: { ...recoveryOf(vault.record), box: passphraseOf(vault.record).box }
			};
			expect(await problemOf(openWithRecoveryCode(record, code))).toBe('wrong-secret');
		});

		it('does not open as the passphrase’s', async () => {
			const { vault } = await withNewRecoveryCode(await lockedVault(), NOW);
			const record: VaultRecord = {
				...vault.record,
				passphrase: { ...passphraseOf(vault.record), box: recoveryOf(vault.record).box }
			};
			expect(await problemOf(openWithPassphrase(record, PASSPHRASE))).toBe('wrong-secret');
		});
	});
});

describe('withRotatedKey', () => {
	it('adds a new current key, keeps the old ones readable, and seals new records with the new one', async () => {
		const vault = await createVault();
		const old = await sealRecord(vault, 'entry-1', 'last year');
		const rotated = await withRotatedKey(vault);
		expect(rotated.current).not.toBe(vault.current);
		expect(rotated.record.current).toBe(rotated.current);
		expect([...rotated.rawKeys.keys()].sort()).toEqual([vault.current, rotated.current].sort());
		expect(rotated.rawKeys.get(vault.current)).toEqual(vault.rawKeys.get(vault.current));
		expect(rotated.vaultKey).toEqual(vault.vaultKey);

		const fresh = await sealRecord(rotated, 'entry-2', 'today');
		expect(fresh.kid).toBe(rotated.current);
		expect(await openRecord(rotated, 'entry-1', old)).toBe('last year');

		const reopened = await openWithDevice(rotated.record);
		expect(await openRecord(reopened, 'entry-1', old)).toBe('last year');
		expect(await openRecord(reopened, 'entry-2', fresh)).toBe('today');
		// A device holding only the old key cannot read what is sealed after the rotation.
		expect(await problemOf(openRecord(vault, 'entry-2', fresh))).toBe('unknown-key');
	});

	it('keeps the lock and its passphrase', async () => {
		const locked = await lockedVault();
		const rotated = await withRotatedKey(locked);
		expect(rotated.record.passphrase).toBe(locked.record.passphrase);
		const reopened = await openWithPassphrase(rotated.record, PASSPHRASE);
		expect(reopened.current).toBe(rotated.current);
		expect(reopened.rawKeys.size).toBe(2);
	});

	it('grows the bundle by one key per rotation', async () => {
		let vault = await createVault();
		for (let i = 0; i < 3; i++) vault = await withRotatedKey(vault);
		expect((await openWithDevice(vault.record)).rawKeys.size).toBe(4);
	});
});

describe('withKeys', () => {
	it('joins keys learnt elsewhere, so their records open, and keeps the current key', async () => {
		const [ours, theirs] = await Promise.all([createVault(), createVault()]);
		const theirRecord = await sealRecord(theirs, 'entry-9', 'from the other phone');
		const merged = await withKeys(ours, theirs.rawKeys);
		expect(merged.current).toBe(ours.current);
		expect(merged.rawKeys.size).toBe(2);
		expect(await openRecord(merged, 'entry-9', theirRecord)).toBe('from the other phone');

		const reopened = await openWithDevice(merged.record);
		expect(await openRecord(reopened, 'entry-9', theirRecord)).toBe('from the other phone');
		expect((await sealRecord(reopened, 'entry-10', 'mine')).kid).toBe(ours.current);
	});

	it('returns the same vault when nothing is new', async () => {
		const vault = await createVault();
		expect(await withKeys(vault, vault.rawKeys)).toBe(vault);
		expect(await withKeys(vault, new Map())).toBe(vault);
	});

	it('makes a linked phone’s current key its own, keeping the old one to read with', async () => {
		const [ours, theirs] = await Promise.all([createVault(), createVault()]);
		const oldRecord = await sealRecord(ours, 'entry-1', 'written before the link');
		const linked = await withKeys(ours, theirs.rawKeys, theirs.current);
		expect(linked.current).toBe(theirs.current);

		const reopened = await openWithDevice(linked.record);
		expect(reopened.current).toBe(theirs.current);
		const written = await sealRecord(reopened, 'entry-2', 'after the link');
		expect(await openRecord(theirs, 'entry-2', written)).toBe('after the link');
		expect(await openRecord(reopened, 'entry-1', oldRecord)).toBe('written before the link');
	});

	it('refuses a current key that is in neither bundle, changing nothing', async () => {
		const vault = await createVault();
		expect(await problemOf(withKeys(vault, new Map(), 'nowhere'))).toBe('malformed');
	});

	it('keeps its own key when a learnt key has the same id', async () => {
		const vault = await createVault();
		const sealed = await sealRecord(vault, 'entry-1', 'mine');
		const impostor = new Map([[vault.current, randomBytes(KEY_BYTES)]]);
		const merged = await withKeys(vault, impostor);
		expect(merged.rawKeys.get(vault.current)).toEqual(vault.rawKeys.get(vault.current));
		expect(await openRecord(merged, 'entry-1', sealed)).toBe('mine');
	});
});

describe('parseVaultRecord', () => {
	async function records(): Promise<Record<string, VaultRecord>> {
		const device = await createVault();
		const withCode = await withNewRecoveryCode(device, NOW);
		const locked = await withPassphrase(withCode.vault, 'pin', '204719', fastKdf());
		return {
			'a new journal': device.record,
			'a journal with a recovery code': withCode.vault.record,
			'a locked journal with a recovery code': locked.record,
			'a journal unlocked again': (await withoutPassphrase(locked)).record,
			'a journal with a rotated key': (await withRotatedKey(locked)).record
		};
	}

	it('accepts every record the vault functions write, as it is and as IndexedDB returns it', async () => {
		for (const [what, record] of Object.entries(await records())) {
			expect(parseVaultRecord(record), what).toEqual(record);
			expect(parseVaultRecord(structuredClone(record)), what).toEqual(record);
		}
	});

	it('returns a cloned record that still opens, with the device key or the PIN', async () => {
		const vault = await createVault();
		const cloned = parseVaultRecord(structuredClone(vault.record));
		expectSameKeys(vault, await openWithDevice(cloned));
		const locked = await withPassphrase(vault, 'pin', '204719', fastKdf());
		expectSameKeys(
			vault,
			await openWithPassphrase(parseVaultRecord(structuredClone(locked.record)), '204719')
		);
	});

	it.each<[string, unknown]>([
		['null', null],
		['a string', 'vault'],
		['an array', []],
		['a number', 1]
	])('refuses %s as malformed', (_what, value) => {
		expect(parseProblemOf(() => parseVaultRecord(value))).toBe('malformed');
	});

	// Made once: every change below copies what it alters and leaves these records as they are.
	const fixtures = (async () => ({
		device: (await createVault()).record,
		locked: (await withNewRecoveryCode(await lockedVault(), NOW)).vault.record
	}))();

	type Change = (device: VaultRecord, locked: VaultRecord) => unknown;
	it.each<[string, Change, JournalCryptoProblem]>([
		['a newer version', (d) => ({ ...d, v: VAULT_VERSION + 1 }), 'unsupported-version'],
		['version 0', (d) => ({ ...d, v: 0 }), 'malformed'],
		['version as text', (d) => ({ ...d, v: '1' }), 'malformed'],
		['no version', (d) => ({ ...d, v: undefined }), 'malformed'],
		['an empty current key id', (d) => ({ ...d, current: '' }), 'malformed'],
		['a numeric current key id', (d) => ({ ...d, current: 3 }), 'malformed'],
		['no key bundle', (d) => ({ ...d, keys: null }), 'malformed'],
		['a key bundle without its nonce', (d) => ({ ...d, keys: { ct: d.keys.ct } }), 'malformed'],
		['both device and passphrase', (d, l) => ({ ...d, passphrase: l.passphrase }), 'malformed'],
		['neither device nor passphrase', (d) => ({ ...d, device: null }), 'malformed'],
		['no device field and no passphrase', (d) => ({ ...d, device: undefined }), 'malformed'],
		[
			'a device key that is raw bytes',
			(d) => ({ ...d, device: { ...deviceOf(d), key: new Uint8Array(32) } }),
			'malformed'
		],
		[
			'a device key that is a plain object',
			(d) => ({ ...d, device: { ...deviceOf(d), key: {} } }),
			'malformed'
		],
		[
			'a device key that is missing',
			(d) => ({ ...d, device: { box: deviceOf(d).box } }),
			'malformed'
		],
		[
			'a device wrap without its box',
			(d) => ({ ...d, device: { key: deviceOf(d).key } }),
			'malformed'
		],
		[
			'a device box of bytes',
			(d) => ({ ...d, device: { ...deviceOf(d), box: { iv: 1, ct: 2 } } }),
			'malformed'
		],
		[
			'a passphrase wrap without its box',
			(_d, l) => ({ ...l, passphrase: { ...passphraseOf(l), box: undefined } }),
			'malformed'
		],
		[
			'an unknown lock kind',
			(_d, l) => ({ ...l, passphrase: { ...passphraseOf(l), kind: 'pattern' } }),
			'malformed'
		],
		[
			'a passphrase wrap without parameters',
			(_d, l) => ({ ...l, passphrase: { ...passphraseOf(l), kdf: undefined } }),
			'malformed'
		],
		[
			'too few iterations',
			(_d, l) => ({
				...l,
				passphrase: { ...passphraseOf(l), kdf: { ...passphraseOf(l).kdf, iterations: 1000 } }
			}),
			'malformed'
		],
		[
			'an unknown key derivation',
			(_d, l) => ({
				...l,
				passphrase: { ...passphraseOf(l), kdf: { ...passphraseOf(l).kdf, alg: 'Argon2id' } }
			}),
			'unsupported-version'
		],
		[
			'a passphrase wrap as text',
			(_d, l) => ({ ...l, passphrase: 'river stone moss' }),
			'malformed'
		],
		[
			'a recovery wrap without its box',
			(_d, l) => ({ ...l, recovery: { createdAt: NOW } }),
			'malformed'
		],
		[
			'a recovery date as text',
			(_d, l) => ({ ...l, recovery: { ...recoveryOf(l), createdAt: '3 March' } }),
			'malformed'
		],
		[
			'a recovery date that is not finite',
			(_d, l) => ({ ...l, recovery: { ...recoveryOf(l), createdAt: Infinity } }),
			'malformed'
		],
		[
			'a recovery date that is NaN',
			(_d, l) => ({ ...l, recovery: { ...recoveryOf(l), createdAt: NaN } }),
			'malformed'
		]
	])('refuses %s → %s', async (_what, change, expected) => {
		const { device, locked } = await fixtures;
		expect(parseProblemOf(() => parseVaultRecord(change(device, locked)))).toBe(expected);
	});
});

describe('portableVault, parsePortableVault and openPortable', () => {
	/** A backup file's trip: out through JSON, back in through the parser. */
	const throughFile = (record: VaultRecord) =>
		parsePortableVault(JSON.parse(JSON.stringify(portableVault(record))));

	it('carries every way in but this device’s own key', async () => {
		const { vault } = await withNewRecoveryCode(await lockedVault(), NOW);
		const portable = portableVault(vault.record);
		expect(Object.keys(portable).sort()).toEqual([
			'current',
			'keys',
			'passphrase',
			'recovery',
			'v'
		]);
		expect(throughFile(vault.record)).toEqual(portable);
	});

	it('carries no key in the clear', async () => {
		const { vault } = await withNewRecoveryCode(await withRotatedKey(await lockedVault()), NOW);
		const text = JSON.stringify(portableVault(vault.record));
		for (const raw of [vault.vaultKey, ...vault.rawKeys.values()]) {
			expect(text).not.toContain(encodeBase64Url(raw));
		}
	});

	it('opens a locked backup with its passphrase, and the lock stays on here', async () => {
		const locked = await lockedVault();
		const sealed = await sealRecord(locked, 'entry-1', 'brought along');
		const opened = await openPortable(throughFile(locked.record), { passphrase: PASSPHRASE });
		expectSameKeys(locked, opened);
		expect(await openRecord(opened, 'entry-1', sealed)).toBe('brought along');
		expect(parseVaultRecord(opened.record)).toEqual(opened.record);
		expect(await problemOf(openWithPassphrase(opened.record, PASSPHRASE))).toBe('opened');
	});

	it('opens a backup with its recovery code', async () => {
		const { vault, code } = await withNewRecoveryCode(await lockedVault(), NOW);
		const opened = await openPortable(throughFile(vault.record), { recoveryCode: code });
		expectSameKeys(vault, opened);
		expect(parseVaultRecord(opened.record)).toEqual(opened.record);
	});

	it('gives an unlocked backup this device’s own way in, so it opens here by itself', async () => {
		const { vault, code } = await withNewRecoveryCode(await createVault(), NOW);
		const opened = await openPortable(throughFile(vault.record), { recoveryCode: code });
		expect(opened.record.passphrase).toBeNull();
		const stored = parseVaultRecord(structuredClone(opened.record));
		expectSameKeys(vault, await openWithDevice(stored));
		expect(await problemOf(openWithRecoveryCode(stored, code))).toBe('opened');
	});

	it.each<[string, { passphrase: string } | { recoveryCode: string }]>([
		['the wrong passphrase', { passphrase: 'not the one' }],
		['another journal’s recovery code', { recoveryCode: formatRecoveryCode(newRootSecret()) }]
	])('refuses %s', async (_what, how) => {
		const { vault } = await withNewRecoveryCode(await lockedVault(), NOW);
		expect(await problemOf(openPortable(throughFile(vault.record), how))).toBe('wrong-secret');
	});

	it('refuses a recovery code for a backup that has none', async () => {
		const locked = await lockedVault();
		const how = { recoveryCode: formatRecoveryCode(newRootSecret()) };
		expect(await problemOf(openPortable(throughFile(locked.record), how))).toBe('wrong-secret');
	});

	it('refuses a backup with no way in: no passphrase and no recovery code', async () => {
		const vault = await createVault();
		expect(parseProblemOf(() => throughFile(vault.record))).toBe('malformed');
	});

	it.each<[string, (portable: Record<string, unknown>) => unknown, JournalCryptoProblem]>([
		['a newer version', (p) => ({ ...p, v: 2 }), 'unsupported-version'],
		['no key bundle', (p) => ({ ...p, keys: undefined }), 'malformed'],
		[
			'a damaged recovery wrap',
			(p) => ({ ...p, recovery: { box: 'x', createdAt: NOW } }),
			'malformed'
		],
		['not an object', () => 'backup', 'malformed']
	])('refuses a backup with %s → %s', async (_what, change, expected) => {
		const { vault } = await withNewRecoveryCode(await lockedVault(), NOW);
		const portable: Record<string, unknown> = { ...portableVault(vault.record) };
		expect(parseProblemOf(() => parsePortableVault(change(portable)))).toBe(expected);
	});
});
