import { describe, expect, it } from 'vitest';
import { decideOnClose } from './sync-problem';

describe('decideOnClose', () => {
	it.each([
		[4400, 'rejected'],
		[4403, 'forbidden'],
		[4404, 'unknown-room'],
		[4413, 'too-large'],
		[4422, 'refused-change'],
		[4429, 'too-many']
	])('stops on %i with a %s problem', (code, kind) => {
		expect(decideOnClose(code)).toEqual({ action: 'stop', problem: { kind } });
	});

	it('renews the token on 4401', () => {
		expect(decideOnClose(4401)).toEqual({ action: 'renew-token' });
	});

	it.each([1001, 1006, 1011, 1013, 4499, null])('retries on %s', (code) => {
		expect(decideOnClose(code)).toEqual({ action: 'retry' });
	});
});
