import { describeDataMeterRepositoryContract } from './data-meter-repository.contract';
import { MemoryDataMeterRepository } from './memory-data-meter.repository';

describeDataMeterRepositoryContract('MemoryDataMeterRepository', async (stored = {}) => {
	let full = false;
	return {
		repository: new MemoryDataMeterRepository({
			...stored,
			beforeWrite() {
				if (full) throw new DOMException('Simulated: the device is full', 'QuotaExceededError');
			}
		}),
		fillStorage() {
			full = true;
		},
		async dispose() {}
	};
});
