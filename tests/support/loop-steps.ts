/**
 * Turns of the event loop held in a test's hands: a `yieldTo` for fan-out.ts that keeps each
 * continuation until the test steps it, so a test can look at a fan-out between its slices
 * without timers, however busy the machine is.
 */
export interface LoopSteps {
	/** Give this to the fan-out in place of setImmediate. */
	readonly yieldTo: (next: () => void) => void;
	/** Continuations waiting to be stepped. */
	readonly waiting: number;
	/** Runs the oldest waiting continuation; throws when there is none. */
	step(): void;
	/** Steps until nothing is waiting. */
	runAll(): void;
	/** Resolves once something is waiting (at once if something already is). */
	yielded(): Promise<void>;
}

export function loopSteps(): LoopSteps {
	const queue: (() => void)[] = [];
	let wake: (() => void)[] = [];
	const steps: LoopSteps = {
		yieldTo: (next) => {
			queue.push(next);
			const waiters = wake;
			wake = [];
			for (const done of waiters) done();
		},
		get waiting() {
			return queue.length;
		},
		step() {
			const next = queue.shift();
			if (!next) throw new Error('Nothing is waiting for the next turn of the loop.');
			next();
		},
		runAll() {
			while (queue.length > 0) steps.step();
		},
		yielded() {
			if (queue.length > 0) return Promise.resolve();
			return new Promise((done) => wake.push(done));
		}
	};
	return steps;
}
