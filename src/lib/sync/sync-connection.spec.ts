import { afterEach, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
	MAX_TOKEN_RENEWALS,
	PROBE_DELAY_MS,
	STABLE_CONNECTION_MS,
	createSyncConnection,
	type SyncConnection
} from './sync-connection';
import type { SyncEnvironment, SyncTimers } from './sync-environment';
import { SignedOutError } from './sync-problem';

/** A socket the test drives: it opens, receives and closes only when told. */
class FakeSocket {
	static all: FakeSocket[] = [];
	readonly OPEN = 1;
	readyState = 0;
	binaryType = '';
	sent: Uint8Array[] = [];
	onopen: (() => void) | null = null;
	onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
	onclose: ((event: { code: number; reason: string }) => void) | null = null;
	onerror: (() => void) | null = null;
	constructor(readonly url: string) {
		FakeSocket.all.push(this);
	}
	send(data: Uint8Array): void {
		this.sent.push(data);
	}
	close(): void {
		this.readyState = 3;
	}
	open(): void {
		this.readyState = 1;
		this.onopen?.();
	}
	serverClose(code: number): void {
		this.readyState = 3;
		this.onclose?.({ code, reason: '' });
	}
	receive(write: (encoder: encoding.Encoder) => void): void {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		write(encoder);
		this.onmessage?.({ data: encoding.toUint8Array(encoder).slice().buffer });
	}
}

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
	delays(): number[] {
		return [...this.pending.values()].map(({ ms }) => ms);
	}
	fireAll(): void {
		const due = [...this.pending.values()];
		this.pending.clear();
		for (const { callback } of due) callback();
	}
}

class FakeEnvironment implements SyncEnvironment {
	isOnline = true;
	private readonly onlineCallbacks = new Set<() => void>();
	private readonly visibleCallbacks = new Set<() => void>();
	online(): boolean {
		return this.isOnline;
	}
	onOnline(callback: () => void): () => void {
		this.onlineCallbacks.add(callback);
		return () => this.onlineCallbacks.delete(callback);
	}
	onVisible(callback: () => void): () => void {
		this.visibleCallbacks.add(callback);
		return () => this.visibleCallbacks.delete(callback);
	}
	goOnline(): void {
		this.isOnline = true;
		for (const callback of this.onlineCallbacks) callback();
	}
	becomeVisible(): void {
		for (const callback of this.visibleCallbacks) callback();
	}
	get watchers(): number {
		return this.onlineCallbacks.size + this.visibleCallbacks.size;
	}
}

const settle = () => new Promise<void>((done) => setTimeout(done, 0));
const latestSocket = () => FakeSocket.all[FakeSocket.all.length - 1];

const connections: SyncConnection[] = [];

afterEach(() => {
	for (const connection of connections.splice(0)) connection.destroy();
	FakeSocket.all = [];
});

function setup(
	options: { random?: () => number; getToken?: (room: string) => Promise<string> } = {}
) {
	const timers = new ManualTimers();
	const environment = new FakeEnvironment();
	const clock = { ms: 0 };
	const tokens: string[] = [];
	const doc = new Y.Doc();
	const connection = createSyncConnection({
		doc,
		room: 'community:anxiety:recent',
		serverUrl: 'ws://hearth.test/sync',
		getToken:
			options.getToken ??
			(async () => {
				const token = `t${tokens.length + 1}`;
				tokens.push(token);
				return token;
			}),
		WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket,
		random: options.random ?? (() => 0.5),
		now: () => clock.ms,
		timers,
		environment
	});
	connections.push(connection);
	return { connection, timers, environment, clock, tokens, doc };
}

