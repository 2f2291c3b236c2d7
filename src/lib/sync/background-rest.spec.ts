import { describe, expect, it } from 'vitest';
import { BackgroundRest } from './background-rest';
import { ManualTimers } from './testing/sync-connection-harness';

function rest(options: { hidden?: boolean } = {}) {
	const timers = new ManualTimers();
	const calls: string[] = [];
	const world = { mayRest: true };
	const background = new BackgroundRest(
		{
			timers,
			graceMs: 15_000,
			mayRest: () => world.mayRest,
			rest: () => calls.push('rest'),
			wake: () => calls.push('wake')
		},
		options.hidden ?? false
	);
	return { background, timers, calls, world };
}

describe('BackgroundRest', () => {
	it('rests once hidden for the grace period, and wakes when shown', () => {
		const { background, timers, calls } = rest();
		background.hide();
		timers.advance(14_999);
		expect(calls).toEqual([]);
		timers.advance(1);
		expect(calls).toEqual(['rest']);
		expect(background.resting).toBe(true);
		expect(background.show()).toBe(true);
		expect(calls).toEqual(['rest', 'wake']);
		expect(background.resting).toBe(false);
	});

	it('never rests in view, nor after a quick look elsewhere', () => {
		const { background, timers, calls } = rest();
		background.check();
		background.hide();
		timers.advance(5_000);
		expect(background.show()).toBe(false);
		timers.advance(60_000);
		background.check();
		expect(calls).toEqual([]);
	});

	it('waits while something may not rest, then rests as soon as it may', () => {
		const { background, timers, calls, world } = rest({ hidden: true });
		world.mayRest = false;
		timers.advance(60_000);
		expect(calls).toEqual([]);
		world.mayRest = true;
		background.check();
		expect(calls).toEqual(['rest']);
	});

	it('wakes when work appears while resting, and a resume starts the grace again', () => {
		const { background, timers, calls, world } = rest({ hidden: true });
		timers.advance(15_000);
		world.mayRest = false;
		background.check();
		expect(calls).toEqual(['rest', 'wake']);
		world.mayRest = true;
		background.check();
		expect(calls).toEqual(['rest', 'wake', 'rest']);
		background.interrupt();
		expect(background.resting).toBe(false);
		timers.advance(15_000);
		expect(calls).toEqual(['rest', 'wake', 'rest', 'rest']);
		background.destroy();
		expect(timers.pending.size).toBe(0);
	});
});
