// Assembles the whole Hearth server from its parts: the document store and its compactor, the
// identity store and tokens, the JSON API, the sync endpoint, and the static app. main.ts calls
// this with the environment's settings; browser tests call it with temporary folders.
//
// Shutdown order matters: the HTTP server first (the sync endpoint waits for updates still
// being stored, and judged by the update gate), then the compactor, then the stores.
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { createApi } from './api/create-api';
import { createAccountEraser, type AccountEraser } from './account/account-eraser';
import type { IdentityStore } from './identity/identity-store';
import { authorizeSync, type AuthorizeSync } from './api/authorize-sync';
import { loadCommunities } from './api/communities';
import { createHearthServer, type HearthServer } from './create-server';
import { openSqliteIdentityStore } from './identity/sqlite-identity-store';
import { createTokenService } from './identity/tokens';
import { loadTokenSecret } from './identity/token-secret';
import type { Logger } from './logger';
import { collectGarbage } from './store/collect-garbage';
import { createCompactor } from './store/compactor';
import { openSqliteDocumentStore, SQLITE_FILE_NAME } from './store/sqlite-document-store';
import { splitUpdate } from '../src/lib/sync/split-update';
import { isRefusal, type Authorize } from './sync/access';
import {
	createSyncEndpoint,
	type SyncEndpoint,
	type SyncEndpointOptions
} from './sync/sync-endpoint';
import { CLOSE } from './sync/protocol';
import type { ModerationStore } from './moderation/moderation-store';
import { createUpdateGate } from './sync/update-gate';
import { createWriteBudget, type WriteBudgetOptions } from './sync/write-budget';
import { openSqliteModerationStore } from './moderation/sqlite-moderation-store';
import { createNoticeRecorder } from './moderation/record-notices';
import { openSqliteClientBindingStore } from './store/sqlite-client-binding-store';
import { UsageMeter } from './usage/usage-meter';

export interface AssembleOptions {
	buildDir: string;
	dataDir: string;
	/** The operator's communities file. */
	communitiesFile: string;
	log: Logger;
	/** Origins the app is served from, when known (checked on sign-in and WebSocket upgrades). */
	allowedOrigins?: string[];
	buildPollMs?: number;
	/** User ids of the server's administrators (HEARTH_ADMINS); default: nobody. */
	admins?: readonly string[];
	/** Each person's write limits on the sync endpoint; the defaults of write-budget.ts if absent. */
	writeBudget?: Partial<WriteBudgetOptions>;
	/** When a busy room's sockets share one compressed stream; the defaults of room-stream.ts. */
	roomStream?: SyncEndpointOptions['roomStream'];
}

/** The assembled server, and what its sync endpoint can say about a room (for tests). */
export interface AssembledServer extends HearthServer {
	roomStream: SyncEndpoint['roomStream'];
}

