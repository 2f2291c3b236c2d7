// What a page's device has stored, read raw from IndexedDB without the app's code: for browser
// tests that must know a write has landed (the app updates the screen before the write does), or
// that must see exactly what sits on the device.
import type { Page } from 'playwright-core';

/** Every row of one of the app's tables, as stored. */
export function storedRows(page: Page, table: string): Promise<unknown[]> {
	return page.evaluate(
		(table) =>
			new Promise<unknown[]>((resolve, reject) => {
				const open = indexedDB.open('hearth');
				open.onerror = () => reject(open.error ?? new Error('The database did not open'));
				open.onsuccess = () => {
					const db = open.result;
					const read = db.transaction(table, 'readonly').objectStore(table).getAll();
					read.onsuccess = () => {
						db.close();
						resolve(read.result as unknown[]);
					};
					read.onerror = () => {
						db.close();
						reject(read.error ?? new Error(`The ${table} table could not be read`));
					};
				};
			}),
		table
	);
}

/** A setting as stored (the `settings` table's `{ key, value }` row), or undefined if unset. */
export async function storedSetting(page: Page, key: string): Promise<unknown> {
	const rows = (await storedRows(page, 'settings')) as { key?: unknown; value?: unknown }[];
	return rows.find((row) => row.key === key)?.value;
}
