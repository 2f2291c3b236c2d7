/**
 * Makes fake-indexeddb refuse writes the way a full device does, for tests only.
 *
 * Browsers disagree on where a quota failure shows up, and Dexie wraps each differently, so each
 * is reproduced:
 * - `put-throws`: `put`/`add` throw a QuotaExceededError DOMException at once;
 * - `request-fails`: the put request fails with it and the transaction aborts (Firefox, Safari);
 * - `commit-aborts`: every request succeeds, then the transaction aborts with it at commit
 *   (Chrome).
 * The last two reach into fake-indexeddb internals; if those change, this throws rather than
 * letting a quota test pass without a quota failure.
 */

import {
	IDBObjectStore as FakeObjectStore,
	IDBTransaction as FakeTransaction
} from 'fake-indexeddb';

export type QuotaFailureMode = 'put-throws' | 'request-fails' | 'commit-aborts';

export const QUOTA_FAILURE_MODES: readonly QuotaFailureMode[] = [
	'put-throws',
	'request-fails',
	'commit-aborts'
];

interface TransactionInternals {
	_requests: { operation: () => unknown; request: unknown }[];
	_started: boolean;
	_state: string;
	_abort(errorName: string | null): void;
}

function quotaError(): DOMException {
	return new DOMException('Simulated: the device is full', 'QuotaExceededError');
}

function hasInternals(tx: unknown): tx is TransactionInternals {
	return (
		typeof tx === 'object' &&
		tx !== null &&
		'_requests' in tx &&
		Array.isArray(tx._requests) &&
		'_abort' in tx &&
		typeof tx._abort === 'function' &&
		'_state' in tx &&
		'_started' in tx
	);
}

function internals(tx: unknown): TransactionInternals {
	if (!hasInternals(tx)) {
		throw new Error('fake-indexeddb internals changed; update simulate-quota-exceeded.ts');
	}
	return tx;
}

export interface QuotaSimulationOptions {
	/** Puts that still succeed before the device is full: lets a batch fail part-way through. */
	allowPuts?: number;
}

/**
 * From now on, writes to `storeNames` fail with a quota error in the given way. Returns a
 * function that restores normal behaviour; call it in `afterEach` or `finally`.
 */
export function simulateQuotaExceeded(
	mode: QuotaFailureMode,
	storeNames: string[],
	{ allowPuts = 0 }: QuotaSimulationOptions = {}
): () => void {
	let putsLeft = allowPuts;
	const storeProto = FakeObjectStore.prototype;
	const txProto = FakeTransaction.prototype;
	const originalPut = storeProto.put;
	const originalAdd = storeProto.add;
	const originalStart: unknown = Reflect.get(txProto, '_start');
	if (typeof originalStart !== 'function') {
		throw new Error('fake-indexeddb internals changed; update simulate-quota-exceeded.ts');
	}
	/** Transactions that wrote to a target store and so must fail to commit. */
	const doomed = new WeakSet<object>();

	function wrap(original: IDBObjectStore['put']): IDBObjectStore['put'] {
		return function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
			if (!storeNames.includes(this.name)) return original.call(this, value, key);
			if (putsLeft > 0) {
				putsLeft--;
				return original.call(this, value, key);
			}
			if (mode === 'put-throws') throw quotaError();
			const request = original.call(this, value, key);
			if (mode === 'commit-aborts') {
				doomed.add(this.transaction);
			} else {
				const queued = internals(this.transaction)._requests.find((r) => r.request === request);
				if (queued === undefined) throw new Error('fake-indexeddb internals changed');
				queued.operation = () => {
					throw quotaError();
				};
			}
			return request;
		};
	}

	storeProto.put = wrap(originalPut);
	storeProto.add = wrap(originalAdd);
	Reflect.set(txProto, '_start', function (this: object) {
		const tx = internals(this);
		// fake-indexeddb commits when `_start` runs out of requests; abort there instead.
		if (doomed.has(this) && tx._started && tx._state !== 'finished' && tx._requests.length === 0) {
			tx._abort('QuotaExceededError');
			return;
		}
		Reflect.apply(originalStart, this, []);
	});

	return () => {
		storeProto.put = originalPut;
		storeProto.add = originalAdd;
		Reflect.set(txProto, '_start', originalStart);
	};
}