export async function assembleServer(options: AssembleOptions): Promise<AssembledServer> {
	const { dataDir, log } = options;
	await mkdir(dataDir, { recursive: true });
	const communities = await loadCommunities(options.communitiesFile);
	const store = openSqliteDocumentStore(dataDir);
	const identities = openSqliteIdentityStore(join(dataDir, SQLITE_FILE_NAME));
	const bindings = openSqliteClientBindingStore(join(dataDir, SQLITE_FILE_NAME));
	const moderation = openSqliteModerationStore(join(dataDir, SQLITE_FILE_NAME));
	const tokens = createTokenService({ secret: await loadTokenSecret(dataDir, log) });
	const compactor = createCompactor({
		store,
		logger: { warn: (message, cause) => log.error(message, cause) },
		// Rebuilt from a garbage-collected document: deleted posts do not linger in the store.
		rebuild: (updates, maxPieceBytes) => splitUpdate(collectGarbage(updates), maxPieceBytes)
	});
	const eraser = createAccountEraser({
		identities,
		moderation,
		bindings,
		documents: store,
		// The sync endpoint is made below; an account is only deleted once the server listens.
		sync: () => sync,
		compactNow: (room) => compactor.compactNow(room),
		log
	});
	// Each phone's sync bytes this month, counted by the sync endpoint, read through the API.
	const usage = new UsageMeter();
	const api = createApi({
		usage,
		deleteAccount: (userId) => eraser.erase(userId),
		identities,
		tokens,
		communities,
		documents: store,
		moderation,
		admins: options.admins,
		// The sync endpoint is made below; a mute or demotion only comes once the server listens.
		closeConnectionsIn: (userId, communityId) =>
			sync.closeConnectionsOf(
				userId,
				(room) => room.startsWith(`community:${communityId}:`),
				CLOSE.FORBIDDEN
			),
		log,
		allowedOrigins: options.allowedOrigins
	});
	const sync = createSyncEndpoint({
		store,
		authorize: unlessMuted(
			syncAccess(whileAccountExists(authorizeSync(tokens, communities), identities, eraser)),
			moderation
		),
		// Moderators' marks and removals are accepted by asking the moderation store on each
		// update, so appointing or removing a moderator counts from their next update on.
		gate: createUpdateGate({
			bindings,
			isModerator: (userId, communityId) => moderation.isModerator(userId, communityId),
			blockersAmong: (communityId, sender, authors) =>
				moderation.blockersAmong(communityId, sender, authors),
			onModeration: createNoticeRecorder({ identities, moderation }),
			log
		}),
		// Per identity, never per address: people behind one carrier NAT each have their own.
		writeBudget: createWriteBudget(options.writeBudget),
		log,
		allowedOrigins: options.allowedOrigins,
		onUpdateStored: (room) => compactor.schedule(room),
		onAccepted: (req, socket) => usage.watch(req, socket),
		roomStream: options.roomStream
	});
	const server = createHearthServer({
		buildDir: options.buildDir,
		dataDir,
		log,
		api,
		sync,
		buildPollMs: options.buildPollMs
	});
	return {
		listen: (port, host) => server.listen(port, host),
		refreshBuild: () => server.refreshBuild(),
		roomStream: (room) => sync.roomStream(room),
		async close() {
			await server.close();
			await compactor.close();
			await store.close();
			await identities.close();
			await bindings.close();
			await moderation.close();
		}
	};
}

/**
 * A muted person's connections to their community's rooms are read only, even on a sync token
 * issued before the mute: checked at every connection, which is enough because muting closes the
 * connections they had open.
 */
function unlessMuted(authorize: Authorize, moderation: ModerationStore): Authorize {
	return async (req, room) => {
		const result = await authorize(req, room);
		const communityId = /^community:([^:]+):/.exec(room)?.[1];
		if (isRefusal(result) || communityId === undefined || !result.canWrite) return result;
		const muted = await moderation.activeMute(result.userId, communityId, Date.now());
		return muted ? { ...result, author: null, canWrite: false } : result;
	};
}

/**
 * A sync token opens nothing once its identity is deleted, or while it is being deleted, or when
 * it was issued before the identity it names was made (a key deleted and registered again).
 */
function whileAccountExists(
	authorize: AuthorizeSync,
	identities: IdentityStore,
	eraser: AccountEraser
): AuthorizeSync {
	return async (req, room) => {
		const result = await authorize(req, room);
		if ('refusal' in result) return result;
		const identity = await identities.getIdentity(result.userId);
		if (!identity || identity.createdAt > result.issuedAt || eraser.isErasing(result.userId)) {
			return { refusal: 'invalid-token' };
		}
		return result;
	};
}

/** The API's view of a sync request, in the sync endpoint's terms (see server/sync/access.ts). */
function syncAccess(authorize: AuthorizeSync): Authorize {
	return async (req, room) => {
		const result = await authorize(req, room);
		if (!('refusal' in result)) return result;
		switch (result.refusal) {
			case 'missing-token':
			case 'expired':
			case 'invalid-token':
				return { refused: 'unauthenticated' };
			case 'forbidden':
				return { refused: 'forbidden' };
			case 'unknown-room':
				return { refused: 'unknown-room' };
		}
	};
}
