/**
 * Persistent storage: whether the browser has promised to keep Hearth's data, and how much space
 * Hearth uses. The request is made once, after the person first saves something (browsers decide
 * by engagement, and asking on a first glance tends to be refused).
 */
import {
	readStorageStatus,
	requestPersistence,
	type StorageStatus
} from '../storage/storage-status';
import { settings } from './settings.svelte';

class DeviceStorageState {
	status = $state<StorageStatus | null>(null);
	/** The browser refused a request made from settings just now. */
	refused = $state(false);

	async refresh(): Promise<void> {
		this.status = await readStorageStatus();
	}

	/** Asks once, quietly, after the first save. */
	async askOnce(): Promise<void> {
		if (settings.values.persistAsked) return;
		await settings.set('persistAsked', true);
		await requestPersistence();
	}

	async ask(): Promise<void> {
		const granted = await requestPersistence();
		this.refused = granted !== true;
		await this.refresh();
	}
}

export const deviceStorage = new DeviceStorageState();
