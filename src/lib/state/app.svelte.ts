/**
 * Starts what every page needs, in order: storage, then settings, then the journal. Pages render
 * at once and show their own loading state; nothing here waits on the network.
 *
 * Communities are started apart (`startCommunities`), so pages without them carry neither their
 * code nor Yjs: at start only for someone who joined one (their communities keep syncing, and
 * replies to them arrive, whichever page is open), otherwise when a community page asks.
 */
import { openStorage, type HearthStorage } from '../storage/open-storage';
import { StorageUnavailableError } from '../storage/storage-errors';
import { journal } from './journal.svelte';
import { settings } from './settings.svelte';
import { identity, IdentityNotReadyError } from './identity.svelte';
import { storageHealth, reportStorageError } from './storage-health.svelte';
import { newId } from '../domain/ids';
import { moderation } from './moderation.svelte';
import { notices } from './notices.svelte';
import { untrack } from 'svelte';
import { connectivity } from './connectivity.svelte';
import { moderationActions } from './moderation-actions';
import { moderatorRole } from './moderator-role.svelte';

/** The storage every state started over; null when it could not be opened or read. */
let started: Promise<HearthStorage | null> | null = null;
let communitiesStarted: Promise<void> | null = null;

export async function startApp(): Promise<void> {
	started ??= start();
	await started;
}

/** Starts the communities state, once; community pages call it, and `startApp` when needed. */
export function startCommunities(): Promise<void> {
	communitiesStarted ??= attachCommunities();
	return communitiesStarted;
}

async function start(): Promise<HearthStorage | null> {
	let storage: HearthStorage;
	try {
		storage = await openStorage();
		await settings.attach(storage.settings);
		await identity.attach(storage.identity);
		let device = settings.values.deviceId;
		if (!device) {
			device = newId();
			await settings.set('deviceId', device);
		}
		await journal.attach(storage.journal, device);
		// Notices (and whether this person moderates) read from the device, then the server.
		const moderationDeps = { cache: storage.moderationCache, session: identity };
		void notices.attach({ ...moderationDeps, followConnectivity: true });
		void moderation.attach(moderationDeps);
		moderationActions.attach({
			outbox: storage.outbox,
			session: identity,
			origin: location.origin
		});
		followModeration();
	} catch (e: unknown) {
		if (e instanceof StorageUnavailableError) {
			storageHealth.report('unavailable');
			journal.status = 'failed';
			identity.status = 'failed';
		} else {
			reportStorageError(e);
		}
		return null;
	}
	// Unreadable here would be unreadable there too: starting lets the community state say so.
	if (await storage.hasJoinedCommunity().catch(() => true)) void startCommunities();
	return storage;
}

/**
 * Reports and audit entries kept offline go when a connection appears; rooms learn whether this
 * person moderates them from the roles the moderation state keeps.
 */
function followModeration(): void {
	$effect.root(() => {
		$effect(() => {
			if (connectivity.status === 'online') untrack(() => void moderationActions.flush());
		});
		$effect(() => moderatorRole.set(moderation.roles));
	});
}

async function attachCommunities(): Promise<void> {
	try {
		started ??= start();
		const [{ communities }, storage] = await Promise.all([import('./communities.svelte'), started]);
		if (storage === null) {
			communities.status = 'failed';
			return;
		}
		const { communities: repository, documents } = await storage
			.communityStorage()
			.catch((e: unknown) => {
				communities.status = 'failed';
				throw e;
			});
		// A room knows the person's pseudonym at once, so the key code comes first. Without an
		// identity, rooms still open and say why the person cannot write.
		await identity.loadKeys().catch((e: unknown) => {
			if (!(e instanceof IdentityNotReadyError)) console.warn('Identity keys not loaded', e);
		});
		await communities.attach({
			communities: repository,
			documents,
			identity,
			sync: { origin: location.origin }
		});
	} catch (e: unknown) {
		console.error('Communities did not start', e);
	}
}