describe('createSyncConnection', () => {
	it('connects with a fresh token in the query string', async () => {
		const { connection } = setup();
		expect(connection.state.status).toBe('connecting');
		await settle();
		expect(latestSocket()?.url).toBe('ws://hearth.test/sync/community:anxiety:recent?token=t1');
		latestSocket()?.open();
		expect(connection.state.status).toBe('syncing');
	});

	it('backs off exponentially with full jitter up to a cap, and the stock retry stays idle', async () => {
		const { timers, connection } = setup({ random: () => 0.999 });
		await settle();
		const delays: number[] = [];
		for (let attempt = 0; attempt < 9; attempt++) {
			latestSocket()?.serverClose(1011);
			expect(connection.state.status).toBe('offline');
			delays.push(...timers.delays());
			timers.fireAll();
			await settle();
		}
		const windows = [1, 2, 4, 8, 16, 32, 60, 60, 60].map((s) => s * 1_000);
		expect(delays).toEqual(windows.map((window) => Math.floor(0.999 * window)));
		const sockets = FakeSocket.all.length;
		latestSocket()?.serverClose(1013);
		// The provider schedules its own retry 200 ms to 2.5 s out; it must find nothing to do.
		await new Promise((done) => setTimeout(done, 2_600));
		expect(FakeSocket.all.length).toBe(sockets);
		expect(timers.pending.size).toBe(1);
	});

	it('keeps every wait within its window', async () => {
		let draw = 0;
		const draws = [0, 0.25, 0.999_999];
		const { timers } = setup({ random: () => draws[draw++ % draws.length] ?? 0 });
		await settle();
		for (let attempt = 0; attempt < 12; attempt++) {
			latestSocket()?.serverClose(1006);
			const [delay] = timers.delays();
			expect(delay).toBeGreaterThanOrEqual(0);
			expect(delay).toBeLessThan(Math.min(60_000, 1_000 * 2 ** attempt));
			timers.fireAll();
			await settle();
		}
	});

	it('resets the backoff after a connection stayed up', async () => {
		const { timers, clock } = setup();
		await settle();
		for (let attempt = 0; attempt < 4; attempt++) {
			latestSocket()?.serverClose(1006);
			timers.fireAll();
			await settle();
		}
		latestSocket()?.open();
		clock.ms += STABLE_CONNECTION_MS;
		latestSocket()?.serverClose(1001);
		expect(timers.delays()).toEqual([500]);
	});

	it('waits while offline and reconnects at once when the device comes online', async () => {
		const { timers, environment, connection } = setup();
		await settle();
		environment.isOnline = false;
		latestSocket()?.serverClose(1006);
		expect(timers.pending.size).toBe(0);
		expect(connection.state.status).toBe('offline');
		const sockets = FakeSocket.all.length;
		environment.goOnline();
		await settle();
		expect(FakeSocket.all.length).toBe(sockets + 1);
	});

	it('reconnects at once when the app becomes visible, dropping the scheduled retry', async () => {
		const { timers, environment } = setup();
		await settle();
		latestSocket()?.serverClose(1006);
		expect(timers.pending.size).toBe(1);
		environment.becomeVisible();
		await settle();
		expect(FakeSocket.all.length).toBe(2);
		expect(timers.pending.size).toBe(0);
		environment.becomeVisible();
		await settle();
		expect(FakeSocket.all.length).toBe(2);
	});

	it('fetches a new token after 4401, and gives up after a few in a row', async () => {
		const { timers, connection, tokens } = setup();
		await settle();
		latestSocket()?.serverClose(4401);
		timers.fireAll();
		await settle();
		expect(latestSocket()?.url).toMatch(/\?token=t2$/);
		for (let renewal = 1; renewal < MAX_TOKEN_RENEWALS; renewal++) {
			latestSocket()?.serverClose(4401);
			timers.fireAll();
			await settle();
		}
		expect(tokens.length).toBe(MAX_TOKEN_RENEWALS + 1);
		latestSocket()?.serverClose(4401);
		expect(connection.state).toMatchObject({
			status: 'stopped',
			problem: { kind: 'signed-out' }
		});
		expect(timers.pending.size).toBe(0);
	});

	it('keeps the token across other closes', async () => {
		const { timers, tokens } = setup();
		await settle();
		latestSocket()?.serverClose(1011);
		timers.fireAll();
		await settle();
		expect(tokens).toEqual(['t1']);
		expect(latestSocket()?.url).toMatch(/\?token=t1$/);
	});

	it.each([
		[4403, 'forbidden'],
		[4404, 'unknown-room'],
		[4400, 'rejected'],
		[4413, 'too-large'],
		[4429, 'too-many']
	])('stops on %i and reports %s', async (code, kind) => {
		const { timers, environment, connection } = setup();
		await settle();
		latestSocket()?.serverClose(code);
		expect(connection.state).toMatchObject({ status: 'stopped', problem: { kind } });
		expect(timers.pending.size).toBe(0);
		environment.goOnline();
		environment.becomeVisible();
		await settle();
		expect(FakeSocket.all.length).toBe(1);
	});

	it('reports a signed-out person and keeps retrying with backoff', async () => {
		const { connection, timers } = setup({
			getToken: () => Promise.reject(new SignedOutError())
		});
		await settle();
		expect(connection.state).toMatchObject({
			status: 'offline',
			problem: { kind: 'signed-out' }
		});
		expect(timers.delays()).toEqual([500]);
		expect(FakeSocket.all.length).toBe(0);
	});

	it('retries quietly when the token cannot be fetched', async () => {
		const { connection, timers } = setup({
			getToken: () => Promise.reject(new TypeError('fetch failed'))
		});
		await settle();
		expect(connection.state).toMatchObject({ status: 'offline', problem: null });
		expect(timers.pending.size).toBe(1);
	});

	it('counts unsent changes until the server confirms them', async () => {
		const { connection, timers, doc } = setup();
		doc.getMap('m').set('offline', 1);
		expect(connection.state.unsent).toBe(1);
		await settle();
		const socket = latestSocket();
		socket?.open();
		socket?.receive((encoder) => syncProtocol.writeSyncStep1(encoder, new Y.Doc()));
		// The server's step 1 predates our step 2, so it confirms nothing yet.
		expect(connection.state.unsent).toBe(1);
		socket?.receive((encoder) => syncProtocol.writeSyncStep2(encoder, new Y.Doc()));
		expect(connection.state.status).toBe('synced');
		expect(timers.delays()).toEqual([PROBE_DELAY_MS]);
		const sentBefore = socket?.sent.length ?? 0;
		timers.fireAll();
		expect(socket?.sent.length).toBe(sentBefore + 1);
		doc.getMap('m').set('online', 2);
		expect(connection.state.unsent).toBe(2);
		socket?.receive((encoder) => syncProtocol.writeSyncStep2(encoder, new Y.Doc()));
		// The probe answered covers the first change only; a second probe covers the rest.
		expect(connection.state.unsent).toBe(1);
		timers.fireAll();
		socket?.receive((encoder) => syncProtocol.writeSyncStep2(encoder, new Y.Doc()));
		expect(connection.state.unsent).toBe(0);
	});

	it('takes a later server step 1 as proof of what it covers', async () => {
		const { connection, timers, doc } = setup();
		doc.getMap('m').set('a', 1);
		await settle();
		latestSocket()?.serverClose(1006);
		timers.fireAll();
		await settle();
		latestSocket()?.open();
		latestSocket()?.receive((encoder) => syncProtocol.writeSyncStep1(encoder, doc));
		expect(connection.state.unsent).toBe(0);
	});

	it('stays away while paused and comes back on resume', async () => {
		const { connection, environment, timers } = setup();
		await settle();
		latestSocket()?.open();
		connection.pause();
		expect(connection.state.status).toBe('offline');
		environment.goOnline();
		await settle();
		expect(FakeSocket.all.length).toBe(1);
		expect(timers.pending.size).toBe(0);
		connection.resume();
		await settle();
		expect(FakeSocket.all.length).toBe(2);
	});

	it('connects after a resume that came while a token was still being fetched', async () => {
		let release: (token: string) => void = () => {};
		const { connection } = setup({
			getToken: () => new Promise<string>((done) => (release = done))
		});
		connection.pause();
		connection.resume();
		release('late');
		await settle();
		expect(FakeSocket.all.map((socket) => socket.url)).toEqual([
			'ws://hearth.test/sync/community:anxiety:recent?token=late'
		]);
	});

	it('cleans up on destroy', async () => {
		const { connection, timers, environment } = setup();
		await settle();
		latestSocket()?.serverClose(1006);
		const states: string[] = [];
		connection.subscribe((state) => states.push(state.status));
		connection.destroy();
		expect(timers.pending.size).toBe(0);
		expect(environment.watchers).toBe(0);
		expect(states).toEqual(['offline', 'stopped']);
	});
});
