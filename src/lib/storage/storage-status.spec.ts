import { describe, expect, it, vi } from 'vitest';
import {
	readStorageStatus,
	requestPersistence,
	type StorageManagerLike,
	type StorageStatus
} from './storage-status';

const fail = (): Promise<never> => Promise.reject(new DOMException('Not allowed', 'SecurityError'));

describe('requestPersistence', () => {
	it.each<[string, StorageManagerLike | undefined, boolean | 'unsupported']>([
		['granted', { persist: async () => true }, true],
		['refused', { persist: async () => false }, false],
		['a browser without navigator.storage', undefined, 'unsupported'],
		['a StorageManager without persist', { persisted: async () => true }, 'unsupported'],
		['a persist that rejects', { persist: fail }, 'unsupported']
	])('reports %s', async (_name, storage, expected) => {
		expect(await requestPersistence(storage)).toBe(expected);
	});

	it('asks the browser exactly once per call', async () => {
		const persist = vi.fn(async () => true);
		await requestPersistence({ persist });
		expect(persist).toHaveBeenCalledTimes(1);
	});

	it('falls back to navigator.storage, absent in node, as unsupported', async () => {
		expect(await requestPersistence()).toBe('unsupported');
	});
});

describe('readStorageStatus', () => {
	it.each<[string, StorageManagerLike | undefined, StorageStatus]>([
		[
			'a full StorageManager',
			{ persisted: async () => true, estimate: async () => ({ usage: 1200, quota: 5_000_000 }) },
			{ persisted: true, usage: 1200, quota: 5_000_000 }
		],
		[
			'best-effort storage',
			{ persisted: async () => false, estimate: async () => ({ usage: 0, quota: 10 }) },
			{ persisted: false, usage: 0, quota: 10 }
		],
		['no StorageManager', undefined, { persisted: 'unsupported', usage: null, quota: null }],
		[
			'an estimate without figures',
			{ persisted: async () => false, estimate: async () => ({}) },
			{ persisted: false, usage: null, quota: null }
		],
		[
			'estimate only',
			{ estimate: async () => ({ usage: 5, quota: 50 }) },
			{ persisted: 'unsupported', usage: 5, quota: 50 }
		],
		[
			'calls that reject',
			{ persisted: fail, estimate: fail },
			{ persisted: 'unsupported', usage: null, quota: null }
		],
		[
			'nonsense figures',
			{ persisted: async () => true, estimate: async () => ({ usage: -1, quota: Infinity }) },
			{ persisted: true, usage: null, quota: null }
		]
	])('reads %s', async (_name, storage, expected) => {
		expect(await readStorageStatus(storage)).toEqual(expected);
	});

	it('never asks for persistence while reading the status', async () => {
		const persist = vi.fn(async () => true);
		await readStorageStatus({ persist, persisted: async () => false });
		expect(persist).not.toHaveBeenCalled();
	});
});
