import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { guardWrite, isQuotaExceeded } from './guard-write';
import { StorageFullError } from './storage-errors';

const quota = (): DOMException => new DOMException('full', 'QuotaExceededError');

describe('isQuotaExceeded', () => {
	it.each<[string, unknown]>([
		['the DOMException browsers throw', quota()],
		["Firefox's legacy name", { name: 'NS_ERROR_DOM_QUOTA_ERR', message: '' }],
		["old WebKit's legacy name", { name: 'QUOTA_EXCEEDED_ERR', code: 22 }],
		["Dexie's QuotaExceededError", new Dexie.QuotaExceededError(quota())],
		['a transaction abort with the quota error inside', new Dexie.AbortError('abort', quota())],
		[
			'a bulk write whose failures include one',
			new Dexie.BulkError('bulk', [new Dexie.AbortError('x'), quota()])
		],
		['an error caused by one', new Error('write failed', { cause: quota() })]
	])('recognises %s', (_name, error) => {
		expect(isQuotaExceeded(error)).toBe(true);
	});

	it.each<[string, unknown]>([
		['another DOMException', new DOMException('x', 'UnknownError')],
		['a transaction abort without a cause', new Dexie.AbortError('abort')],
		[
			'a bulk write that failed for other reasons',
			new Dexie.BulkError('bulk', [new Dexie.ConstraintError('c')])
		],
		['a plain error', new Error('QuotaExceededError')],
		['a string', 'QuotaExceededError'],
		['nothing', undefined]
	])('does not mistake %s for a full disk', (_name, error) => {
		expect(isQuotaExceeded(error)).toBe(false);
	});

	it('does not loop on an error that contains itself', () => {
		const error: { name: string; inner?: unknown } = { name: 'AbortError' };
		error.inner = error;
		expect(isQuotaExceeded(error)).toBe(false);
	});
});

describe('guardWrite', () => {
	it('returns what the write returns', async () => {
		expect(await guardWrite(async () => 'done')).toBe('done');
	});

	it('turns a quota failure into StorageFullError, keeping the original as its cause', async () => {
		const original = new Dexie.AbortError('abort', quota());
		const error: unknown = await guardWrite(() => Promise.reject(original)).catch(
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(StorageFullError);
		expect(error).toMatchObject({ code: 'storage-full', cause: original });
	});

	it('passes any other failure through unchanged', async () => {
		const original = new Dexie.ConstraintError('taken');
		await expect(guardWrite(() => Promise.reject(original))).rejects.toBe(original);
	});
});
