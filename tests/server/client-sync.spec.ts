// Hearth's own sync connection (src/lib/sync) against the whole server as `npm start` runs it:
// two devices converge; one goes away, writes, comes back and the server confirms its changes;
// a bad token is replaced; and a server restart is ridden out by reconnecting with backoff.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { assembleServer } from '../../server/assemble-server';
import { DEFAULT_COMMUNITIES_FILE } from '../../server/api/communities';
import { silentLogger } from '../../server/logger';
import type { ListeningServer, HearthServer } from '../../server/create-server';
import { newRootSecret } from '../../src/lib/domain/identity/root-secret';
import {
	deriveIdentityKeyPair,
	derivePseudonymKeyPair
} from '../../src/lib/domain/identity/derive-keys';
import { signChallenge } from '../../src/lib/domain/identity/challenge';
import { signPseudonymBinding } from '../../src/lib/domain/identity/pseudonym-binding';
import { encodeBase64Url } from '../../src/lib/domain/identity/base64url';
import {
	createSyncConnection,
	type SyncConnection,
	type SyncConnectionOptions
} from '../../src/lib/sync/sync-connection';
import { createSyncTokenFetcher } from '../../src/lib/sync/sync-token';
import { makeTempFolders, writeFakeBuild, type TempFolders } from './fake-build';
import { until, onDocUpdate, type Subscription } from '../support/sync-clients';

const ROOM = 'community:anxiety:recent';

let folders: TempFolders;
let server: HearthServer;
let listening: ListeningServer | undefined;
let origin = '';
const connections: SyncConnection[] = [];

async function start(): Promise<void> {
	server = await assembleServer({
		buildDir: folders.buildDir,
		dataDir: folders.dataDir,
		communitiesFile: DEFAULT_COMMUNITIES_FILE,
		log: silentLogger,
		buildPollMs: 0
	});
	listening = await server.listen(listening?.port ?? 0, '127.0.0.1');
	origin = `http://127.0.0.1:${listening.port}`;
}

beforeEach(async () => {
	listening = undefined;
	folders = await makeTempFolders();
	await writeFakeBuild(folders.buildDir, { version: 'v1' });
	await start();
});

afterEach(async () => {
	for (const connection of connections.splice(0)) connection.destroy();
	await server.close();
	await folders.remove();
});

async function post(path: string, body: unknown, token?: string): Promise<Record<string, string>> {
	const response = await fetch(origin + path, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			...(token ? { authorization: `Bearer ${token}` } : {})
		},
		body: JSON.stringify(body)
	});
	const json = (await response.json()) as Record<string, string>;
	if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
	return json;
}

/** A person on a new device: signs in and joins the community under a pseudonym. */
async function person(name: string): Promise<{ session: string; author: string }> {
	const root = newRootSecret();
	const identity = deriveIdentityKeyPair(root);
	const publicKey = encodeBase64Url(identity.publicKey);
	const { challenge } = await post('/api/auth/challenge', { publicKey });
	const signature = encodeBase64Url(
		signChallenge(
			{ origin, challenge: challenge ?? '', publicKey: identity.publicKey },
			identity.secretKey
		)
	);
	const session = await post('/api/auth/session', {
		publicKey,
		challenge,
		signature,
		origin,
		displayName: name
	});
	const pseudonym = derivePseudonymKeyPair(root, 'anxiety');
	const binding = signPseudonymBinding('anxiety', { identity, pseudonym });
	const registered = await post(
		'/api/communities/anxiety/pseudonym',
		{
			publicKey: encodeBase64Url(pseudonym.publicKey),
			signature: encodeBase64Url(binding.signature),
			pseudonymSignature: encodeBase64Url(binding.pseudonymSignature),
			displayName: `${name} here`
		},
		session.token
	);
	return { session: session.token ?? '', author: registered.pseudonymId ?? '' };
}

