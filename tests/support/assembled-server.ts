// The whole server as `npm start` assembles it, on 127.0.0.1 and a free port, with a fake build
// and temporary data; and people who sign in to it the way a device does: a key derived from a
// new root secret, a signed challenge, and a pseudonym in a community.
import { assembleServer, type AssembleOptions } from '../../server/assemble-server';
import { DEFAULT_COMMUNITIES_FILE } from '../../server/api/communities';
import { silentLogger } from '../../server/logger';
import type { HearthServer, ListeningServer } from '../../server/create-server';
import { newRootSecret } from '../../src/lib/domain/identity/root-secret';
import {
	deriveIdentityKeyPair,
	derivePseudonymKeyPair,
	userIdFromPublicKey
} from '../../src/lib/domain/identity/derive-keys';
import { signChallenge } from '../../src/lib/domain/identity/challenge';
import { signPseudonymBinding } from '../../src/lib/domain/identity/pseudonym-binding';
import { encodeBase64Url } from '../../src/lib/domain/identity/base64url';
import { makeTempFolders, writeFakeBuild, type TempFolders } from '../server/fake-build';

export interface AssembledTestServer {
	/** e.g. http://127.0.0.1:40123 */
	readonly origin: string;
	readonly port: number;
	/** The server's data folder (its SQLite file and the rest). */
	readonly dataDir: string;
	/** Closes the server and starts it again on the same port and data folder. */
	restart(): Promise<void>;
	/** Stops the server; `restart` starts it again. */
	stop(): Promise<void>;
	close(): Promise<void>;
}

export interface AssembledServerOptions {
	/** User ids of the server's administrators (see `newPersonKey` to know one in advance). */
	admins?: readonly string[];
	/** Write limits and their clock (server/sync/write-budget.ts). */
	writeBudget?: AssembleOptions['writeBudget'];
}

export async function startAssembledServer(
	options: AssembledServerOptions = {}
): Promise<AssembledTestServer> {
	const folders: TempFolders = await makeTempFolders();
	await writeFakeBuild(folders.buildDir, { version: 'v1' });
	let server: HearthServer | null = null;
	let listening: ListeningServer | null = null;
	let port = 0;
	const start = async () => {
		server = await assembleServer({
			buildDir: folders.buildDir,
			dataDir: folders.dataDir,
			communitiesFile: DEFAULT_COMMUNITIES_FILE,
			log: silentLogger,
			buildPollMs: 0,
			admins: options.admins,
			writeBudget: options.writeBudget
		});
		listening = await server.listen(port, '127.0.0.1');
		port = listening.port;
	};
	const stop = async () => {
		await server?.close();
		server = null;
		listening = null;
	};
	await start();
	return {
		get origin() {
			return `http://127.0.0.1:${port}`;
		},
		get port() {
			return port;
		},
		dataDir: folders.dataDir,
		async restart() {
			await stop();
			await start();
		},
		stop,
		async close() {
			await stop();
			await folders.remove();
		}
	};
}

async function post(
	origin: string,
	path: string,
	body: unknown,
	token?: string
): Promise<Record<string, string>> {
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

export interface TestPerson {
	/** The identity's user id. */
	userId: string;
	/** The session token. */
	session: string;
	/** The pseudonym id records in the community carry as `author`. */
	author: string;
	/** A sync token for one room. */
	syncToken(room: string): Promise<string>;
}

/**
 * A person on a new device: signs in, joins `communityId` under a pseudonym, and accepts its
 * guidelines.
 */
export async function signInPerson(
	origin: string,
	name: string,
	communityId = 'anxiety',
	root: Uint8Array = newRootSecret(),
	options: { acceptGuidelines?: boolean } = {}
): Promise<TestPerson> {
	const identity = deriveIdentityKeyPair(root);
	const publicKey = encodeBase64Url(identity.publicKey);
	const { challenge = '' } = await post(origin, '/api/auth/challenge', { publicKey });
	const signature = encodeBase64Url(
		signChallenge({ origin, challenge, publicKey: identity.publicKey }, identity.secretKey)
	);
	const { token: session = '', userId = '' } = await post(origin, '/api/auth/session', {
		publicKey,
		challenge,
		signature,
		origin,
		displayName: name
	});
	const pseudonym = derivePseudonymKeyPair(root, communityId);
	const binding = signPseudonymBinding(communityId, { identity, pseudonym });
	const registered = await post(
		origin,
		`/api/communities/${communityId}/pseudonym`,
		{
			publicKey: encodeBase64Url(pseudonym.publicKey),
			signature: encodeBase64Url(binding.signature),
			pseudonymSignature: encodeBase64Url(binding.pseudonymSignature),
			displayName: `${name} here`
		},
		session
	);
	// Accepts the community's guidelines as they read now, as the app does before a first post:
	// without it, sync tokens there are read only.
	if (options.acceptGuidelines ?? true) {
		const { communities } = (await (await fetch(`${origin}/api/communities`)).json()) as {
			communities: { id: string; guidelinesVersion: string }[];
		};
		const version = communities.find((c) => c.id === communityId)?.guidelinesVersion;
		const accepted = await fetch(`${origin}/api/communities/${communityId}/guidelines`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${session}` },
			body: JSON.stringify({ version })
		});
		if (accepted.status !== 204) throw new Error(`guidelines answered ${accepted.status}`);
	}
	return {
		userId,
		session,
		author: registered.pseudonymId ?? '',
		async syncToken(room) {
			const { token = '' } = await post(origin, '/api/sync-token', { room }, session);
			return token;
		}
	};
}

/** A root secret and the user id it signs in as, for naming an administrator before start. */
export function newPersonKey(): { root: Uint8Array; userId: string } {
	const root = newRootSecret();
	return { root, userId: userIdFromPublicKey(deriveIdentityKeyPair(root).publicKey) };
}
