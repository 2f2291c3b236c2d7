import { describe, expect, it } from 'vitest';
import { MemorySettingsRepository } from './memory-settings.repository';
import { describeSettingsRepositoryContract } from './settings-repository.contract';

describeSettingsRepositoryContract('MemorySettingsRepository', async (rows = []) => {
	let full = false;
	return {
		repository: new MemorySettingsRepository({
			rows,
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

describe('MemorySettingsRepository', () => {
	it('refuses a starting row without a key, as the real table would', () => {
		expect(() => new MemorySettingsRepository({ rows: [{ value: true }] })).toThrow(TypeError);
	});

	it('keeps its own copy of the starting rows', async () => {
		const row = { key: 'country', value: 'KE' };
		const settings = new MemorySettingsRepository({ rows: [row] });
		row.value = 'UG';
		expect(await settings.get('country')).toBe('KE');
	});
});
