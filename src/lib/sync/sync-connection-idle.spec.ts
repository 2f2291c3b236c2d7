// An idle connection keeps quiet: no presence, no polling, no socket in the background once
// what was written has been sent, and a dead socket found when an answer is due. Time is the
// test's: the connection's timers and clock are injected, and the provider's own intervals are
// faked (toFake), so a simulated hour takes no real time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { ANSWER_TIMEOUT_MS, BACKGROUND_GRACE_MS, QUIET_BEFORE_CHECK_MS } from './sync-connection';
import {
	FakeEnvironment,
	FakeSocket,
	destroyConnections,
	latestSocket,
	sentSync,
	settle,
	setupConnection,
	type HarnessOptions
} from './testing/sync-connection-harness';

const HOUR_MS = 60 * 60_000;
const AWARENESS = 1;
const QUERY_AWARENESS = 3;

beforeEach(() => {
	// The provider's silence check and presence renewal run on setInterval and Date.now.
	vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
});

afterEach(() => {
	destroyConnections();
	vi.useRealTimers();
});

/** A connection that has opened and finished its first sync with an empty server. */
async function synced(options: HarnessOptions = {}) {
	const harness = setupConnection(options);
	await settle();
	const socket = latestSocket();
	if (!socket) throw new Error('no socket');
	socket.open();
	socket.receive((encoder) => syncProtocol.writeSyncStep1(encoder, new Y.Doc()));
	socket.receive((encoder) => syncProtocol.writeSyncStep2(encoder, new Y.Doc()));
	expect(harness.connection.state.status).toBe('synced');
	return { ...harness, socket };
}

/** Moves both clocks: the connection's timers and the provider's faked intervals. */
function pass(harness: { timers: { advance(ms: number): void } }, ms: number): void {
	for (let step = 0; step < ms; step += 1_000) {
		const slice = Math.min(1_000, ms - step);
		vi.advanceTimersByTime(slice);
		harness.timers.advance(slice);
	}
}

/** Writes a change and lets its probe go out. */
function write(harness: { doc: Y.Doc; timers: { advance(ms: number): void } }, key: string) {
	harness.doc.getMap('threads').set(key, { author: 'p1', title: key });
	pass(harness, 1_000);
}

const answerProbe = (socket: FakeSocket) =>
	socket.receive((encoder) => syncProtocol.writeSyncStep2(encoder, new Y.Doc()));

const lastSentSubType = (socket: FakeSocket | undefined) => sentSync(socket).at(-1)?.subType;

describe('an idle connection', () => {
	it('sends nothing at all over an hour, and does not reconnect', async () => {
		const harness = await synced();
		// The provider's silence check and its presence renewal are not left running. (They
		// read lib0's clock, which the fake Date does not reach, so this is how to know.)
		expect(vi.getTimerCount()).toBe(0);
		const before = harness.socket.sentBytes();
		pass(harness, HOUR_MS);
		expect(harness.socket.sentBytes()).toBe(before);
		expect(FakeSocket.all).toHaveLength(1);
		expect(harness.socket.readyState).toBe(harness.socket.OPEN);
		expect(harness.connection.state.status).toBe('synced');
		expect(harness.timers.pending.size).toBe(0);
	});

	it('never sends presence: not on connect, nor when asked, nor when closing', async () => {
		const harness = await synced();
		harness.socket.receiveBytes(Uint8Array.of(QUERY_AWARENESS));
		// Someone else's presence (one entry, client 7, clock 1, state "{}") is not kept.
		harness.socket.receiveBytes(Uint8Array.of(AWARENESS, 7, 1, 7, 1, 2, 123, 125));
		write(harness, 'a');
		harness.connection.pause();
		harness.connection.resume();
		await settle();
		latestSocket()?.open();
		harness.connection.destroy();
		const everything = FakeSocket.all.flatMap((socket) => socket.sent);
		expect(everything.length).toBeGreaterThan(2);
		expect(everything.filter((message) => message[0] !== 0)).toEqual([]);
	});
});

