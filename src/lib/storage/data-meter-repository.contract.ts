/**
 * What every `DataMeterRepository` must do. Run by `dexie-data-meter.repository.spec.ts` and
 * `memory-data-meter.repository.spec.ts`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { METER_ID_PATTERN, type DataMeterRepository } from './data-meter.repository';
import { StorageFullError } from './storage-errors';

export interface DataMeterHarness {
	repository: DataMeterRepository;
	/** From now on, the device refuses writes as when it is full. */
	fillStorage(): void;
	dispose(): Promise<void>;
}

/** `stored` plants values as they are, bypassing every check. */
export type CreateDataMeterHarness = (stored?: {
	id?: unknown;
	totals?: unknown;
}) => Promise<DataMeterHarness>;

const totals = { month: '2026-11', http: { sent: 1, received: 2 }, sync: { sent: 3, received: 4 } };

export function describeDataMeterRepositoryContract(
	name: string,
	createHarness: CreateDataMeterHarness
): void {
	describe(`${name} (DataMeterRepository contract)`, () => {
		const harnesses: DataMeterHarness[] = [];
		async function open(stored?: { id?: unknown; totals?: unknown }) {
			const harness = await createHarness(stored);
			harnesses.push(harness);
			return harness.repository;
		}
		afterEach(async () => {
			for (const harness of harnesses.splice(0)) await harness.dispose();
		});

		it('makes a meter id once and keeps it', async () => {
			const repository = await open();
			const id = await repository.meterId();
			expect(id).toMatch(METER_ID_PATTERN);
			expect(await repository.meterId()).toBe(id);
		});

		it('replaces a damaged meter id with a fresh one', async () => {
			const repository = await open({ id: 'not an id' });
			expect(await repository.meterId()).toMatch(METER_ID_PATTERN);
		});

		it('gives two installs different meter ids', async () => {
			const [a, b] = [await open(), await open()];
			expect(await a.meterId()).not.toBe(await b.meterId());
		});

		it('keeps totals, and hands back damaged ones as they are for the reader to judge', async () => {
			const repository = await open();
			expect(await repository.loadTotals()).toBeUndefined();
			await repository.saveTotals(totals);
			expect(await repository.loadTotals()).toEqual(totals);
			expect(await (await open({ totals: 'junk' })).loadTotals()).toBe('junk');
		});

		it('says StorageFullError when the device refuses the write', async () => {
			const harness = await createHarness();
			harnesses.push(harness);
			harness.fillStorage();
			await expect(harness.repository.saveTotals(totals)).rejects.toBeInstanceOf(StorageFullError);
		});
	});
}
