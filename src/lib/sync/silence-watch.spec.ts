import { describe, expect, it } from 'vitest';
import { createSilenceWatch } from './silence-watch';
import { ManualTimers } from './testing/sync-connection-harness';

function watchFor(limitMs: number) {
	const clock = { ms: 0 };
	const timers = new ManualTimers(clock);
	let silent = 0;
	const watch = createSilenceWatch({
		timers,
		now: () => clock.ms,
		limitMs,
		onSilent: () => silent++
	});
	return { watch, timers, clock, silent: () => silent };
}

describe('createSilenceWatch', () => {
	it('keeps no timer while nothing is due', () => {
		const { timers, watch } = watchFor(1_000);
		watch.heard();
		expect(timers.pending.size).toBe(0);
		expect(watch.watching).toBe(false);
	});

	it('calls once when an answer is due and nothing is heard for the limit', () => {
		const { watch, timers, silent } = watchFor(1_000);
		watch.watch();
		timers.advance(999);
		expect(silent()).toBe(0);
		timers.advance(1);
		expect(silent()).toBe(1);
		timers.advance(10_000);
		expect(silent()).toBe(1);
		expect(watch.watching).toBe(false);
	});

	it('counts from the last thing heard, not from when watching began', () => {
		const { watch, timers, silent } = watchFor(1_000);
		watch.watch();
		timers.advance(800);
		watch.heard();
		timers.advance(999);
		expect(silent()).toBe(0);
		timers.advance(1);
		expect(silent()).toBe(1);
	});

	it('does not take an old silence for a new one, and stops when told', () => {
		const { watch, timers, silent } = watchFor(1_000);
		timers.advance(5_000);
		expect(watch.quietFor()).toBe(5_000);
		watch.watch();
		watch.watch();
		expect(timers.pending.size).toBe(1);
		timers.advance(500);
		watch.stop();
		timers.advance(5_000);
		expect(silent()).toBe(0);
	});
});
