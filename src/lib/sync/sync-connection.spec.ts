import { afterEach, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
	ANSWER_TIMEOUT_MS,
	MAX_TOKEN_RENEWALS,
	PROBE_DELAY_MS,
	STABLE_CONNECTION_MS
} from './sync-connection';
import type { SyncGrant } from './sync-grant';
import { SignedOutError } from './sync-problem';
import {
	FakeSocket,
	destroyConnections,
	latestSocket,
	sentSync,
	settle,
	setupConnection
} from './testing/sync-connection-harness';
import { UPLOAD_PIECE_BYTES, UPLOAD_POLL_MS } from './upload-in-pieces';

/** Many records, more than one message may carry: what a long offline stretch leaves. */
function writeOffline(doc: Y.Doc, records: number): void {
	const threads = doc.getMap('threads');
	for (let i = 0; i < records; i++) {
		threads.set(`t${i}`, { author: 'p1', title: `Thread ${i}`, body: `words ${i} `.repeat(60) });
	}
}

afterEach(destroyConnections);

const setup = setupConnection;

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

	it('starts the confirmed vector from the seed it is given', () => {
		const { connection } = setup({ confirmed: new Map([[42, 7]]) });
		expect([...connection.state.confirmed]).toEqual([[42, 7]]);
	});

	it('grows the confirmed vector from the server step 1, its updates and answered probes', async () => {
		const { connection, timers, doc } = setup({ confirmed: new Map([[42, 7]]) });
		const seen: ReadonlyMap<number, number>[] = [];
		connection.subscribe((state) => seen.push(state.confirmed));
		await settle();
		const socket = latestSocket();
		socket?.open();
		const server = new Y.Doc();
		server.getMap('m').set('from-others', 1);
		socket?.receive((encoder) => syncProtocol.writeSyncStep1(encoder, server));
		expect(connection.state.confirmed.get(server.clientID)).toBe(1);
		expect(connection.state.confirmed.get(42)).toBe(7);
		socket?.receive((encoder) => syncProtocol.writeSyncStep2(encoder, server));
		// A change relayed by the server continues what it holds.
		const relayed: Uint8Array[] = [];
		server.on('update', (update: Uint8Array) => relayed.push(update));
		server.getMap('m').set('more', 2);
		socket?.receive((encoder) => syncProtocol.writeUpdate(encoder, relayed[0] as Uint8Array));
		expect(connection.state.confirmed.get(server.clientID)).toBe(2);
		// Our own change is confirmed once a probe sent after it is answered.
		doc.getMap('m').set('mine', 3);
		expect(connection.state.confirmed.get(doc.clientID)).toBeUndefined();
		timers.fireAll();
		socket?.receive((encoder) => syncProtocol.writeSyncStep2(encoder, new Y.Doc()));
		expect(connection.state.confirmed.get(doc.clientID)).toBe(1);
		expect(connection.state.unsent).toBe(0);
		// A new map only when it grew; nothing was ever taken back.
		const distinct = seen.filter((map, i) => i === 0 || map !== seen[i - 1]);
		expect(distinct.length).toBeGreaterThanOrEqual(4);
		for (let i = 1; i < distinct.length; i++) {
			const [before, after] = [distinct[i - 1], distinct[i]];
			let grew = false;
			for (const [client, clock] of after ?? []) {
				const was = before?.get(client) ?? 0;
				expect(clock).toBeGreaterThanOrEqual(was);
				if (clock > was) grew = true;
			}
			for (const [client, clock] of before ?? []) {
				expect(after?.get(client) ?? 0).toBeGreaterThanOrEqual(clock);
			}
			expect(grew).toBe(true);
		}
		expect(seen.at(-1)).toBe(connection.state.confirmed);
	});

	it('probes for what was written offline before a reload, then confirms it', async () => {
		// Loaded from the device: not a local change of this session, so nothing counts as unsent.
		const earlier = new Y.Doc();
		earlier.getMap('m').set('written-offline', 1);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(earlier));
		const { connection, timers } = setup({ doc });
		expect(connection.state.unsent).toBe(0);
		await settle();
		const socket = latestSocket();
		socket?.open();
		socket?.receive((encoder) => syncProtocol.writeSyncStep1(encoder, new Y.Doc()));
		socket?.receive((encoder) => syncProtocol.writeSyncStep2(encoder, new Y.Doc()));
		expect(connection.state.confirmed.get(earlier.clientID)).toBeUndefined();
		expect(timers.delays()).toEqual([PROBE_DELAY_MS]);
		timers.fireAll();
		expect(sentSync(socket).at(-1)?.subType).toBe(syncProtocol.messageYjsSyncStep1);
		socket?.receive((encoder) => syncProtocol.writeSyncStep2(encoder, new Y.Doc()));
		expect(connection.state.confirmed.get(earlier.clientID)).toBe(1);
		// Nothing more to prove: no further probe.
		expect(timers.pending.size).toBe(0);
	});

	it('sends no probe when the server holds everything the device has', async () => {
		const earlier = new Y.Doc();
		earlier.getMap('m').set('sent-before-the-reload', 1);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(earlier));
		const { timers } = setup({ doc, confirmed: new Map([[earlier.clientID, 1]]) });
		await settle();
		const socket = latestSocket();
		socket?.open();
		socket?.receive((encoder) => syncProtocol.writeSyncStep1(encoder, earlier));
		socket?.receive((encoder) => syncProtocol.writeSyncStep2(encoder, new Y.Doc()));
		expect(timers.pending.size).toBe(0);
	});

	it('answers a small server step 1 with one step 2, as the provider would', async () => {
		const { doc } = setup();
		doc.getMap('m').set('a', 1);
		await settle();
		const socket = latestSocket();
		socket?.open();
		socket?.receive((encoder) => syncProtocol.writeSyncStep1(encoder, new Y.Doc()));
		const answers = sentSync(socket).filter(
			(message) => message.subType !== syncProtocol.messageYjsSyncStep1
		);
		expect(answers.map((answer) => answer.subType)).toEqual([syncProtocol.messageYjsSyncStep2]);
		expect(answers[0]?.payload).toEqual(Y.encodeStateAsUpdate(doc));
	});

	it('sends a large offline answer in bounded pieces, then a small step 2', async () => {
		const doc = new Y.Doc();
		writeOffline(doc, 600);
		expect(Y.encodeStateAsUpdate(doc).byteLength).toBeGreaterThan(4 * UPLOAD_PIECE_BYTES);
		setup({ doc });
		await settle();
		const socket = latestSocket();
		socket?.open();
		const before = sentSync(socket).length;
		socket?.receive((encoder) => syncProtocol.writeSyncStep1(encoder, new Y.Doc()));
		const answer = sentSync(socket).slice(before);
		const last = answer.at(-1);
		expect(last?.subType).toBe(syncProtocol.messageYjsSyncStep2);
		expect(last?.payload.byteLength).toBeLessThanOrEqual(2);
		const pieces = answer.slice(0, -1);
		expect(pieces.length).toBeGreaterThan(4);
		for (const piece of pieces) {
			expect(piece.subType).toBe(syncProtocol.messageYjsUpdate);
			expect(piece.payload.byteLength).toBeLessThanOrEqual(UPLOAD_PIECE_BYTES);
		}
		const server = new Y.Doc();
		for (const piece of pieces) Y.applyUpdate(server, piece.payload);
		expect(server.getMap('threads').toJSON()).toEqual(doc.getMap('threads').toJSON());
	});

	it('paces the pieces by what the socket still has to send, and probes only after', async () => {
		const doc = new Y.Doc();
		writeOffline(doc, 600);
		const { timers } = setup({ doc });
		await settle();
		const slow = latestSocket();
		if (!slow) throw new Error('no socket');
		slow.open();
		slow.bufferedAmount = 10 * UPLOAD_PIECE_BYTES;
		slow.receive((encoder) => syncProtocol.writeSyncStep1(encoder, new Y.Doc()));
		slow.receive((encoder) => syncProtocol.writeSyncStep2(encoder, new Y.Doc()));
		const updatesSent = () =>
			sentSync(slow).filter((message) => message.subType === syncProtocol.messageYjsUpdate).length;
		expect(updatesSent()).toBe(0);
		expect(timers.delays()).toEqual([UPLOAD_POLL_MS]);
		timers.fireAll();
		expect(updatesSent()).toBe(0);
		slow.bufferedAmount = 0;
		timers.fireAll();
		const pieces = updatesSent();
		expect(pieces).toBeGreaterThan(4);
		// Only once the whole answer is out does a probe ask the server to confirm it.
		expect(timers.delays()).toEqual([PROBE_DELAY_MS]);
		timers.fireAll();
		expect(sentSync(slow).at(-1)?.subType).toBe(syncProtocol.messageYjsSyncStep1);
	});

	it('stops sending pieces when the socket closes, and resumes from what the server holds', async () => {
		const doc = new Y.Doc();
		writeOffline(doc, 600);
		const { timers } = setup({ doc });
		await settle();
		const first = latestSocket();
		if (!first) throw new Error('no socket');
		first.open();
		// The buffer drains only far enough for one piece at a time.
		first.bufferedAmount = 10 * UPLOAD_PIECE_BYTES;
		first.receive((encoder) => syncProtocol.writeSyncStep1(encoder, new Y.Doc()));
		const firstPieces = () =>
			sentSync(first).filter((message) => message.subType === syncProtocol.messageYjsUpdate);
		first.bufferedAmount = 0;
		const server = new Y.Doc();
		const originalSend = first.send.bind(first);
		first.send = (data: Uint8Array) => {
			originalSend(data);
			first.bufferedAmount = 10 * UPLOAD_PIECE_BYTES;
		};
		timers.fireAll();
		first.bufferedAmount = 0;
		timers.fireAll();
		const arrived = firstPieces();
		expect(arrived.length).toBe(2);
		for (const piece of arrived) Y.applyUpdate(server, piece.payload);
		first.serverClose(1006);
		first.bufferedAmount = 0;
		// The poll that was waiting is gone with the socket; only the reconnect is scheduled.
		expect(timers.pending.size).toBe(1);
		timers.fireAll();
		await settle();
		expect(firstPieces().length).toBe(2);
		const second = latestSocket();
		if (!second || second === first) throw new Error('no new socket');
		second.open();
		second.receive((encoder) => syncProtocol.writeSyncStep1(encoder, server));
		const rest = sentSync(second).filter(
			(message) => message.subType === syncProtocol.messageYjsUpdate
		);
		const bytes = (messages: { payload: Uint8Array }[]) =>
			messages.reduce((sum, message) => sum + message.payload.byteLength, 0);
		expect(bytes(rest)).toBeLessThan(Y.encodeStateAsUpdate(doc).byteLength - bytes(arrived) / 2);
		for (const piece of rest) Y.applyUpdate(server, piece.payload);
		expect(server.getMap('threads').toJSON()).toEqual(doc.getMap('threads').toJSON());
	});

	describe('access', () => {
		/** Grants in order from `access`, the last one repeated. */
		function granting(...access: SyncGrant['access'][]) {
			const asked: number[] = [];
			const getToken = async () => {
				asked.push(asked.length);
				const next = access[Math.min(asked.length - 1, access.length - 1)] ?? { write: true };
				return { token: `g${asked.length}`, access: next };
			};
			return { asked, getToken };
		}
		const muted = (until: number | null) =>
			({ write: false, reason: 'muted', until }) satisfies SyncGrant['access'];
		const updates = (socket: FakeSocket | undefined) =>
			sentSync(socket).filter(({ subType }) => subType !== 0);

		it('stops with the rule the server named on 4422', async () => {
			const { connection } = setup();
			await settle();
			latestSocket()?.serverClose(4422, 'refused change: blocked');
			expect(connection.state).toMatchObject({
				status: 'stopped',
				problem: { kind: 'refused-change', rule: 'blocked' }
			});
		});

		it('on 4403 asks for a fresh grant and, read only, never sends local changes', async () => {
			const { asked, getToken } = granting({ write: true }, muted(null));
			const { connection, timers, doc } = setup({ getToken });
			await settle();
			latestSocket()?.open();
			latestSocket()?.serverClose(4403);
			expect(connection.state.status).toBe('offline');
			timers.fireAll();
			await settle();
			expect(asked.length).toBe(2);
			expect(connection.state.access).toEqual(muted(null));
			const socket = latestSocket();
			socket?.open();
			doc.getMap('threads').set('x', { written: 'while paused' });
			expect(updates(socket)).toEqual([]);
			expect(connection.state.unsent).toBe(1);
		});

		it('stops as forbidden on a second 4403 in a row', async () => {
			const { connection, timers } = setup({ getToken: granting(muted(null)).getToken });
			await settle();
			latestSocket()?.serverClose(4403);
			timers.fireAll();
			await settle();
			latestSocket()?.serverClose(4403);
			expect(connection.state).toMatchObject({ status: 'stopped', problem: { kind: 'forbidden' } });
		});

		it('asks again when a pause ends, and sends what waited once it may write', async () => {
			const { asked, getToken } = granting(muted(60_000), { write: true });
			const { connection, timers, doc } = setup({ getToken });
			await settle();
			latestSocket()?.open();
			doc.getMap('threads').set('x', { written: 'while paused' });
			// The pause's end, and the first sync the open socket owes.
			expect(timers.delays()).toEqual([60_000 + 2_000, ANSWER_TIMEOUT_MS]);
			timers.fireAll();
			await settle();
			expect(asked.length).toBe(2);
			expect(connection.state.access).toEqual({ write: true });
			const socket = latestSocket();
			socket?.open();
			doc.getMap('threads').set('y', { written: 'after' });
			expect(updates(socket).length).toBe(1);
		});

		it('asks about a pause no faster than once a minute when this clock runs ahead, and at least every six hours', async () => {
			const { asked, getToken } = granting(muted(1_000), muted(1_000), muted(30 * 86_400_000));
			const { connection, timers, clock } = setup({ getToken });
			await settle();
			clock.ms = 5_000; // past `until` by this device's clock, not yet by the server's
			timers.fireAll();
			await settle();
			expect(asked.length).toBe(2);
			expect(timers.delays()).toEqual([60_000 + 2_000]);
			timers.fireAll();
			await settle();
			expect(connection.state.access).toEqual(muted(30 * 86_400_000));
			expect(timers.delays()).toEqual([6 * 60 * 60_000]);
		});

		it('renews access on request (after accepting the guidelines)', async () => {
			const guidelines = { write: false, reason: 'guidelines', until: null } as const;
			const { asked, getToken } = granting(guidelines, { write: true });
			const { connection } = setup({ getToken });
			await settle();
			latestSocket()?.open();
			expect(connection.state.access).toEqual(guidelines);
			connection.renewAccess();
			await settle();
			expect(asked.length).toBe(2);
			expect(connection.state.access).toEqual({ write: true });
			expect(latestSocket()?.url).toMatch(/\?token=g2$/);
		});
	});
});

