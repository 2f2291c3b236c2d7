/**
 * Starts what every page needs, in order: storage, then settings, then the journal. Pages render
 * at once and show their own loading state; nothing here waits on the network.
 */
import { openStorage } from '../storage/open-storage';
import { StorageUnavailableError } from '../storage/storage-errors';
import { journal } from './journal.svelte';
import { settings } from './settings.svelte';
import { identity } from './identity.svelte';
import { storageHealth, reportStorageError } from './storage-health.svelte';
import { newId } from '../domain/ids';

let started: Promise<void> | null = null;

export function startApp(): Promise<void> {
	started ??= start();
	return started;
}

async function start(): Promise<void> {
	try {
		const storage = await openStorage();
		await settings.attach(storage.settings);
		await identity.attach(storage.identity);
		let device = settings.values.deviceId;
		if (!device) {
			device = newId();
			await settings.set('deviceId', device);
		}
		await journal.attach(storage.journal, device);
		// Loaded apart, so pages without communities do not carry their code (nor Yjs).
		void import('./communities.svelte')
			.then(({ communities }) =>
				communities.attach({ ...storage, identity, sync: { origin: location.origin } })
			)
			.catch((e: unknown) => console.error('Communities did not start', e));
	} catch (e: unknown) {
		if (e instanceof StorageUnavailableError) {
			storageHealth.report('unavailable');
			journal.status = 'failed';
			identity.status = 'failed';
			void import('./communities.svelte')
				.then(({ communities }) => (communities.status = 'failed'))
				.catch((err: unknown) => console.error('Communities did not start', err));
		} else {
			reportStorageError(e);
		}
	}
}
