import { describe, expect, it } from 'vitest';
import {
	ClockDriftError,
	compareHlc,
	createClock,
	formatHlc,
	hlcWallTime,
	InvalidHlcError,
	isHlc,
	parseHlc
} from './hlc';

const HOUR = 60 * 60 * 1000;

/** A wall clock the test moves by hand. */
function manualTime(start: number) {
	let t = start;
	return { now: () => t, set: (value: number) => (t = value) };
}

function expectIncreasing(stamps: string[]) {
	for (let i = 1; i < stamps.length; i++) {
		expect(stamps[i]! > stamps[i - 1]!, `${stamps[i]} after ${stamps[i - 1]}`).toBe(true);
	}
}

describe('createClock', () => {
	it('stamps local events with the wall time and a counter that orders ties', () => {
		const time = manualTime(1_700_000_000_000);
		const clock = createClock('devA', time.now);
		expect(clock.tick()).toBe('001700000000000-000000-devA');
		expect(clock.tick()).toBe('001700000000000-000001-devA');
		time.set(1_700_000_000_005);
		expect(clock.tick()).toBe('001700000000005-000000-devA');
		expect(clock.latest()).toBe('001700000000005-000000-devA');
	});

	it('keeps increasing when the device clock jumps backwards', () => {
		const time = manualTime(1_700_000_000_000);
		const clock = createClock('devA', time.now);
		const stamps = [clock.tick(), clock.tick()];
		time.set(1_600_000_000_000);
		stamps.push(clock.tick(), clock.tick());
		time.set(1_700_000_000_000);
		stamps.push(clock.tick());
		time.set(1_700_000_000_001);
		stamps.push(clock.tick());
		expectIncreasing(stamps);
		expect(hlcWallTime(stamps[3]!)).toBe(1_700_000_000_000);
		expect(hlcWallTime(stamps[5]!)).toBe(1_700_000_000_001);
	});

	it('carries into the wall time instead of overflowing the counter', () => {
		const clock = createClock('devA', () => 5, { last: '000000000000005-999999-devA' });
		const next = clock.tick();
		expect(next).toBe('000000000000006-000000-devA');
	});

	it('continues after `last` from a previous run even if the clock is now behind it', () => {
		const clock = createClock('devA', () => 1_000, { last: '000000000002000-000007-devA' });
		expect(clock.tick()).toBe('000000000002000-000008-devA');
	});

	it('orders a received timestamp before every later local event', () => {
		const time = manualTime(1_000);
		const a = createClock('devA', time.now);
		const b = createClock('devB', () => 50_000);
		const fromB = b.tick();
		const received = a.receive(fromB);
		const after = a.tick();
		expectIncreasing([fromB, received, after]);
		expect(hlcWallTime(after)).toBe(50_000);
	});

	it.each([
		// case, wall clock now, last local, remote, expected wall, expected counter
		['remote ahead', 15, '000000000000010-000003-devA', '000000000000020-000005-devB', 20, 6],
		['local ahead', 15, '000000000000030-000003-devA', '000000000000020-000005-devB', 30, 4],
		['same wall', 15, '000000000000020-000003-devA', '000000000000020-000005-devB', 20, 6],
		['wall clock ahead', 40, '000000000000010-000003-devA', '000000000000020-000005-devB', 40, 0]
	] as const)('merges on receive: %s', (_case, now, last, remote, wall, counter) => {
		const clock = createClock('devA', () => now, { last });
		expect(parseHlc(clock.receive(remote))).toEqual({ wall, counter, node: 'devA' });
	});

	it('refuses a remote timestamp further ahead than the allowed drift, and stays usable', () => {
		const clock = createClock('server', () => 100 * HOUR, { maxDriftMs: 24 * HOUR });
		const before = clock.tick();
		const tooFar = formatHlc({ wall: 125 * HOUR, counter: 0, node: 'liar' });
		expect(() => clock.receive(tooFar)).toThrow(ClockDriftError);
		expect(clock.latest()).toBe(before);
		const nearEnough = formatHlc({ wall: 123 * HOUR, counter: 0, node: 'ok' });
		expect(hlcWallTime(clock.receive(nearEnough))).toBe(123 * HOUR);
	});

	it('rejects node ids that would break the format', () => {
		expect(() => createClock('', Date.now)).toThrow(RangeError);
		expect(() => createClock('a b', Date.now)).toThrow(RangeError);
	});
});

describe('parseHlc', () => {
	it('round-trips with formatHlc', () => {
		const parts = { wall: 1_700_000_000_123, counter: 42, node: 'k3x_-Z' };
		expect(parseHlc(formatHlc(parts))).toEqual(parts);
	});

	it.each(['', '1700000000000-0-a', '001700000000000-000000-', '001700000000000-000000-a b'])(
		'rejects %j',
		(value) => {
			expect(isHlc(value)).toBe(false);
			expect(() => parseHlc(value)).toThrow(InvalidHlcError);
		}
	);
});

describe('compareHlc', () => {
	it('sorts by wall, then counter, then node, where localeCompare would not', () => {
		const stamps = [
			'000000000000002-000000-a',
			'000000000000001-000010-b',
			'000000000000001-000002-z',
			'000000000000001-000002-B'
		];
		expect([...stamps].sort(compareHlc)).toEqual([
			'000000000000001-000002-B',
			'000000000000001-000002-z',
			'000000000000001-000010-b',
			'000000000000002-000000-a'
		]);
	});
});