describe('createSyncConnection when the server asks it to slow down', () => {
	it('waits as long as asked, then sends what the server did not store', async () => {
		const doc = new Y.Doc();
		const { connection, timers, environment, clock, tokens } = setup({ doc });
		await settle();
		latestSocket()?.open();
		doc.getMap('threads').set('t1', { author: 'p1', title: 'Written in a hurry' });
		latestSocket()?.serverClose(4429, 'too-many-changes retry-after=120');
		expect(connection.state).toMatchObject({
			status: 'offline',
			problem: { kind: 'slow-down', retryAfterMs: 120_000 },
			unsent: 1
		});
		expect(timers.delays()).toEqual([120_000]);

		// Coming online or into view does not cut the server's wait short.
		clock.ms += 30_000;
		environment.becomeVisible();
		environment.goOnline();
		await settle();
		expect(FakeSocket.all).toHaveLength(1);
		expect(timers.delays()).toEqual([90_000]);

		clock.ms += 90_000;
		timers.fireAll();
		await settle();
		expect(FakeSocket.all).toHaveLength(2);
		expect(tokens).toHaveLength(1);
		const socket = latestSocket();
		socket?.open();
		socket?.receive((encoder) => syncProtocol.writeSyncStep1(encoder, new Y.Doc()));
		const answer = sentSync(socket).find(({ subType }) => subType === 1);
		const server = new Y.Doc();
		if (answer) Y.applyUpdate(server, answer.payload);
		expect(server.getMap('threads').get('t1')).toEqual({
			author: 'p1',
			title: 'Written in a hurry'
		});
		socket?.receive((encoder) => syncProtocol.writeSyncStep2(encoder, server));
		expect(connection.state).toMatchObject({ status: 'synced', problem: null });
	});
});
