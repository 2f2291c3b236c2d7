/**
 * Where the data meter keeps its bookkeeping on this device: the meter id (made once per install,
 * never tied to the identity) and this month's totals. Implementations: `DexieDataMeterRepository`
 * and `MemoryDataMeterRepository`; both pass `data-meter-repository.contract.ts`.
 */
import type { MonthTotals } from '../domain/data/data-month';
import { encodeBase64Url } from '../domain/identity/base64url';

export interface DataMeterRepository {
	/** This install's meter id (16 random bytes, base64url), made and kept on the first call. */
	meterId(): Promise<string>;
	/** The stored totals as they are: `readMonthTotals` checks them. Undefined when none. */
	loadTotals(): Promise<unknown>;
	/** Throws `StorageFullError` when the device refuses the write. */
	saveTotals(totals: MonthTotals): Promise<void>;
}

export const METER_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function newMeterId(): string {
	return encodeBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}