describe('in the background', () => {
	it('closes the socket after the grace period when nothing waits, and stays calm', async () => {
		const harness = await synced();
		const states: string[] = [];
		harness.connection.subscribe((state) => states.push(state.status));
		harness.environment.becomeHidden();
		pass(harness, BACKGROUND_GRACE_MS - 1_000);
		expect(harness.socket.readyState).toBe(harness.socket.OPEN);
		pass(harness, 1_000);
		expect(harness.socket.readyState).toBe(3);
		pass(harness, HOUR_MS);
		expect(FakeSocket.all).toHaveLength(1);
		expect(harness.timers.pending.size).toBe(0);
		expect(harness.connection.state).toMatchObject({ status: 'synced', problem: null });
		expect(states).toEqual(['synced']);
	});

	it('stays until the server confirms what was written, then closes', async () => {
		const harness = await synced();
		write(harness, 'late-night');
		harness.environment.becomeHidden();
		// Past the grace period, still within the time the probe's answer may take.
		pass(harness, BACKGROUND_GRACE_MS + 2_000);
		expect(harness.socket.readyState).toBe(harness.socket.OPEN);
		expect(harness.connection.state.unsent).toBe(1);
		answerProbe(harness.socket);
		expect(harness.connection.state.unsent).toBe(0);
		expect(harness.socket.readyState).toBe(3);
		expect(harness.connection.state).toMatchObject({ status: 'synced', problem: null });
	});

	it('reconnects at once when the app is visible again', async () => {
		const harness = await synced();
		harness.environment.becomeHidden();
		pass(harness, BACKGROUND_GRACE_MS);
		harness.environment.becomeVisible();
		expect(harness.connection.state.status).toBe('connecting');
		await settle();
		expect(FakeSocket.all).toHaveLength(2);
		expect(harness.tokens).toEqual(['t1']);
	});

	it('keeps the socket through a quick look elsewhere', async () => {
		const harness = await synced();
		const before = harness.socket.sentBytes();
		harness.environment.becomeHidden();
		pass(harness, BACKGROUND_GRACE_MS / 2);
		harness.environment.becomeVisible();
		pass(harness, HOUR_MS);
		expect(harness.socket.readyState).toBe(harness.socket.OPEN);
		expect(harness.socket.sentBytes()).toBe(before);
	});

	it('wakes to send a change made while resting, then rests again', async () => {
		const harness = await synced();
		harness.environment.becomeHidden();
		pass(harness, BACKGROUND_GRACE_MS);
		harness.doc.getMap('threads').set('from-a-reminder', { author: 'p1' });
		await settle();
		const second = latestSocket();
		expect(FakeSocket.all).toHaveLength(2);
		second?.open();
		second?.receive((encoder) => syncProtocol.writeSyncStep1(encoder, new Y.Doc()));
		second?.receive((encoder) => syncProtocol.writeSyncStep2(encoder, new Y.Doc()));
		pass(harness, 1_000);
		if (second) answerProbe(second);
		expect(harness.connection.state.unsent).toBe(0);
		expect(second?.readyState).toBe(3);
	});

	it('rests after the grace period when it starts hidden', async () => {
		const environment = new FakeEnvironment();
		environment.isVisible = false;
		const harness = await synced({ environment });
		pass(harness, BACKGROUND_GRACE_MS);
		expect(harness.socket.readyState).toBe(3);
		harness.environment.becomeVisible();
		await settle();
		expect(FakeSocket.all).toHaveLength(2);
	});

	it('does not rest while paused, and a resume while hidden rests again later', async () => {
		const harness = await synced();
		harness.environment.becomeHidden();
		harness.connection.pause();
		pass(harness, BACKGROUND_GRACE_MS);
		expect(harness.connection.state.status).toBe('offline');
		harness.connection.resume();
		await settle();
		const second = latestSocket();
		expect(FakeSocket.all).toHaveLength(2);
		second?.open();
		pass(harness, BACKGROUND_GRACE_MS);
		expect(second?.readyState).toBe(3);
	});
});

describe('finding a dead socket', () => {
	it('reconnects with backoff when a probe after a change goes unanswered', async () => {
		const harness = await synced();
		write(harness, 'into-the-void');
		expect(lastSentSubType(harness.socket)).toBe(syncProtocol.messageYjsSyncStep1);
		// The probe went out half a second into write(); its answer is due 20 s after it.
		pass(harness, ANSWER_TIMEOUT_MS - 1_000);
		expect(harness.socket.readyState).toBe(harness.socket.OPEN);
		pass(harness, 500);
		expect(harness.socket.readyState).toBe(3);
		expect(harness.connection.state).toMatchObject({ status: 'offline', problem: null });
		// The first backoff window (1 s) at the harness's fixed draw of one half.
		expect(harness.timers.delays()).toEqual([500]);
		pass(harness, 500);
		await settle();
		expect(FakeSocket.all).toHaveLength(2);
		expect(harness.connection.state.unsent).toBe(1);
	});

	it('waits for a slow answer as long as something keeps arriving', async () => {
		const harness = await synced();
		const relayed = new Y.Doc();
		write(harness, 'on-a-slow-link');
		for (let i = 0; i < 5; i++) {
			pass(harness, ANSWER_TIMEOUT_MS - 1_000);
			relayed.getMap('threads').set(`r${i}`, { author: 'p2' });
			harness.socket.receive((encoder) =>
				syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(relayed))
			);
		}
		expect(harness.socket.readyState).toBe(harness.socket.OPEN);
		answerProbe(harness.socket);
		expect(harness.connection.state.unsent).toBe(0);
		pass(harness, HOUR_MS);
		expect(FakeSocket.all).toHaveLength(1);
	});

	it('reconnects when a socket opens and its first sync never comes', async () => {
		const harness = setupConnection();
		await settle();
		latestSocket()?.open();
		pass(harness, ANSWER_TIMEOUT_MS);
		expect(latestSocket()?.readyState).toBe(3);
		expect(harness.timers.delays()).toEqual([500]);
	});

	it('asks once when the app is back in view after a quiet spell, and drops a silent socket', async () => {
		const harness = await synced();
		const before = harness.socket.sent.length;
		pass(harness, QUIET_BEFORE_CHECK_MS - 10_000);
		harness.environment.becomeHidden();
		pass(harness, 10_000);
		harness.environment.becomeVisible();
		expect(harness.socket.sent.length).toBe(before + 1);
		expect(lastSentSubType(harness.socket)).toBe(syncProtocol.messageYjsSyncStep1);
		pass(harness, ANSWER_TIMEOUT_MS);
		expect(harness.socket.readyState).toBe(3);
	});

	it('asks nothing when the app is back in view soon after the socket last heard something', async () => {
		const harness = await synced();
		const before = harness.socket.sent.length;
		harness.environment.becomeHidden();
		pass(harness, 5_000);
		harness.environment.becomeVisible();
		expect(harness.socket.sent.length).toBe(before);
		expect(harness.timers.pending.size).toBe(0);
	});

	it('asks an open socket when the device comes back online', async () => {
		const harness = await synced();
		const before = harness.socket.sent.length;
		harness.environment.goOnline();
		expect(harness.socket.sent.length).toBe(before + 1);
		answerProbe(harness.socket);
		pass(harness, HOUR_MS);
		expect(harness.socket.readyState).toBe(harness.socket.OPEN);
	});
});
