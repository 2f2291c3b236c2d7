import { constants, createInflateRaw, inflateRawSync, type InflateRaw } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loopSteps, type LoopSteps } from '../../tests/support/loop-steps';
import type { Negotiated } from './raw-frames';
import type { RelayedUpdate } from './relay-outbox';
import { RoomStream, type StreamMember } from './room-stream';

const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/** A member that decodes what it is sent as its client would: one inflater for its lifetime. */
class FakeMember implements StreamMember {
	ready = true;
	isJoined = false;
	failed = false;
	/** Frames written to it, decoded or not yet. */
	writes = 0;
	readonly received: string[] = [];
	private readonly inflater: InflateRaw = createInflateRaw({ windowBits: 15 });
	private decoding: Promise<void> = Promise.resolve();

	constructor(negotiated: Negotiated = 'stream') {
		this.writer = { negotiated, idle: () => true, write: (frame) => this.take(frame) };
	}

	readonly writer: StreamMember['writer'];
	readyToJoin = () => this.ready;
	joined = () => (this.isJoined = true);
	write = (frame: readonly Buffer[]) => this.writer.write(frame);
	fail = () => (this.failed = true);

	/** Everything decoded so far (decoding is async, as in `ws`). */
	async messages(): Promise<string[]> {
		await this.decoding;
		return this.received;
	}

	private take(frame: readonly Buffer[]): void {
		this.writes++;
		const bytes = Buffer.concat(frame);
		const compressed = ((bytes[0] ?? 0) & 0x40) !== 0;
		const length = bytes[1] === 126 ? bytes.readUInt16BE(2) : (bytes[1] ?? 0);
		const payload = bytes.subarray(bytes.length - length);
		expect(bytes[0]).toBe(compressed ? 0xc2 : 0x82);
		if (!compressed) {
			this.received.push(payload.toString());
			return;
		}
		if (this.writer.negotiated === 'stateless') {
			this.received.push(
				inflateRawSync(Buffer.concat([payload, TAIL]), {
					finishFlush: constants.Z_SYNC_FLUSH
				}).toString()
			);
			return;
		}
		this.decoding = this.decoding.then(() => this.inflate(payload));
	}

	private inflate(payload: Buffer): Promise<void> {
		const chunks: Buffer[] = [];
		const collect = (chunk: Buffer) => chunks.push(chunk);
		this.inflater.on('data', collect);
		this.inflater.write(payload);
		this.inflater.write(TAIL);
		return new Promise((done) =>
			this.inflater.flush(constants.Z_SYNC_FLUSH, () => {
				this.inflater.off('data', collect);
				this.received.push(Buffer.concat(chunks).toString());
				done();
			})
		);
	}
}

let seq = 0;
function update(text: string): RelayedUpdate {
	const message = Buffer.from(text);
	return { seq: ++seq, update: message, message };
}

interface StreamOptions {
	minConnections?: number;
	epochMinMs?: number;
	sliceSize?: number;
	steps?: LoopSteps;
}

function stream(options: StreamOptions = {}) {
	let now = 1_000;
	const merges: string[][] = [];
	const errors: string[] = [];
	const room = new RoomStream({
		minConnections: options.minConnections ?? 2,
		epochMinMs: options.epochMinMs ?? 1_000,
		sliceSize: options.sliceSize,
		yieldTo: options.steps?.yieldTo,
		merge: (updates) => {
			const texts = updates.map((u) => Buffer.from(u.message).toString());
			merges.push(texts);
			return Buffer.from(texts.join('+'));
		},
		onError: (message) => errors.push(message),
		now: () => now
	});
	return { room, merges, errors, advance: (ms: number) => (now += ms) };
}

/**
 * Steps the fan-out's slices until every update pushed has been compressed (on zlib's thread
 * pool) and written to every member: no timers, so a busy machine only makes it slower.
 */
async function drain(room: RoomStream, steps: LoopSteps): Promise<void> {
	let idle = false;
	const idled = room.whenIdle().then(() => (idle = true));
	while (!idle) {
		if (steps.waiting > 0) steps.step();
		else await Promise.race([idled, steps.yielded()]);
	}
}

const post = (n: number) => `post ${n}: the kettle is on and the evening is quiet, come and sit`;

