import { describe, expect, it } from 'vitest';
import { describeIdentityRepositoryContract } from './identity-repository.contract';
import { MemoryIdentityRepository } from './memory-identity.repository';

describeIdentityRepositoryContract('MemoryIdentityRepository', async (rows = []) => {
	let full = false;
	return {
		repository: new MemoryIdentityRepository({
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

describe('MemoryIdentityRepository', () => {
	it('refuses a starting row without a key, as the real table would', () => {
		expect(() => new MemoryIdentityRepository({ rows: [{ value: 'Sam' }] })).toThrow(TypeError);
	});
});
