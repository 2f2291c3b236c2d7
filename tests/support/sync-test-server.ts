// Starts the whole Hearth server (as main.ts wires it) on 127.0.0.1, port 0, with the sync
// endpoint plugged in and a test store behind it, so sync tests go through the same HTTP
// upgrade path as production.
import { makeTempFolders, type TempFolders } from '../server/fake-build';
import { tokenFromRequest, type Authorized, type Refusal } from '../../server/sync/access';
import {
	createSyncEndpoint,
	type SyncEndpoint,
	type SyncEndpointOptions
} from '../../server/sync/sync-endpoint';
import { startTestServer, type TestServer } from './start-server';
import { SyncTestStore } from './sync-test-store';

/** Test tokens and what each grants; any other token is unauthenticated. */
export const TOKENS = {
	alice: { userId: 'alice', canWrite: true, awareness: true },
	bob: { userId: 'bob', canWrite: true, awareness: true },
	carol: { userId: 'carol', canWrite: true, awareness: true },
	/** May read and write, but shares and sees no presence. */
	quiet: { userId: 'quinn', canWrite: true, awareness: false },
	reader: { userId: 'rita', canWrite: false, awareness: true },
	expired: { refused: 'unauthenticated' },
	outsider: { refused: 'forbidden' },
	greedy: { refused: 'too-many-connections' }
} satisfies Record<string, Authorized | Refusal>;

export type TestToken = keyof typeof TOKENS;

const GRANTS = new Map<string, Authorized | Refusal>(Object.entries(TOKENS));

export interface SyncTestServer {
	/** ws://127.0.0.1:<port>/sync, the serverUrl a WebsocketProvider takes. */
	syncUrl: string;
	port: number;
	store: SyncTestStore;
	endpoint: SyncEndpoint;
	/** Rooms authorize was asked about, in order. */
	authorized: string[];
	close(): Promise<void>;
}

export async function startSyncTestServer(
	options: Partial<SyncEndpointOptions> = {}
): Promise<SyncTestServer> {
	const store = new SyncTestStore();
	const authorized: string[] = [];
	const endpoint = createSyncEndpoint({
		store,
		authorize: async (req, room) => {
			authorized.push(room);
			// Rooms named "gone-…" do not exist.
			if (room.startsWith('gone-')) return { refused: 'unknown-room' };
			return GRANTS.get(tokenFromRequest(req) ?? '') ?? { refused: 'unauthenticated' };
		},
		...options
	});
	const folders: TempFolders = await makeTempFolders();
	let app: TestServer;
	try {
		app = await startTestServer({ ...folders, sync: endpoint });
	} catch (cause: unknown) {
		await folders.remove();
		throw cause;
	}
	return {
		syncUrl: `ws://127.0.0.1:${app.port}/sync`,
		port: app.port,
		store,
		endpoint,
		authorized,
		async close() {
			await app.close();
			await store.close();
			await folders.remove();
		}
	};
}