describe('RoomStream', () => {
	it('lets nobody on below the room size it needs', () => {
		const { room } = stream({ minConnections: 3 });
		const members = [new FakeMember(), new FakeMember()];
		room.admit(members, 2);
		expect(room.size).toBe(0);
		expect(members.some((m) => m.isJoined)).toBe(false);
	});

	it('sends each update once, compressed against the ones before, to every member', async () => {
		const { room } = stream();
		const members = [new FakeMember(), new FakeMember(), new FakeMember()];
		for (let n = 0; n < 20; n++) {
			room.admit(members, members.length);
			room.push(update(post(n)));
			await room.whenIdle();
		}
		expect(room.epochs).toBe(1);
		const expected = Array.from({ length: 20 }, (_, n) => post(n));
		for (const member of members) expect(await member.messages()).toEqual(expected);
	});

	it('merges the updates that arrive while a deflate job runs', async () => {
		const { room, merges } = stream();
		const members = [new FakeMember(), new FakeMember()];
		room.admit(members, 2);
		room.push(update('a'));
		room.push(update('b'));
		room.push(update('c'));
		await room.whenIdle();
		expect(merges).toEqual([['b', 'c']]);
		for (const member of members) expect(await member.messages()).toEqual(['a', 'b+c']);
	});

	it('lets a late member on only at a fresh stream, after the least time between them', async () => {
		const { room, advance } = stream({ epochMinMs: 1_000 });
		const early = [new FakeMember(), new FakeMember()];
		const late = new FakeMember();
		late.ready = false;
		const all = [...early, late];
		room.admit(all, 3);
		room.push(update(post(1)));
		await room.whenIdle();
		late.ready = true;
		advance(500);
		room.admit(all, 3);
		expect(late.isJoined).toBe(false);
		room.push(update(post(2)));
		await room.whenIdle();
		advance(600);
		room.admit(all, 3);
		expect(late.isJoined).toBe(true);
		expect(room.epochs).toBe(2);
		room.push(update(post(3)));
		room.push(update(post(4)));
		await room.whenIdle();
		// The early members' inflaters hold the old stream; the new one references none of it.
		for (const member of early) {
			expect(await member.messages()).toEqual([post(1), post(2), post(3), post(4)]);
		}
		expect(await late.messages()).toEqual([post(3), post(4)]);
	});

	it('never starts a fresh stream while a deflate job runs', async () => {
		const { room, advance } = stream({ epochMinMs: 0 });
		const early = [new FakeMember(), new FakeMember()];
		room.admit(early, 2);
		room.push(update(post(1)));
		const late = new FakeMember();
		advance(10);
		room.admit([...early, late], 3);
		expect(late.isJoined).toBe(false);
		await room.whenIdle();
		room.admit([...early, late], 3);
		expect(late.isJoined).toBe(true);
	});

	it('shares stateless frames with clients that asked for no context takeover', async () => {
		const { room } = stream();
		const stateless = [new FakeMember('stateless'), new FakeMember('stateless')];
		room.admit(stateless, 2);
		expect(room.epochs).toBe(0);
		const long = Array.from({ length: 40 }, (_, n) => post(n)).join(' ');
		room.push(update('small'));
		room.push(update(long));
		await room.whenIdle();
		for (const member of stateless) expect(await member.messages()).toEqual(['small', long]);
	});

	it('writes nothing more to a member once it is removed, and frees the deflater', async () => {
		const { room } = stream();
		const [a, b] = [new FakeMember(), new FakeMember()];
		room.admit([a, b], 2);
		room.push(update('one'));
		await room.whenIdle();
		room.remove(a);
		room.push(update('two'));
		await room.whenIdle();
		expect(await a.messages()).toEqual(['one']);
		expect(await b.messages()).toEqual(['one', 'two']);
		room.remove(b);
		expect(room.size).toBe(0);
		room.push(update('three'));
		await room.whenIdle();
		expect(await b.messages()).toEqual(['one', 'two']);
	});

	it('never lets a member on that is not ready', () => {
		const { room } = stream();
		const busy = new FakeMember();
		busy.ready = false;
		room.admit([busy, new FakeMember()], 2);
		expect(busy.isJoined).toBe(false);
		expect(room.size).toBe(1);
	});
});

