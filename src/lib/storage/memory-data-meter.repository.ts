/** The data meter's bookkeeping in memory, for tests (same contract as the Dexie one). */
import type { MonthTotals } from '../domain/data/data-month';
import { METER_ID_PATTERN, newMeterId, type DataMeterRepository } from './data-meter.repository';
import { guardWrite } from './guard-write';

export interface MemoryDataMeterOptions {
	/** Stored values as they are, damaged or not. */
	id?: unknown;
	totals?: unknown;
	/** Called before each write; throw to simulate a full device. */
	beforeWrite?: () => void;
}

export class MemoryDataMeterRepository implements DataMeterRepository {
	#id: unknown;
	#totals: unknown;
	readonly #beforeWrite: () => void;
	/** How many times totals were written, so tests can see the writes being gathered. */
	writes = 0;

	constructor(options: MemoryDataMeterOptions = {}) {
		this.#id = options.id;
		this.#totals = structuredClone(options.totals);
		this.#beforeWrite = options.beforeWrite ?? (() => {});
	}

	async meterId(): Promise<string> {
		if (typeof this.#id === 'string' && METER_ID_PATTERN.test(this.#id)) return this.#id;
		const id = newMeterId();
		this.#id = id;
		return id;
	}

	async loadTotals(): Promise<unknown> {
		return structuredClone(this.#totals);
	}

	async saveTotals(totals: MonthTotals): Promise<void> {
		await guardWrite(async () => {
			this.#beforeWrite();
			this.#totals = structuredClone(totals);
			this.writes++;
		});
	}
}
