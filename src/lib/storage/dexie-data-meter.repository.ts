/** The data meter's rows in `meta`: `dataMeter.id` and `dataMeter.month`. */
import type { MonthTotals } from '../domain/data/data-month';
import type { HearthDatabase } from './db';
import { METER_ID_PATTERN, newMeterId, type DataMeterRepository } from './data-meter.repository';
import { guardWrite } from './guard-write';

const ID_KEY = 'dataMeter.id';
const TOTALS_KEY = 'dataMeter.month';

export class DexieDataMeterRepository implements DataMeterRepository {
	constructor(private readonly db: HearthDatabase) {}

	async meterId(): Promise<string> {
		return this.db.transaction('rw', this.db.meta, async () => {
			const row = await this.db.meta.get(ID_KEY);
			if (typeof row?.value === 'string' && METER_ID_PATTERN.test(row.value)) return row.value;
			// None yet, or damaged: a fresh id only means the server's count starts again.
			const id = newMeterId();
			await this.db.meta.put({ key: ID_KEY, value: id });
			return id;
		});
	}

	async loadTotals(): Promise<unknown> {
		return (await this.db.meta.get(TOTALS_KEY))?.value;
	}

	async saveTotals(totals: MonthTotals): Promise<void> {
		await guardWrite(() => this.db.meta.put({ key: TOTALS_KEY, value: totals }));
	}
}
