// The whole server as `npm start` runs it (SQLite stores, the API, the sync endpoint), driven the
// way a device would: sign in with a key derived from a root secret, register a pseudonym in a
// community, get a room-scoped sync token, and sync with the stock y-websocket client. Then the
// server restarts on the same data folder and a third device finds everything there.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
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
import { makeTempFolders, writeFakeBuild, type TempFolders } from './fake-build';
import { until, onDocUpdate } from '../support/sync-clients';

const ROOM = 'community:anxiety:recent';

let folders: TempFolders;
let server: HearthServer;
let listening: ListeningServer;
let origin = '';
const providers: WebsocketProvider[] = [];

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
	folders = await makeTempFolders();
	await writeFakeBuild(folders.buildDir, { version: 'v1' });
	await start();
});

afterEach(async () => {
	for (const provider of providers.splice(0)) provider.destroy();
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

/** A person on a new device: signs in, joins the community under a pseudonym, gets a sync token. */
async function person(name: string): Promise<{ syncToken: string; author: string }> {
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
	const { token } = await post('/api/sync-token', { room: ROOM }, session.token);
	return { syncToken: token ?? '', author: registered.pseudonymId ?? '' };
}

function connect(token: string): Y.Doc {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`ws://127.0.0.1:${listening.port}/sync`, ROOM, doc, {
		// ws implements the DOM WebSocket interface the provider uses, not its exact type.
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params: { token }
	});
	providers.push(provider);
	return doc;
}

const threads = (doc: Y.Doc) => doc.getMap<{ author: string; title: string }>('threads');

describe('the assembled server', () => {
	it('lets two people who signed in sync a community, and keeps it across a restart', async () => {
		const ana = await person('Ana');
		const ben = await person('Ben');
		const anaDoc = connect(ana.syncToken);
		const benDoc = connect(ben.syncToken);

		threads(anaDoc).set('t1', { author: ana.author, title: 'Hello from the hill' });
		await until(() => threads(benDoc).has('t1'), [onDocUpdate(benDoc)], 'Ben sees the thread');
		threads(benDoc).set('t2', { author: ben.author, title: 'Welcome' });
		await until(() => threads(anaDoc).has('t2'), [onDocUpdate(anaDoc)], 'Ana sees the reply');

		for (const provider of providers.splice(0)) provider.destroy();
		await server.close();
		await start();

		const cleo = await person('Cleo');
		const cleoDoc = connect(cleo.syncToken);
		await until(
			() => threads(cleoDoc).size === 2,
			[onDocUpdate(cleoDoc)],
			'a new device finds both threads after the restart'
		);
		expect(threads(cleoDoc).get('t1')?.title).toBe('Hello from the hill');
	});

	it('refuses a sync connection without a valid token', async () => {
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(`ws://127.0.0.1:${listening.port}/sync`, ROOM, doc, {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true,
			params: { token: 'not-a-token' }
		});
		providers.push(provider);
		const codes: number[] = [];
		provider.on('connection-close', (event) => {
			if (event) codes.push(event.code);
		});
		await until(
			() => codes.length > 0,
			[(wake) => (provider.on('connection-close', wake), () => {})],
			'the refusal'
		);
		expect(codes[0]).toBe(4401);
	});
});
