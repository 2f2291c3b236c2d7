import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import {
	importAesKey,
	isSealedBox,
	KEY_BYTES,
	openBytes,
	randomBytes,
	sealBytes,
	type SealedBox
} from './aes-gcm';
import { JournalCryptoError, type JournalCryptoProblem } from './crypto-error';

const PURPOSE = 'hearth/test/v1';
const MESSAGE = new TextEncoder().encode('the kettle is on');

function newKey(): Promise<CryptoKey> {
	return importAesKey(randomBytes(KEY_BYTES));
}

/** The same base64url field with one bit of one byte changed. */
function flipByte(text: string, index: number): string {
	const bytes = decodeBase64Url(text);
	const byte = bytes.at(index);
	if (byte === undefined) throw new Error(`The field has no byte ${index}.`);
	bytes[index] = byte ^ 0x01;
	return encodeBase64Url(bytes);
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

describe('importAesKey', () => {
	it.each([0, 16, 31, 33, 64])('refuses %i bytes as malformed', async (length) => {
		expect(await problemOf(importAesKey(new Uint8Array(length)))).toBe('malformed');
	});

	it('makes a key that cannot be exported again', async () => {
		const key = await newKey();
		expect(key.extractable).toBe(false);
		await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
	});
});

describe('sealBytes and openBytes', () => {
	it.each([
		['empty', new Uint8Array(0)],
		['one byte', Uint8Array.of(7)],
		['text', MESSAGE],
		['4 KiB', new Uint8Array(4096).fill(0xab)]
	])('round-trip %s', async (_what, plaintext) => {
		const key = await newKey();
		const box = await sealBytes(key, plaintext, PURPOSE);
		expect(await openBytes(key, box, PURPOSE)).toEqual(plaintext);
	});

	it('writes a 12-byte nonce and a 16-byte tag after the ciphertext', async () => {
		const box = await sealBytes(await newKey(), MESSAGE, PURPOSE);
		expect(decodeBase64Url(box.iv)).toHaveLength(12);
		expect(decodeBase64Url(box.ct)).toHaveLength(MESSAGE.length + 16);
	});

	it('uses a fresh nonce for every seal, so equal messages look different', async () => {
		const key = await newKey();
		const boxes = await Promise.all(
			Array.from({ length: 20 }, () => sealBytes(key, MESSAGE, PURPOSE))
		);
		expect(new Set(boxes.map((box) => box.iv)).size).toBe(20);
		expect(new Set(boxes.map((box) => box.ct)).size).toBe(20);
	});

	it('does not let the caller change the sealed bytes afterwards', async () => {
		const key = await newKey();
		const plaintext = Uint8Array.from(MESSAGE);
		const box = await sealBytes(key, plaintext, PURPOSE);
		plaintext.fill(0);
		expect(await openBytes(key, box, PURPOSE)).toEqual(MESSAGE);
	});

	describe('refuses a box that was changed, moved or opened with another key', () => {
		const cases: [string, (box: SealedBox) => SealedBox, JournalCryptoProblem][] = [
			['first ciphertext byte flipped', (box) => ({ ...box, ct: flipByte(box.ct, 0) }), 'tampered'],
			[
				'last tag byte flipped',
				(box) => ({ ...box, ct: flipByte(box.ct, decodeBase64Url(box.ct).length - 1) }),
				'tampered'
			],
			['nonce byte flipped', (box) => ({ ...box, iv: flipByte(box.iv, 5) }), 'tampered'],
			[
				'ciphertext cut short',
				(box) => ({ ...box, ct: encodeBase64Url(decodeBase64Url(box.ct).slice(0, 8)) }),
				'tampered'
			],
			['ciphertext empty', (box) => ({ ...box, ct: '' }), 'tampered'],
			[
				'nonce of 8 bytes',
				(box) => ({ ...box, iv: encodeBase64Url(new Uint8Array(8)) }),
				'malformed'
			],
			[
				'nonce of 16 bytes',
				(box) => ({ ...box, iv: encodeBase64Url(new Uint8Array(16)) }),
				'malformed'
			],
			['nonce not base64url', (box) => ({ ...box, iv: 'not+base64/' }), 'malformed'],
			['ciphertext padded base64', (box) => ({ ...box, ct: box.ct + '==' }), 'malformed']
		];

		it.each(cases)('%s', async (_what, change, expected) => {
			const key = await newKey();
			const box = await sealBytes(key, MESSAGE, PURPOSE);
			expect(await problemOf(openBytes(key, change(box), PURPOSE))).toBe(expected);
		});

		it('another purpose (the associated data)', async () => {
			const key = await newKey();
			const box = await sealBytes(key, MESSAGE, PURPOSE);
			expect(await problemOf(openBytes(key, box, PURPOSE + 'x'))).toBe('tampered');
			expect(await problemOf(openBytes(key, box, ''))).toBe('tampered');
		});

		it('another key', async () => {
			const box = await sealBytes(await newKey(), MESSAGE, PURPOSE);
			expect(await problemOf(openBytes(await newKey(), box, PURPOSE))).toBe('tampered');
		});
	});

	it('says nothing of the key or the message when it refuses', async () => {
		const raw = randomBytes(KEY_BYTES);
		const key = await importAesKey(raw);
		const box = await sealBytes(key, MESSAGE, PURPOSE);
		const error: unknown = await openBytes(key, { ...box, ct: flipByte(box.ct, 0) }, PURPOSE).catch(
			(e: unknown) => e
		);
		if (!(error instanceof JournalCryptoError)) throw new Error('expected a JournalCryptoError');
		expect(error.message).not.toContain(encodeBase64Url(raw));
		expect(error.message).not.toContain('kettle');
	});
});

describe('isSealedBox', () => {
	it.each([
		['a box', { iv: 'a', ct: 'b' }, true],
		['a box with more fields', { iv: 'a', ct: 'b', kid: 'c' }, true],
		['empty strings', { iv: '', ct: '' }, true],
		['null', null, false],
		['a string', 'iv.ct', false],
		['no ct', { iv: 'a' }, false],
		['no iv', { ct: 'b' }, false],
		['a number iv', { iv: 1, ct: 'b' }, false],
		['bytes for ct', { iv: 'a', ct: new Uint8Array(4) }, false]
	])('%s → %s', (_what, value, expected) => {
		expect(isSealedBox(value)).toBe(expected);
	});
});
