// The app's identity client against the real server: the whole server as `npm start` assembles
// it, and, where expiry must be in the test's hands, the API on a clock the test moves.
import { mkdir } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COMMUNITIES_FILE, loadCommunities } from '../../server/api/communities';
import { createApi } from '../../server/api/create-api';
import { MemoryIdentityStore } from '../../server/identity/memory-identity-store';
import { loadTokenSecret } from '../../server/identity/token-secret';
import { createTokenService } from '../../server/identity/tokens';
import { silentLogger } from '../../server/logger';
import {
	deriveIdentityKeyPair,
	derivePseudonymKeyPair,
	pseudonymIdFromPublicKey,
	userIdFromPublicKey
} from '../../src/lib/domain/identity/derive-keys';
import { newRootSecret } from '../../src/lib/domain/identity/root-secret';
import { IdentityApiError, SessionClient, type Fetch } from '../../src/lib/sync/session-client';
import { startAssembledServer, type AssembledTestServer } from '../support/assembled-server';
import { startTestServer, type TestServer } from '../support/start-server';
import { makeTempFolders, writeFakeBuild, type TempFolders } from './fake-build';

function newPerson() {
	const root = newRootSecret();
	return { root, identity: deriveIdentityKeyPair(root) };
}

async function refusal(promise: Promise<unknown>): Promise<IdentityApiError> {
	const error: unknown = await promise.catch((e: unknown) => e);
	if (!(error instanceof IdentityApiError)) throw new Error(`Expected a refusal, got ${error}`);
	return error;
}

describe('against the assembled server', () => {
	let server: AssembledTestServer;
	let client: SessionClient;

	beforeAll(async () => {
		server = await startAssembledServer();
		client = new SessionClient({ origin: server.origin });
	});
	afterAll(async () => {
		await server.close();
	});

	it('registers a new key with its name, then signs in without one', async () => {
		const { identity } = newPerson();
		const first = await client.signIn(identity, 'Ash');
		expect(first).toMatchObject({
			userId: userIdFromPublicKey(identity.publicKey),
			displayName: 'Ash'
		});
		expect(first.expiresAt).toBeGreaterThan(Date.now());
		const again = await client.signIn(identity);
		expect(again.userId).toBe(first.userId);
		expect(again.token).not.toBe(first.token);
		expect(await client.getMe(again.token)).toMatchObject({
			userId: first.userId,
			displayName: 'Ash',
			pseudonyms: []
		});
	});

	it('needs a name for a key it has never seen', async () => {
		const error = await refusal(client.signIn(newPerson().identity));
		expect(error).toMatchObject({ status: 400, code: 'display-name-required' });
	});

	it('refuses a name someone else has, in any case, and registers nothing', async () => {
		await client.signIn(newPerson().identity, 'Birch');
		const { identity } = newPerson();
		const error = await refusal(client.signIn(identity, 'BIRCH'));
		expect(error).toMatchObject({ status: 409, code: 'name-taken' });
		const error2 = await refusal(client.signIn(identity));
		expect(error2.code).toBe('display-name-required');
	});

	it('refuses a sign-in signed for another origin', async () => {
		const other = new SessionClient({
			origin: 'https://elsewhere.example',
			fetch: (url, init) => fetch(url.replace('https://elsewhere.example', server.origin), init)
		});
		const error = await refusal(other.signIn(newPerson().identity, 'Cedar'));
		expect(error).toMatchObject({ status: 401, code: 'wrong-origin' });
	});

	it('refuses a challenge already used', async () => {
		let lastSession: RequestInit | null = null;
		const recording: Fetch = (url, init) => {
			if (url.endsWith('/api/auth/session')) lastSession = init;
			return fetch(url, init);
		};
		await new SessionClient({ origin: server.origin, fetch: recording }).signIn(
			newPerson().identity,
			'Dune'
		);
		const replayed: Fetch = (url, init) =>
			fetch(url, url.endsWith('/api/auth/session') && lastSession ? lastSession : init);
		const error = await refusal(
			new SessionClient({ origin: server.origin, fetch: replayed }).signIn(newPerson().identity)
		);
		expect(error).toMatchObject({ status: 401, code: 'challenge-unknown' });
	});

	it('renames, allowing another case of one’s own name, refusing someone else’s', async () => {
		await client.signIn(newPerson().identity, 'Elm');
		const { token } = await client.signIn(newPerson().identity, 'Fir');
		expect((await client.putMe(token, 'FIR')).displayName).toBe('FIR');
		const error = await refusal(client.putMe(token, 'elm'));
		expect(error).toMatchObject({ status: 409, code: 'name-taken' });
		expect((await client.getMe(token)).displayName).toBe('FIR');
	});

	it('says unauthorized for a token it never issued', async () => {
		const error = await refusal(client.getMe('not-a-token'));
		expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
	});

	describe('pseudonyms', () => {
		it('registers one (201), then again (200), and lists it in /api/me', async () => {
			const { root, identity } = newPerson();
			const { token } = await client.signIn(identity, 'Gale');
			const pseudonym = derivePseudonymKeyPair(root, 'anxiety');
			const keys = { identity, pseudonym };
			const made = await client.registerPseudonym(token, 'anxiety', keys, 'Quiet Gale');
			expect(made).toEqual({
				pseudonymId: pseudonymIdFromPublicKey(pseudonym.publicKey),
				communityId: 'anxiety',
				displayName: 'Quiet Gale',
				created: true
			});
			const again = await client.registerPseudonym(token, 'anxiety', keys, 'Quiet Gale');
			expect(again.created).toBe(false);
			expect((await client.getMe(token)).pseudonyms).toEqual([
				{ pseudonymId: made.pseudonymId, communityId: 'anxiety', displayName: 'Quiet Gale' }
			]);
		});

		it('refuses a name another member has in that community', async () => {
			const a = newPerson();
			const b = newPerson();
			const tokenA = (await client.signIn(a.identity, 'Hazel')).token;
			const tokenB = (await client.signIn(b.identity, 'Iris')).token;
			await client.registerPseudonym(
				tokenA,
				'anxiety',
				{ identity: a.identity, pseudonym: derivePseudonymKeyPair(a.root, 'anxiety') },
				'Still Water'
			);
			const error = await refusal(
				client.registerPseudonym(
					tokenB,
					'anxiety',
					{ identity: b.identity, pseudonym: derivePseudonymKeyPair(b.root, 'anxiety') },
					'still water'
				)
			);
			expect(error).toMatchObject({ status: 409, code: 'name-taken' });
		});

		it('refuses a community that does not exist', async () => {
			const { root, identity } = newPerson();
			const { token } = await client.signIn(identity, 'Juniper');
			const error = await refusal(
				client.registerPseudonym(
					token,
					'no-such-place',
					{ identity, pseudonym: derivePseudonymKeyPair(root, 'no-such-place') },
					'J'
				)
			);
			expect(error).toMatchObject({ status: 404, code: 'unknown-community' });
		});
	});
});