function connect(
	session: string,
	overrides: Partial<SyncConnectionOptions> = {}
): { doc: Y.Doc; connection: SyncConnection } {
	const doc = new Y.Doc();
	const connection = createSyncConnection({
		doc,
		room: ROOM,
		serverUrl: `ws://127.0.0.1:${listening?.port ?? 0}/sync`,
		getToken: createSyncTokenFetcher({ origin, session: () => session }),
		// ws implements the DOM WebSocket interface the provider uses, not its exact type.
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		// Short windows keep the restart test quick; the schedule itself is unit-tested.
		backoff: { baseMs: 50, capMs: 1_000 },
		...overrides
	});
	connections.push(connection);
	return { doc, connection };
}

const onState =
	(connection: SyncConnection): Subscription =>
	(wake) =>
		connection.subscribe(wake);

const threads = (doc: Y.Doc) => doc.getMap<{ author: string; title: string }>('threads');

describe('the sync connection against the real server', () => {
	it('lets two devices converge', async () => {
		const ana = await person('Ana');
		const ben = await person('Ben');
		const anaSide = connect(ana.session);
		const benSide = connect(ben.session);
		threads(anaSide.doc).set('t1', { author: ana.author, title: 'Hello from the hill' });
		threads(benSide.doc).set('t2', { author: ben.author, title: 'Welcome' });
		await until(
			() => threads(anaSide.doc).size === 2 && threads(benSide.doc).size === 2,
			[onDocUpdate(anaSide.doc), onDocUpdate(benSide.doc)],
			'both devices hold both threads'
		);
		await until(
			() => anaSide.connection.state.unsent === 0 && benSide.connection.state.unsent === 0,
			[onState(anaSide.connection), onState(benSide.connection)],
			'the server confirms both threads'
		);
	});

	it('sends what was written while away, and confirms it', async () => {
		const ana = await person('Ana');
		const ben = await person('Ben');
		const anaSide = connect(ana.session);
		const benSide = connect(ben.session);
		await until(
			() => anaSide.connection.state.status === 'synced',
			[onState(anaSide.connection)],
			'Ana is synced'
		);
		anaSide.connection.pause();
		for (const id of ['t1', 't2', 't3']) {
			threads(anaSide.doc).set(id, { author: ana.author, title: `Written offline: ${id}` });
		}
		expect(anaSide.connection.state).toMatchObject({ status: 'offline', unsent: 3 });
		anaSide.connection.resume();
		await until(
			() => anaSide.connection.state.unsent === 0,
			[onState(anaSide.connection)],
			'the server confirms the offline threads'
		);
		expect(anaSide.connection.state.status).toBe('synced');
		await until(
			() => threads(benSide.doc).size === 3,
			[onDocUpdate(benSide.doc)],
			'Ben sees the offline threads'
		);
	});

	it('replaces a token the server refuses', async () => {
		const ana = await person('Ana');
		const real = createSyncTokenFetcher({ origin, session: () => ana.session });
		const asked: string[] = [];
		const { connection } = connect(ana.session, {
			getToken: async (room) => {
				asked.push(room);
				return asked.length === 1 ? 'expired-or-forged' : real(room);
			}
		});
		await until(
			() => connection.state.status === 'synced',
			[onState(connection)],
			'synced with a fresh token'
		);
		expect(asked).toEqual([ROOM, ROOM]);
		expect(connection.state.problem).toBeNull();
	});

	it('rides out a server restart', async () => {
		const ana = await person('Ana');
		const anaSide = connect(ana.session);
		await until(
			() => anaSide.connection.state.status === 'synced',
			[onState(anaSide.connection)],
			'Ana is synced'
		);
		await server.close();
		await until(
			() => anaSide.connection.state.status !== 'synced',
			[onState(anaSide.connection)],
			'Ana notices the server went away'
		);
		threads(anaSide.doc).set('t1', { author: ana.author, title: 'Written while it was down' });
		await start();
		await until(
			() => anaSide.connection.state.status === 'synced' && anaSide.connection.state.unsent === 0,
			[onState(anaSide.connection)],
			'Ana reconnects and the server confirms her thread',
			20_000
		);

		const ben = await person('Ben');
		const benSide = connect(ben.session);
		await until(
			() => threads(benSide.doc).has('t1'),
			[onDocUpdate(benSide.doc)],
			'a new device finds the thread'
		);
	});
});
