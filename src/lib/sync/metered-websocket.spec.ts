import { describe, expect, it } from 'vitest';
import { meteredWebSocket, payloadBytes, withMeter, type MeteredBytes } from './metered-websocket';

/** Just enough of a WebSocket: remembers its URL and what was sent, and delivers on cue. */
class FakeSocket extends EventTarget {
	static readonly instances: FakeSocket[] = [];
	readonly sent: unknown[] = [];
	constructor(
		readonly url: string,
		readonly protocols?: string | string[]
	) {
		super();
		FakeSocket.instances.push(this);
	}
	send(data: unknown): void {
		this.sent.push(data);
	}
	receive(data: unknown): void {
		this.dispatchEvent(new MessageEvent('message', { data }));
	}
}

function setUp(meterId: string | null) {
	const counted: MeteredBytes[] = [];
	const Metered = meteredWebSocket(FakeSocket as unknown as typeof WebSocket, {
		meterId: () => meterId,
		count: (bytes) => counted.push(bytes)
	});
	const socket = new Metered('ws://hearth.test/sync/journal:a?token=t');
	return { counted, socket, fake: FakeSocket.instances.at(-1) };
}

describe('the metered WebSocket', () => {
	it('names the meter in the URL, keeping the token', () => {
		const { fake } = setUp('AAAAAAAAAAAAAAAAAAAAAA');
		expect(fake?.url).toBe('ws://hearth.test/sync/journal:a?token=t&meter=AAAAAAAAAAAAAAAAAAAAAA');
	});

	it('leaves the URL alone before the meter id is known', () => {
		expect(setUp(null).fake?.url).toBe('ws://hearth.test/sync/journal:a?token=t');
	});

	it('counts each message sent and received, and still sends it', () => {
		const { counted, socket, fake } = setUp(null);
		socket.send(new Uint8Array(300));
		fake?.receive(new Uint8Array(1200).buffer);
		fake?.receive('héllo');
		expect(fake?.sent).toHaveLength(1);
		expect(counted).toEqual([{ sent: 300 }, { received: 1200 }, { received: 6 }]);
	});

	it('measures every kind of payload', () => {
		expect(payloadBytes(new Uint8Array(5).subarray(1))).toBe(4);
		expect(payloadBytes(new Blob(['abc']))).toBe(3);
		expect(payloadBytes(null)).toBe(0);
		expect(withMeter(new URL('ws://h/sync/r'), 'x')).toBe('ws://h/sync/r?meter=x');
	});
});
