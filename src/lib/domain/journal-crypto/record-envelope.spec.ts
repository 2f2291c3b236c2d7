import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { importAesKey, KEY_BYTES, randomBytes, sealBytes } from './aes-gcm';
import { JournalCryptoError, type JournalCryptoProblem } from './crypto-error';
import {
	isSealedRecord,
	looksSealed,
	openRecord,
	sealRecord,
	SEALED_RECORD_VERSION,
	type RecordKeys,
	type SealedRecord
} from './record-envelope';

/** The associated data the module documents: the purpose, then the record id. */
const RECORD_PURPOSE = 'hearth/journal-record/v1/';

const ENTRY = {
	id: 'entry-1',
	writtenAt: 1_764_000_000_000,
	mood: 'hopeful',
	tags: ['sleep', 'grandmother'],
	prompt: 'What helped today?',
	words: 'Walked to the orchard with Amara and the goats were loose again.'
};

async function newKeys(...ids: string[]): Promise<RecordKeys> {
	const keys = new Map<string, CryptoKey>();
	for (const id of ids) keys.set(id, await importAesKey(randomBytes(KEY_BYTES)));
	return { current: ids[0] ?? '', keys };
}

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

describe('sealRecord and openRecord', () => {
	it.each<[string, unknown]>([
		['a journal entry', ENTRY],
		['a mood check-in', { mood: 'low', at: 1_764_000_000_000, tags: [] }],
		['text in many scripts', { words: 'नमस्ते · سلام · 你好 · 🌿 "quoted" \\ back\nslash' }],
		['an empty object', {}],
		['an array', [1, 'two', null]],
		['a string', 'just words'],
		['a number', 42.5],
		['a boolean', false],
		['null', null]
	])('round-trip %s', async (_what, value) => {
		const keys = await newKeys('k1');
		const sealed = await sealRecord(keys, 'entry-1', value);
		expect(await openRecord(keys, 'entry-1', sealed)).toEqual(value);
	});

	it('writes the documented shape: version, key id, nonce and ciphertext, nothing else', async () => {
		const keys = await newKeys('k1');
		const sealed = await sealRecord(keys, 'entry-1', ENTRY);
		expect(Object.keys(sealed).sort()).toEqual(['ct', 'iv', 'kid', 'v']);
		expect(sealed.v).toBe(SEALED_RECORD_VERSION);
		expect(sealed.kid).toBe('k1');
		expect(decodeBase64Url(sealed.iv)).toHaveLength(12);
	});

	it('keeps the entry unreadable: no word, mood, tag or prompt in the clear', async () => {
		const keys = await newKeys('k1');
		const text = JSON.stringify(await sealRecord(keys, ENTRY.id, ENTRY));
		// Five letters or more, so random base64url text matches one by chance about once in a
		// million runs rather than once in a few thousand.
		const words = [
			...ENTRY.words.split(/\W+/).filter((word) => word.length >= 5),
			ENTRY.mood,
			...ENTRY.tags,
			'helped',
			'words',
			'prompt',
			'writtenAt',
			String(ENTRY.writtenAt)
		];
		expect(words.length).toBeGreaterThan(10);
		for (const word of words) expect(text).not.toContain(word);
	});

	it('seals the same entry differently each time', async () => {
		const keys = await newKeys('k1');
		const a = await sealRecord(keys, 'entry-1', ENTRY);
		const b = await sealRecord(keys, 'entry-1', ENTRY);
		expect(a.iv).not.toBe(b.iv);
		expect(a.ct).not.toBe(b.ct);
	});

	it('survives a trip through JSON and a structured clone, as it is synced and stored', async () => {
		const keys = await newKeys('k1');
		const sealed = await sealRecord(keys, 'entry-1', ENTRY);
		expect(await openRecord(keys, 'entry-1', JSON.parse(JSON.stringify(sealed)))).toEqual(ENTRY);
		expect(await openRecord(keys, 'entry-1', structuredClone(sealed))).toEqual(ENTRY);
	});

	it('seals with the current key and opens with whichever key the record names', async () => {
		const keys = await newKeys('old', 'new');
		const old = await sealRecord(keys, 'a', 'written last year');
		const rotated: RecordKeys = { current: 'new', keys: keys.keys };
		const fresh = await sealRecord(rotated, 'b', 'written today');
		expect([old.kid, fresh.kid]).toEqual(['old', 'new']);
		expect(await openRecord(rotated, 'a', old)).toBe('written last year');
		expect(await openRecord(rotated, 'b', fresh)).toBe('written today');
	});

	it('refuses to seal when the current key is missing', async () => {
		const keys = await newKeys('k1');
		const broken: RecordKeys = { current: 'k2', keys: keys.keys };
		expect(await problemOf(sealRecord(broken, 'entry-1', ENTRY))).toBe('unknown-key');
	});

	it.each<[string, unknown]>([
		['undefined', undefined],
		['a function', () => ENTRY],
		['a symbol', Symbol('entry')]
	])('refuses to seal %s, which JSON cannot hold', async (_what, value) => {
		const keys = await newKeys('k1');
		expect(await problemOf(sealRecord(keys, 'entry-1', value))).toBe('malformed');
	});
});

