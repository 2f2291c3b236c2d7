import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { UsageMeter, meterIdFrom } from './usage-meter';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const OTHER = 'BBBBBBBBBBBBBBBBBBBBBB';
const DAY = 24 * 60 * 60_000;

interface CountedSocket {
	socket: Socket;
	read: number;
	written: number;
	/** Emits 'close' as a real socket does. */
	close(): void;
}

/** A real Socket whose byte counts the test sets. */
function countedSocket(): CountedSocket {
	const socket = new Socket();
	const counted: CountedSocket = {
		socket,
		read: 0,
		written: 0,
		close: () => socket.emit('close', false)
	};
	Object.defineProperty(socket, 'bytesRead', { get: () => counted.read });
	Object.defineProperty(socket, 'bytesWritten', { get: () => counted.written });
	return counted;
}

const request = (url: string) => ({ url }) as IncomingMessage;

function setUp(start = Date.UTC(2026, 10, 10)) {
	let time = start;
	const meter = new UsageMeter({ now: () => time, expiryMs: 40 * DAY, maxEntries: 2 });
	const open = (id = ID) => {
		const counted = countedSocket();
		meter.watch(request(`/sync/community:a:2026-11?token=t&meter=${id}`), counted.socket);
		return counted;
	};
	return { meter, open, advance: (ms: number) => (time += ms) };
}

describe('the usage meter', () => {
	it('reads the meter id from the sync URL, and only a well-formed one', () => {
		expect(meterIdFrom(request(`/sync/r?token=t&meter=${ID}`))).toBe(ID);
		expect(meterIdFrom(request('/sync/r?token=t&meter=short'))).toBeNull();
		expect(meterIdFrom(request('/sync/r?token=t'))).toBeNull();
	});

	it('adds live and closed connections of one phone together', () => {
		const { meter, open } = setUp();
		const a = open();
		const b = open();
		a.read = 100;
		a.written = 1000;
		b.read = 50;
		expect(meter.usage(ID)).toEqual({ month: '2026-11', sent: 1000, received: 150 });
		a.read = 120;
		a.close();
		a.read = 9999; // after the close nothing more is counted
		expect(meter.usage(ID)).toEqual({ month: '2026-11', sent: 1000, received: 170 });
		expect(meter.usage(OTHER)).toBeUndefined();
	});

	it('starts each UTC month at zero', () => {
		const { meter, open, advance } = setUp(Date.UTC(2026, 10, 30, 23, 0));
		const a = open();
		a.written = 500;
		expect(meter.usage(ID)?.sent).toBe(500);
		a.close();
		advance(2 * 60 * 60_000);
		expect(meter.usage(ID)).toEqual({ month: '2026-12', sent: 0, received: 0 });
	});

	it('forgets a phone not seen for the expiry, and the least recently seen beyond the cap', () => {
		const { meter, open, advance } = setUp();
		open(ID).close();
		advance(41 * DAY);
		expect(meter.usage(ID)).toBeUndefined();
		open(ID).close();
		open(OTHER).close();
		open('CCCCCCCCCCCCCCCCCCCCCC').close();
		expect(meter.size).toBe(2);
		expect(meter.usage(ID)).toBeUndefined();
		expect(meter.usage(OTHER)).toBeDefined();
	});
});