describe('RoomStream, writing in slices', () => {
	const members = (n: number) => Array.from({ length: n }, () => new FakeMember());

	it('writes each frame a slice at a time, and every member decodes every message', async () => {
		const steps = loopSteps();
		const { room } = stream({ sliceSize: 2, steps });
		const all = members(5);
		for (let n = 0; n < 6; n++) {
			room.admit(all, all.length);
			room.push(update(post(n)));
			await steps.yielded();
			// The first slice is out; the rest wait for the loop.
			expect(all.map((m) => m.writes)).toEqual([n + 1, n + 1, n, n, n]);
			await drain(room, steps);
		}
		const expected = Array.from({ length: 6 }, (_, n) => post(n));
		for (const member of all) expect(await member.messages()).toEqual(expected);
	});

	it('keeps back-to-back posts in order on every member while one is still going out', async () => {
		const steps = loopSteps();
		const { room } = stream({ sliceSize: 1, steps });
		const all = members(4);
		room.admit(all, all.length);
		room.push(update(post(1)));
		await steps.yielded();
		// The next two come while the first is still on its way to three of the four.
		room.push(update(post(2)));
		room.push(update(post(3)));
		await drain(room, steps);
		for (const member of all) {
			expect(await member.messages()).toEqual([post(1), post(2), post(3)]);
		}
	});

	it('never sends a member that joins mid-fan-out a frame of the stream before', async () => {
		const steps = loopSteps();
		const { room } = stream({ sliceSize: 1, epochMinMs: 0, steps });
		const early = members(3);
		const late = new FakeMember();
		late.ready = false;
		room.admit([...early, late], 4);
		room.push(update(post(1)));
		await steps.yielded();
		// The first frame has reached one member; the late one joins a fresh stream now.
		late.ready = true;
		room.admit([...early, late], 4);
		expect(late.isJoined).toBe(true);
		expect(room.epochs).toBe(2);
		room.push(update(post(2)));
		await drain(room, steps);
		for (const member of early) expect(await member.messages()).toEqual([post(1), post(2)]);
		// Its inflater starts with the fresh stream: a frame of the old one would not decode.
		expect(await late.messages()).toEqual([post(2)]);
	});

	it('writes nothing more to a member that leaves mid-fan-out', async () => {
		const steps = loopSteps();
		const { room } = stream({ sliceSize: 1, steps });
		const all = members(4);
		const [first, second, leaving] = all;
		if (!first || !second || !leaving) throw new Error('members missing');
		room.admit(all, all.length);
		room.push(update(post(1)));
		await steps.yielded();
		room.push(update(post(2)));
		room.remove(leaving);
		await drain(room, steps);
		expect(leaving.writes).toBe(0);
		for (const member of all.filter((m) => m !== leaving)) {
			expect(await member.messages()).toEqual([post(1), post(2)]);
		}
		// One that leaves after its own copy of a frame, before the next, keeps what it had.
		room.push(update(post(3)));
		await steps.yielded();
		expect(first.writes).toBe(3);
		room.remove(second);
		await drain(room, steps);
		expect(await second.messages()).toEqual([post(1), post(2)]);
		expect(await first.messages()).toEqual([post(1), post(2), post(3)]);
	});

	it('slices the frames shared without context takeover too, in order', async () => {
		const steps = loopSteps();
		const { room } = stream({ sliceSize: 1, steps });
		const stateless = [new FakeMember('stateless'), new FakeMember('stateless')];
		room.admit(stateless, 2);
		const long = Array.from({ length: 40 }, (_, n) => post(n)).join(' ');
		room.push(update(long));
		room.push(update('small'));
		expect(steps.waiting).toBe(1);
		await drain(room, steps);
		for (const member of stateless) expect(await member.messages()).toEqual([long, 'small']);
	});

	it('is idle only once every frame has reached every member', async () => {
		const steps = loopSteps();
		const { room } = stream({ sliceSize: 1, steps });
		const all = members(3);
		room.admit(all, all.length);
		room.push(update(post(1)));
		let idle = false;
		void room.whenIdle().then(() => (idle = true));
		await steps.yielded();
		steps.step();
		await Promise.resolve();
		expect(idle).toBe(false);
		steps.step();
		await room.whenIdle();
		expect(all.map((m) => m.writes)).toEqual([1, 1, 1]);
	});

	it('drops what is still going out when the room is retired', async () => {
		const steps = loopSteps();
		const { room } = stream({ sliceSize: 1, steps });
		const all = members(3);
		room.admit(all, all.length);
		room.push(update(post(1)));
		await steps.yielded();
		room.close();
		steps.runAll();
		await room.whenIdle();
		expect(all.map((m) => m.writes)).toEqual([1, 0, 0]);
	});
});
