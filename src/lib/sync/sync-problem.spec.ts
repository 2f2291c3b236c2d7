import { describe, expect, it } from 'vitest';
import { DEFAULT_SLOW_DOWN_MS, MAX_SLOW_DOWN_MS, decideOnClose } from './sync-problem';

describe('decideOnClose', () => {
	it.each([
		[4400, 'rejected'],
		[4404, 'unknown-room'],
		[4413, 'too-large'],
		[4429, 'too-many']
	])('stops on %i with a %s problem', (code, kind) => {
		expect(decideOnClose(code)).toEqual({ action: 'stop', problem: { kind } });
	});

	it('stops on 4422 with the rule the reason names', () => {
		expect(decideOnClose(4422, 'refused change: blocked')).toEqual({
			action: 'stop',
			problem: { kind: 'refused-change', rule: 'blocked' }
		});
		expect(decideOnClose(4422, 'refused change: client-id-taken')).toMatchObject({
			problem: { rule: 'client-id-taken' }
		});
		expect(decideOnClose(4422)).toMatchObject({ problem: { kind: 'refused-change', rule: null } });
		expect(decideOnClose(4422, 'refused change: <b>odd</b>')).toMatchObject({
			problem: { rule: null }
		});
	});

	it('asks for fresh access on 4403 (muted, demoted, or not allowed at all)', () => {
		expect(decideOnClose(4403)).toEqual({ action: 'renew-access' });
	});

	it('renews the token on 4401', () => {
		expect(decideOnClose(4401)).toEqual({ action: 'renew-token' });
	});

	it.each([1001, 1006, 1011, 1013, 4499, null])('retries on %s', (code) => {
		expect(decideOnClose(code)).toEqual({ action: 'retry' });
	});
});

describe('decideOnClose on 4429 too-many-changes', () => {
	const slowDown = (delayMs: number) => ({
		action: 'wait',
		delayMs,
		problem: { kind: 'slow-down', retryAfterMs: delayMs }
	});

	it('waits as long as the server asks, then retries', () => {
		expect(decideOnClose(4429, 'too-many-changes retry-after=90')).toEqual(slowDown(90_000));
	});

	it.each([
		['too-many-changes', DEFAULT_SLOW_DOWN_MS],
		['too-many-changes retry-after=soon', DEFAULT_SLOW_DOWN_MS],
		['too-many-changes retry-after=0', 1000],
		['too-many-changes retry-after=999999999', MAX_SLOW_DOWN_MS]
	])('keeps the wait within bounds for %j', (reason, delayMs) => {
		expect(decideOnClose(4429, reason)).toEqual(slowDown(delayMs));
	});

	it('still stops on 4429 for too many connections', () => {
		expect(decideOnClose(4429, 'too many connections')).toEqual({
			action: 'stop',
			problem: { kind: 'too-many' }
		});
	});
});