describe('openRecord refuses a record that was changed or moved', () => {
	const cases: [string, (record: SealedRecord) => SealedRecord, JournalCryptoProblem][] = [
		['a ciphertext byte flipped', (r) => ({ ...r, ct: flipByte(r.ct, 3) }), 'tampered'],
		[
			'the tag’s last byte flipped',
			(r) => ({ ...r, ct: flipByte(r.ct, decodeBase64Url(r.ct).length - 1) }),
			'tampered'
		],
		['a nonce byte flipped', (r) => ({ ...r, iv: flipByte(r.iv, 0) }), 'tampered'],
		['the key id changed to another key it has', (r) => ({ ...r, kid: 'k2' }), 'tampered'],
		['the key id changed to one it lacks', (r) => ({ ...r, kid: 'k9' }), 'unknown-key'],
		['the nonce cut short', (r) => ({ ...r, iv: r.iv.slice(0, 8) }), 'malformed'],
		['the ciphertext not base64url', (r) => ({ ...r, ct: `${r.ct}!` }), 'malformed']
	];

	it.each(cases)('%s', async (_what, change, expected) => {
		const keys = await newKeys('k1', 'k2');
		const sealed = await sealRecord(keys, 'entry-1', ENTRY);
		expect(await problemOf(openRecord(keys, 'entry-1', change(sealed)))).toBe(expected);
	});

	it.each([
		['another id', 'entry-2'],
		['an id that extends it', 'entry-10'],
		['an empty id', '']
	])('a record copied under %s (the id is associated data)', async (_what, otherId) => {
		const keys = await newKeys('k1');
		const sealed = await sealRecord(keys, 'entry-1', ENTRY);
		expect(await problemOf(openRecord(keys, otherId, sealed))).toBe('tampered');
	});

	it('a record from another journal whose key id happens to match', async () => {
		const theirs = await newKeys('k1');
		const ours = await newKeys('k1');
		const sealed = await sealRecord(theirs, 'entry-1', ENTRY);
		expect(await problemOf(openRecord(ours, 'entry-1', sealed))).toBe('tampered');
	});

	it('a record that opens but holds no JSON', async () => {
		const keys = await newKeys('k1');
		const key = keys.keys.get('k1');
		if (key === undefined) throw new Error('no key');
		const box = await sealBytes(key, new TextEncoder().encode('{not json'), RECORD_PURPOSE + 'e');
		const record = { v: SEALED_RECORD_VERSION, kid: 'k1', ...box };
		expect(await problemOf(openRecord(keys, 'e', record))).toBe('malformed');
	});
});

describe('openRecord on what is not a version-1 sealed record', () => {
	it.each<[string, unknown, JournalCryptoProblem]>([
		['a later version', { v: 2, kid: 'k1', iv: 'AAAA', ct: 'AAAA' }, 'unsupported-version'],
		[
			'a much later version',
			{ v: 40, kid: 'k1', iv: 'AAAA', ct: 'AAAA', alg: 'x' },
			'unsupported-version'
		],
		['version 0', { v: 0, kid: 'k1', iv: 'AAAA', ct: 'AAAA' }, 'malformed'],
		['no version', { kid: 'k1', iv: 'AAAA', ct: 'AAAA' }, 'malformed'],
		['version as text', { v: '1', kid: 'k1', iv: 'AAAA', ct: 'AAAA' }, 'malformed'],
		['a numeric key id', { v: 1, kid: 1, iv: 'AAAA', ct: 'AAAA' }, 'malformed'],
		['a plain entry', ENTRY, 'malformed'],
		['a bare sealed box', { iv: 'AAAA', ct: 'AAAA' }, 'malformed'],
		['null', null, 'malformed'],
		['a string', 'v1.k1.AAAA.AAAA', 'malformed']
	])('%s → %s', async (_what, record, expected) => {
		const keys = await newKeys('k1');
		expect(await problemOf(openRecord(keys, 'entry-1', record))).toBe(expected);
	});
});

describe('isSealedRecord and looksSealed', () => {
	it.each<[string, unknown, boolean, boolean]>([
		['version 1', { v: 1, kid: 'k', iv: 'a', ct: 'b' }, true, true],
		['version 2', { v: 2, kid: 'k', iv: 'a', ct: 'b' }, false, true],
		['no version', { kid: 'k', iv: 'a', ct: 'b' }, false, true],
		['no key id', { v: 1, iv: 'a', ct: 'b' }, false, false],
		['no ciphertext', { v: 1, kid: 'k', iv: 'a' }, false, false],
		['a plain entry', ENTRY, false, false],
		['null', null, false, false]
	])('%s → sealed %s, looks sealed %s', (_what, value, sealed, looks) => {
		expect(isSealedRecord(value)).toBe(sealed);
		expect(looksSealed(value)).toBe(looks);
	});
});