describe('on a clock the test moves', () => {
	let folders: TempFolders | undefined;
	let app: TestServer | undefined;
	let time = 1_700_000_000_000;

	afterEach(async () => {
		await app?.close();
		await folders?.remove();
		app = undefined;
		folders = undefined;
	});

	async function start(): Promise<string> {
		folders = await makeTempFolders();
		await writeFakeBuild(folders.buildDir, { version: 'v1' });
		await mkdir(folders.dataDir, { recursive: true });
		const now = () => time;
		const tokens = createTokenService({
			secret: await loadTokenSecret(folders.dataDir, silentLogger),
			now
		});
		const api = createApi({
			identities: new MemoryIdentityStore(),
			tokens,
			communities: await loadCommunities(DEFAULT_COMMUNITIES_FILE),
			now,
			log: silentLogger
		});
		app = await startTestServer({ ...folders, api });
		return app.url;
	}

	it('refuses a challenge older than two minutes', async () => {
		const origin = await start();
		const slow: Fetch = async (url, init) => {
			const response = await fetch(url, init);
			if (url.endsWith('/api/auth/challenge')) time += 2 * 60_000 + 1;
			return response;
		};
		const error = await refusal(
			new SessionClient({ origin, fetch: slow }).signIn(newPerson().identity, 'Kestrel')
		);
		expect(error).toMatchObject({ status: 401, code: 'challenge-expired' });
	});

	it('says token-expired after a day, and a new sign-in renews the session', async () => {
		const origin = await start();
		const client = new SessionClient({ origin });
		const { identity } = newPerson();
		const first = await client.signIn(identity, 'Linden');
		time = first.expiresAt + 1;
		const error = await refusal(client.getMe(first.token));
		expect(error).toMatchObject({ status: 401, code: 'token-expired' });
		const renewed = await client.signIn(identity);
		expect(renewed.expiresAt).toBeGreaterThan(time);
		expect((await client.getMe(renewed.token)).displayName).toBe('Linden');
	});
});
