/**
 * What the at-scale benchmark reads and writes inside the page: what the app's IndexedDB holds,
 * and how much JavaScript heap is in use. (When things show is timed from Node:
 * `time-to-visible.ts`.)
 *
 * Functions handed to the page are kept free of named inner functions: the TypeScript loader
 * wraps those in a helper the page does not have, and the script would fail there.
 *
 * IndexedDB is read with the browser's own API, never through the app: the figures must not
 * depend on the code they measure.
 */
import type { CDPSession, Page } from 'playwright-core';

const DATABASE = 'hearth';

export interface LogStats {
	rows: number;
	/** Bytes of the stored updates themselves. */
	bytes: number;
	/** How long one read of every row took, in the page (IndexedDB and structured clone). */
	readMs: number;
}

/**
 * The update log of one document (`docUpdates`), read with the same index range the app's
 * document repository uses (`[docName+id]`), timed in the page.
 */
export function documentLog(page: Page, docName: string): Promise<LogStats> {
	return page.evaluate(
		({ database, docName }) =>
			new Promise<LogStats>((resolve, reject) => {
				const open = indexedDB.open(database);
				open.onerror = () => reject(open.error ?? new Error('IndexedDB did not open'));
				open.onsuccess = () => {
					const db = open.result;
					const started = performance.now();
					const request = db
						.transaction('docUpdates', 'readonly')
						.objectStore('docUpdates')
						.index('[docName+id]')
						.getAll(IDBKeyRange.bound([docName, -Infinity], [docName, Infinity]));
					request.onerror = () => reject(request.error ?? new Error('The log did not read'));
					request.onsuccess = () => {
						const readMs = performance.now() - started;
						const rows: unknown[] = request.result;
						let bytes = 0;
						for (const row of rows) {
							const update: unknown = Reflect.get(Object(row), 'update');
							if (update instanceof Uint8Array) bytes += update.byteLength;
						}
						db.close();
						resolve({ rows: rows.length, bytes, readMs });
					};
				};
			}),
		{ database: DATABASE, docName }
	);
}

/** Appends updates to a document's log as the app's persistence does, in batches. */
export async function appendToLog(
	page: Page,
	docName: string,
	updates: readonly Uint8Array[]
): Promise<void> {
	// Through the protocol as base64; about 4 MB per call keeps each message reasonable.
	const BATCH_BYTES = 4 * 1024 * 1024;
	let batch: string[] = [];
	let size = 0;
	const flush = async () => {
		if (batch.length === 0) return;
		await page.evaluate(
			({ database, docName, encoded }) =>
				new Promise<void>((resolve, reject) => {
					const open = indexedDB.open(database);
					open.onerror = () => reject(open.error ?? new Error('IndexedDB did not open'));
					open.onsuccess = () => {
						const db = open.result;
						const tx = db.transaction('docUpdates', 'readwrite');
						for (const text of encoded) {
							const update = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
							tx.objectStore('docUpdates').add({ docName, update });
						}
						tx.oncomplete = () => {
							db.close();
							resolve();
						};
						tx.onerror = () => reject(tx.error ?? new Error('The log was not written'));
					};
				}),
			{ database: DATABASE, docName, encoded: batch }
		);
		batch = [];
		size = 0;
	};
	for (const update of updates) {
		batch.push(Buffer.from(update).toString('base64'));
		size += update.byteLength;
		if (size >= BATCH_BYTES) await flush();
	}
	await flush();
}

/** Puts rows into a table, in one transaction. */
export function putRows(page: Page, table: string, rows: readonly object[]): Promise<void> {
	return page.evaluate(
		({ database, table, rows }) =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open(database);
				open.onerror = () => reject(open.error ?? new Error('IndexedDB did not open'));
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(table, 'readwrite');
					for (const row of rows) tx.objectStore(table).put(row);
					tx.oncomplete = () => {
						db.close();
						resolve();
					};
					tx.onerror = () => reject(tx.error ?? new Error(`${table} was not written`));
				};
			}),
		{ database: DATABASE, table, rows }
	);
}

