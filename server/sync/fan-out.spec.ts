import { describe, expect, it } from 'vitest';
import { FanOut, type FanOutTarget } from './fan-out';
import { loopSteps } from '../../tests/support/loop-steps';

class Target implements FanOutTarget {
	on = true;
	readonly received: string[] = [];
	constructor(readonly name: string) {}
	write(frame: readonly Buffer[]): void {
		this.received.push(Buffer.concat(frame).toString());
	}
}

function fanOut(sliceSize: number) {
	const steps = loopSteps();
	let drained = 0;
	const out = new FanOut<Target>({
		sliceSize,
		stillOn: (target) => target.on,
		yieldTo: steps.yieldTo,
		onDrained: () => drained++
	});
	const send = (text: string, targets: readonly Target[]) => {
		const frame = [Buffer.from(text)];
		out.send(frame, text.length, targets);
	};
	return { out, steps, send, drained: () => drained };
}

const targets = (n: number) => Array.from({ length: n }, (_, i) => new Target(`t${i}`));
const got = (all: readonly Target[]) => all.map((target) => target.received.join(','));

describe('FanOut', () => {
	it('writes the first slice at once, then one slice per turn of the event loop', () => {
		const { out, steps, send, drained } = fanOut(2);
		const all = targets(5);
		send('a', all);
		expect(got(all)).toEqual(['a', 'a', '', '', '']);
		steps.step();
		expect(got(all)).toEqual(['a', 'a', 'a', 'a', '']);
		expect(drained()).toBe(0);
		steps.step();
		expect(got(all)).toEqual(['a', 'a', 'a', 'a', 'a']);
		expect(steps.waiting).toBe(0);
		expect(out.idle).toBe(true);
		expect(drained()).toBe(1);
	});

	it('serves a room no larger than a slice at once, leaving nothing for later', () => {
		const { out, steps, send, drained } = fanOut(100);
		const all = targets(3);
		send('a', all);
		send('b', all);
		expect(got(all)).toEqual(['a,b', 'a,b', 'a,b']);
		expect(steps.waiting).toBe(0);
		expect(out.idle).toBe(true);
		expect(drained()).toBe(2);
	});

	it('never lets a later frame reach a socket before an earlier one', () => {
		const { steps, send } = fanOut(2);
		const all = targets(5);
		send('a', all);
		send('b', all);
		send('c', all);
		// After every step, each socket holds a prefix of a, b, c.
		while (steps.waiting > 0) {
			for (const target of all) expect('a,b,c'.startsWith(target.received.join(','))).toBe(true);
			steps.step();
		}
		expect(got(all)).toEqual(Array(5).fill('a,b,c'));
	});

	it('holds a later frame back until the earlier one has reached every socket', () => {
		const { steps, send } = fanOut(2);
		const all = targets(4);
		send('a', all);
		send('b', all.slice(0, 2));
		expect(got(all)).toEqual(['a', 'a', '', '']);
		steps.step();
		expect(got(all)).toEqual(['a', 'a', 'a', 'a']);
		steps.step();
		expect(got(all)).toEqual(['a,b', 'a,b', 'a', 'a']);
	});

	it('never sends a socket a frame sent before it joined, even one still going out', () => {
		const { steps, send } = fanOut(1);
		const early = targets(3);
		const late = new Target('late');
		send('a', early);
		send('b', [...early, late]);
		steps.runAll();
		expect(got(early)).toEqual(['a,b', 'a,b', 'a,b']);
		expect(late.received).toEqual(['b']);
	});

	it('skips a socket that left, for every frame still going out', () => {
		const { steps, send } = fanOut(1);
		const all = targets(4);
		send('a', all);
		send('b', all);
		const [, second, third] = all;
		if (!second || !third) throw new Error('targets missing');
		// The second socket got nothing yet, the third nothing: both leave now.
		second.on = false;
		third.on = false;
		steps.runAll();
		expect(got(all)).toEqual(['a,b', '', '', 'a,b']);
	});

	it('takes a frame sent while the last one drains at once, as a fresh fan-out', () => {
		const { steps, send, drained } = fanOut(2);
		const all = targets(3);
		send('a', all);
		steps.step();
		expect(drained()).toBe(1);
		send('b', all);
		expect(got(all)).toEqual(['a,b', 'a,b', 'a']);
		steps.step();
		expect(got(all)).toEqual(['a,b', 'a,b', 'a,b']);
		expect(drained()).toBe(2);
	});

	it('drops what is still going out when cleared', () => {
		const { out, steps, send } = fanOut(1);
		const all = targets(3);
		send('a', all);
		out.clear();
		steps.runAll();
		expect(got(all)).toEqual(['a', '', '']);
		expect(out.idle).toBe(true);
	});

	it('refuses a slice of no sockets', () => {
		expect(() => new FanOut<Target>({ sliceSize: 0, stillOn: () => true })).toThrow(RangeError);
	});
});
