import { describe, expect, it } from 'vitest';
import { sendPaced } from './send-paced';
import type { SyncTimers } from './sync-environment';

class ManualTimers implements SyncTimers {
	private nextId = 1;
	readonly pending = new Map<number, { callback: () => void; ms: number }>();
	setTimeout(callback: () => void, ms: number): unknown {
		const id = this.nextId++;
		this.pending.set(id, { callback, ms });
		return id;
	}
	clearTimeout(handle: unknown): void {
		if (typeof handle === 'number') this.pending.delete(handle);
	}
	fireAll(): void {
		const due = [...this.pending.values()];
		this.pending.clear();
		for (const { callback } of due) callback();
	}
}

/** A socket whose buffer grows by what is sent, and drains when the test says so. */
class FakeSocket {
	bufferedAmount = 0;
	readonly sent: number[] = [];
	send(data: Uint8Array<ArrayBuffer>): void {
		this.sent.push(data[0] ?? -1);
		this.bufferedAmount += data.byteLength;
	}
}

const messages = (count: number, bytes = 100) =>
	Array.from({ length: count }, (_, i) => new Uint8Array(bytes).fill(i));

function setup(count: number, lowWaterBytes = 150) {
	const timers = new ManualTimers();
	const socket = new FakeSocket();
	const state = { current: true, done: 0 };
	const cancel = sendPaced(socket, messages(count), {
		timers,
		isCurrent: () => state.current,
		onDone: () => state.done++,
		lowWaterBytes,
		pollMs: 50
	});
	return { timers, socket, state, cancel };
}

describe('sendPaced', () => {
	it('sends at once while the buffer stays low, then says it is done', () => {
		const { socket, state, timers } = setup(3, 10_000);
		expect(socket.sent).toEqual([0, 1, 2]);
		expect(state.done).toBe(1);
		expect(timers.pending.size).toBe(0);
	});

	it('waits for the buffer to drain below the low-water mark before sending more', () => {
		const { socket, state, timers } = setup(5);
		// 100 bytes, then 200: over the mark of 150, so the third waits.
		expect(socket.sent).toEqual([0, 1]);
		expect([...timers.pending.values()].map(({ ms }) => ms)).toEqual([50]);
		timers.fireAll();
		expect(socket.sent).toEqual([0, 1]);
		socket.bufferedAmount = 0;
		timers.fireAll();
		expect(socket.sent).toEqual([0, 1, 2, 3]);
		expect(state.done).toBe(0);
		socket.bufferedAmount = 0;
		timers.fireAll();
		expect(socket.sent).toEqual([0, 1, 2, 3, 4]);
		expect(state.done).toBe(1);
		expect(timers.pending.size).toBe(0);
	});

	it('stops for good once the socket is no longer current, without saying it is done', () => {
		const { socket, state, timers } = setup(5);
		state.current = false;
		socket.bufferedAmount = 0;
		timers.fireAll();
		expect(socket.sent).toEqual([0, 1]);
		expect(state.done).toBe(0);
		expect(timers.pending.size).toBe(0);
	});

	it('can be cancelled, which clears its timer', () => {
		const { socket, state, timers, cancel } = setup(5);
		cancel();
		expect(timers.pending.size).toBe(0);
		socket.bufferedAmount = 0;
		timers.fireAll();
		expect(socket.sent).toEqual([0, 1]);
		expect(state.done).toBe(0);
	});

	it('finishes at once for nothing to send', () => {
		const { socket, state } = setup(0);
		expect(socket.sent).toEqual([]);
		expect(state.done).toBe(1);
	});
});