export function deleteRow(page: Page, table: string, key: string): Promise<void> {
	return page.evaluate(
		({ database, table, key }) =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open(database);
				open.onerror = () => reject(open.error ?? new Error('IndexedDB did not open'));
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(table, 'readwrite');
					tx.objectStore(table).delete(key);
					tx.oncomplete = () => {
						db.close();
						resolve();
					};
					tx.onerror = () => reject(tx.error ?? new Error(`${table} was not changed`));
				};
			}),
		{ database: DATABASE, table, key }
	);
}

/** How many rows a table holds. */
export function countRows(page: Page, table: string): Promise<number> {
	return page.evaluate(
		({ database, table }) =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open(database);
				open.onerror = () => reject(open.error ?? new Error('IndexedDB did not open'));
				open.onsuccess = () => {
					const db = open.result;
					const request = db.transaction(table, 'readonly').objectStore(table).count();
					request.onerror = () => reject(request.error ?? new Error(`${table} did not count`));
					request.onsuccess = () => {
						db.close();
						resolve(request.result);
					};
				};
			}),
		{ database: DATABASE, table }
	);
}

/** A row's `value` from a `{ key, value }` table, or undefined. */
export function readValue(page: Page, table: string, key: string): Promise<unknown> {
	return page.evaluate(
		({ database, table, key }) =>
			new Promise<unknown>((resolve, reject) => {
				const open = indexedDB.open(database);
				open.onerror = () => reject(open.error ?? new Error('IndexedDB did not open'));
				open.onsuccess = () => {
					const db = open.result;
					const request = db.transaction(table, 'readonly').objectStore(table).get(key);
					request.onerror = () => reject(request.error ?? new Error(`${table} did not read`));
					request.onsuccess = () => {
						const row: unknown = request.result;
						db.close();
						resolve(row === undefined ? undefined : Reflect.get(Object(row), 'value'));
					};
				};
			}),
		{ database: DATABASE, table, key }
	);
}

/** How many journal rows are still plain (carry `revisions`), and how many in all. */
export function journalRowKinds(page: Page): Promise<{ rows: number; plain: number }> {
	return page.evaluate(
		(database) =>
			new Promise<{ rows: number; plain: number }>((resolve, reject) => {
				const open = indexedDB.open(database);
				open.onerror = () => reject(open.error ?? new Error('IndexedDB did not open'));
				open.onsuccess = () => {
					const db = open.result;
					const request = db.transaction('journal', 'readonly').objectStore('journal').getAll();
					request.onerror = () => reject(request.error ?? new Error('The journal did not read'));
					request.onsuccess = () => {
						const rows: unknown[] = request.result;
						const plain = rows.filter((row) => {
							const record: unknown = Reflect.get(Object(row), 'record');
							return typeof record === 'object' && record !== null && 'revisions' in record;
						}).length;
						db.close();
						resolve({ rows: rows.length, plain });
					};
				};
			}),
		DATABASE
	);
}

export interface StorageUse {
	/** `navigator.storage.estimate().usage`: the whole origin (IndexedDB, caches, service worker). */
	usage: number;
	/** Chromium's IndexedDB share of it (`usageDetails.indexedDB`), when it says. */
	indexedDB: number | null;
}

export function storageUse(page: Page): Promise<StorageUse> {
	return page.evaluate(async () => {
		const estimate = await navigator.storage.estimate();
		const details: unknown = Reflect.get(estimate, 'usageDetails');
		const indexedDB: unknown =
			typeof details === 'object' && details !== null
				? Reflect.get(details, 'indexedDB')
				: undefined;
		return {
			usage: estimate.usage ?? 0,
			indexedDB: typeof indexedDB === 'number' ? indexedDB : null
		};
	});
}

/** JavaScript heap in use after a full garbage collection: what the page keeps alive. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
	await cdp.send('HeapProfiler.collectGarbage');
	const { usedSize } = await cdp.send('Runtime.getHeapUsage');
	return usedSize;
}
